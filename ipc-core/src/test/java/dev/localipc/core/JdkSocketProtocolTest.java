package dev.localipc.core;

import dev.localipc.api.spi.TransportProvider;

/** Runs the protocol suite over the JDK's own AF_UNIX channels (no product transport needed). */
class JdkSocketProtocolTest extends ProtocolConformanceSuite {
    @Override
    protected TransportProvider transport() {
        return new JdkUnixTestTransport();
    }
}
