package dev.localipc.transport.unix;

import dev.localipc.api.spi.TransportAddress;
import dev.localipc.transport.unix.internal.CurrentUser;
import dev.localipc.transport.unix.internal.RuntimeDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Leaves what a server killed with SIGKILL leaves: a socket file nobody listens on. */
final class StaleSockets {
    private StaleSockets() {
    }

    static Path leave(TransportAddress address) throws IOException {
        if (address.isInRuntimeDirectory()) {
            RuntimeDirectory.prepare(address.directory(), CurrentUser.uid());
        }
        Path socket = Path.of(address.location());
        try (AFUNIXServerSocket server = AFUNIXServerSocket.newInstance()) {
            server.setDeleteOnClose(false);
            server.bind(AFUNIXSocketAddress.of(socket));
        }
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("could not leave a stale socket file at " + socket);
        }
        return socket;
    }
}
