package dev.localipc.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import org.junit.jupiter.api.BeforeEach;

/**
 * The protocol suite over the Windows named-pipe transport's real code running on the in-memory
 * Win32 model ({@code windows-model}, from the ipc-transport-windows test-jar), on any OS.
 * Skipped, visibly, when that test-jar provides no such transport.
 */
class WindowsModelProtocolTest extends ProtocolConformanceSuite {
    private static final TransportProvider MODEL = Transports.providers().stream()
            .filter(provider -> provider.name().equals("windows-model")).findFirst().orElse(null);

    @BeforeEach
    void requireTheModel() {
        assumeTrue(MODEL != null, "no windows-model transport on the test class path (ipc-transport-windows test-jar)");
    }

    @Override
    protected TransportProvider transport() {
        return MODEL;
    }

    /** Fewer than over sockets, to keep the run over the model short. */
    @Override
    protected int manyClients() {
        return 100;
    }
}
