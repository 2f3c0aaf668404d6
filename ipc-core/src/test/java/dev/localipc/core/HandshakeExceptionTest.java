package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.Endpoint;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A refused handshake keeps the server's own words, and its advice fits the limit that was hit. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "holds a handshake slot with a JDK AF_UNIX socket")
class HandshakeExceptionTest {
    @TempDir
    Path temp;

    private Endpoint endpoint() {
        return Endpoint.builder("hs").name("full").runtimeDirectory(temp.resolve("run")).build();
    }

    @Test
    void tooManyClientsAdvisesMaxClients() throws Exception {
        try (IpcServer server = IpcServer.builder(endpoint()).maxClients(1).build().start();
             IpcClient first = IpcClient.builder(endpoint()).token(server.token()).reconnect(false).connect()) {
            HandshakeException refused = assertThrows(HandshakeException.class,
                    () -> IpcClient.builder(endpoint()).token(server.token()).reconnect(false).connect().close());
            assertEquals("too many clients: this server serves at most 1", refused.serverMessage());
            assertEquals("the server is full (-32006 too many clients: this server serves at most 1): try again later"
                    + " or raise its maxClients", refused.getMessage());
            assertTrue(first.isReady(), "the first client is unaffected");
        }
    }
}
