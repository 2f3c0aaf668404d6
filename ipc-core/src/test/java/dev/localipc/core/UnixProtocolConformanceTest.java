package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.api.spi.UntrustedServerException;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The protocol suite over the product's Unix domain socket transport (junixsocket). */
@DisabledOnOs(OS.WINDOWS)
class UnixProtocolConformanceTest extends ProtocolConformanceSuite {
    @Override
    protected TransportProvider transport() {
        return Transports.byName("unix");
    }

    @Test
    void clientRefusesAServerOfAnotherUserBeforeSendingTheToken() throws Exception {
        IpcServer server = start(server());
        long me = ((Number) Files.getAttribute(directory, "unix:uid")).longValue();
        IOException refused = assertThrows(IOException.class, () -> connect(client(server).serverUid(me + 1)));
        assertInstanceOf(UntrustedServerException.class, refused, refused.toString());
        assertTrue(server.clients().isEmpty());
    }
}
