package dev.localipc.transport.unix;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.TransportAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The unix transport passes the transport compatibility suite at explicit socket paths too: the
 * same run as {@link UnixTransportCompatibilityTest}, with addresses from Endpoint.ofSocketPath.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the unix transport is not used on Windows")
class ExplicitSocketPathCompatibilityTest extends UnixTransportCompatibilityTest {
    @Override
    protected TransportAddress freshAddress(Path tempDir) {
        return provider().resolve(Endpoint.ofSocketPath(tempDir.resolve("tck.sock")));
    }
}
