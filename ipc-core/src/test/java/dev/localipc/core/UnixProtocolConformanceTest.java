package dev.localipc.core;

import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The protocol suite over the product's Unix domain socket transport (junixsocket). */
@DisabledOnOs(OS.WINDOWS)
class UnixProtocolConformanceTest extends ProtocolConformanceSuite {
    @Override
    protected TransportProvider transport() {
        return Transports.byName("unix");
    }
}
