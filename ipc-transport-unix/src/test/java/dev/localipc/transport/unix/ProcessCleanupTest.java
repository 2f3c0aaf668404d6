package dev.localipc.transport.unix;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A server in another JVM cleans up on SIGTERM; after SIGKILL the next server replaces the stale socket. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the unix transport is not used on Windows")
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessCleanupTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final UnixTransportProvider unix = new UnixTransportProvider();

    @TempDir
    Path tempDir;

    @Test
    void sigtermRemovesTheSocketAndTheTokenFile() throws Exception {
        Path directory = tempDir.resolve("run");
        TransportAddress address = address(directory);
        try (TestJvm server = startServer(directory)) {
            assertEquals("READY " + address.location(), server.awaitLine("READY", WAIT));
            assertTrue(exists(Path.of(address.location())));
            assertEquals(TOKEN, Files.readString(address.tokenFile()));
            assertEcho(address);

            server.process().destroy(); // SIGTERM
            server.awaitExit(WAIT);
            assertFalse(exists(Path.of(address.location())), "socket file left after SIGTERM; output: " + server.output());
            assertFalse(exists(address.tokenFile()), "token file left after SIGTERM; output: " + server.output());
        }
    }

    @Test
    void afterSigkillTheNextServerReplacesTheStaleSocket() throws Exception {
        Path directory = tempDir.resolve("run");
        TransportAddress address = address(directory);
        try (TestJvm killed = startServer(directory)) {
            killed.awaitLine("READY", WAIT);
            killed.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
            killed.awaitExit(WAIT);
        }
        assertTrue(exists(Path.of(address.location())), "SIGKILL should leave the socket file behind");

        try (TestJvm next = startServer(directory)) {
            assertEquals("READY " + address.location(), next.awaitLine("READY", WAIT));
            assertEcho(address);
            next.process().destroy();
            next.awaitExit(WAIT);
        }
        assertFalse(exists(Path.of(address.location())));
    }

    private TransportAddress address(Path directory) {
        return unix.resolve(Endpoint.builder("test").name("cleanup").runtimeDirectory(directory).build());
    }

    private static TestJvm startServer(Path directory) throws Exception {
        return TestJvm.start(List.of(TestJvm.java(), "-cp", TestJvm.classPath(), EchoServerMain.class.getName(),
                directory.toString(), "cleanup", TOKEN));
    }

    private void assertEcho(TransportAddress address) throws Exception {
        try (TransportConnection client = unix.connect(address, ConnectOptions.defaults())) {
            client.output().write("ping".getBytes(UTF_8));
            client.shutdownOutput();
            assertEquals("ping", new String(client.input().readAllBytes(), UTF_8));
        }
    }

    private static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }
}
