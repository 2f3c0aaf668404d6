package dev.localipc.api.tck.jdk;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.api.tck.TransportCompatibilitySuite;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The example transport of docs/TRANSPORTS.md passes the transport compatibility suite, as every transport must. */
@DisabledOnOs(OS.WINDOWS)
class JdkUnixTransportCompatibilityTest extends TransportCompatibilitySuite {
    @Override
    protected TransportProvider provider() {
        return new JdkUnixTransport();
    }

    @Override
    protected TransportAddress freshAddress(Path tempDir) {
        return provider().resolve(Endpoint.builder("tck").name("e").runtimeDirectory(tempDir.resolve("run")).build());
    }

    @Override
    protected boolean leaveStale(TransportAddress address) throws IOException {
        Files.createDirectories(address.directory(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(address.location())); // closing leaves the socket file behind
        }
        return true;
    }

    @Override
    protected Optional<Path> endpointFile(TransportAddress address) {
        return Optional.of(Path.of(address.location()));
    }

    @Override
    protected boolean reportsPeerPid() {
        return false; // SO_PEERCRED through jdk.net gives the user and group, not the pid
    }
}
