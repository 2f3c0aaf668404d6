package dev.localipc.core;

import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import java.util.UUID;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The protocol suite over the real Windows named-pipe transport: on Windows (the CI matrix), and
 * on Linux under Wine ({@code ipc-transport-windows/scripts/test-on-wine.sh} runs it there).
 * Pipe names are global to the machine, so each test's endpoint has a name of its own.
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsPipesProtocolTest extends ProtocolConformanceSuite {
    private final String unique = UUID.randomUUID().toString().substring(0, 12);

    @Override
    protected TransportProvider transport() {
        return Transports.byName("windows");
    }

    @Override
    protected Endpoint endpoint() {
        Endpoint base = super.endpoint();
        return Endpoint.builder(base.application()).name("ep" + unique).runtimeDirectory(base.runtimeDirectory().orElseThrow())
                .build();
    }

    /** Fewer than over sockets: every client is a pipe instance and a thread pair. */
    @Override
    protected int manyClients() {
        return 100;
    }
}
