package dev.localipc.core;

import dev.localipc.api.spi.TransportProvider;
import dev.localipc.api.tck.jdk.JdkUnixTransport;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Runs the protocol suite over the JDK's own AF_UNIX channels (no product transport needed). */
@DisabledOnOs(OS.WINDOWS) // the JDK transport needs SO_PEERCRED and POSIX permissions
class JdkSocketProtocolTest extends ProtocolConformanceSuite {
    @Override
    protected TransportProvider transport() {
        return new JdkUnixTransport();
    }
}
