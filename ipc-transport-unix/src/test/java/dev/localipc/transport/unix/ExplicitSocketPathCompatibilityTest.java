package dev.localipc.transport.unix;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.api.spi.VirtualThreads;
import dev.localipc.api.tck.TransportCompatibilitySuite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The unix transport passes the transport compatibility suite at explicit socket paths too. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the unix transport is not used on Windows")
class ExplicitSocketPathCompatibilityTest extends TransportCompatibilitySuite {
    private final UnixTransportProvider provider = new UnixTransportProvider();

    @Override
    protected TransportProvider provider() {
        return provider;
    }

    @Override
    protected TransportAddress freshAddress(Path tempDir) throws IOException {
        return provider.resolve(Endpoint.ofSocketPath(tempDir.resolve("tck.sock")));
    }

    @Override
    protected boolean leaveStale(TransportAddress address) throws IOException {
        StaleSockets.leave(address);
        return true;
    }

    @Override
    protected ThreadFactory threadFactory() {
        return VirtualThreads.factory("tck-");
    }

    @Override
    protected Optional<Path> endpointFile(TransportAddress address) {
        return Optional.of(Path.of(address.location()));
    }
}
