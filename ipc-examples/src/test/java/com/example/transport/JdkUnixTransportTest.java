package com.example.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.AddressInUseException;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.api.tck.jdk.JdkUnixTransport;
import dev.localipc.core.IpcClient;
import dev.localipc.core.IpcServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The transport of docs/TRANSPORTS.md works: found by name through ServiceLoader, and carries localipc. */
@DisabledOnOs(OS.WINDOWS)
class JdkUnixTransportTest {
    @TempDir
    Path temp;

    @Test
    void isFoundByNameButNeverChosenByDefault() {
        TransportProvider provider = Transports.byName("jdk-unix");
        assertInstanceOf(JdkUnixTransport.class, provider);
        assertFalse(Transports.select() instanceof JdkUnixTransport, "priority -1: only on demand");
    }

    @Test
    void carriesRequestsAndCleansUp() throws Exception {
        TransportProvider provider = Transports.byName("jdk-unix");
        Endpoint endpoint = Endpoint.of("hello", "custom").withRuntimeDirectory(temp.resolve("run"));
        Path socket;
        Path token;
        try (IpcServer server = IpcServer.builder(endpoint).transport(provider)
                .onRequest("echo", Map.class, (ctx, params) -> params)
                .build().start()) {
            socket = Path.of(server.address().location());
            token = server.address().tokenFile();
            assertEquals("jdk-unix", server.address().transport());
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
            try (IpcClient client = IpcClient.builder(endpoint).transport(provider).token(server.token()).connect()) {
                assertEquals(Map.of("a", "b"), client.request("echo", Map.of("a", "b"), Map.class).get(20, TimeUnit.SECONDS));
            }
            AddressInUseException inUse = assertThrows(AddressInUseException.class,
                    () -> IpcServer.builder(endpoint).transport(provider).build().start());
            assertTrue(inUse.getMessage().startsWith("address in use: a server already answers on "), inUse.getMessage());
        }
        assertFalse(Files.exists(socket));
        assertFalse(Files.exists(token));
    }
}
