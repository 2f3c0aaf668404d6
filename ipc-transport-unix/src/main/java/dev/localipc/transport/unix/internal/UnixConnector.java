package dev.localipc.transport.unix.internal;

import dev.localipc.api.PeerIdentity;
import dev.localipc.api.spi.BlockingCalls;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.UntrustedServerException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketCredentials;
import org.newsclub.net.unix.ConnectionRefusedSocketException;

/**
 * Connects a client and checks the server before anything is sent (PROTOCOL.md section 6):
 * the socket's directory must be a real directory owned by the expected user, and the server's
 * peer uid must be that user's. Otherwise the socket is closed and
 * {@link UntrustedServerException} names both uids. At an explicit socket path
 * ({@link TransportAddress#isInRuntimeDirectory()} false) the directory is someone else's (often
 * {@code /tmp}) and is not checked; the server's peer uid still is.
 *
 * <pre>{@code
 * UnixConnection connection = UnixConnector.connect(address, ConnectOptions.defaults(), CurrentUser.uid());
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class UnixConnector {

    private UnixConnector() {
    }

    /**
     * Connects to {@code address} as user {@code ownUid}.
     *
     * @throws ConnectException naming the socket when no server listens
     * @throws UntrustedServerException if the directory (in a runtime directory) or the server belongs to another
     *         user than expected
     * @throws IOException naming the socket for any other failure
     */
    public static UnixConnection connect(TransportAddress address, ConnectOptions options, long ownUid) throws IOException {
        Path socket = Path.of(address.location());
        long expected = options.expectedServerUid().orElse(ownUid);
        if (address.isInRuntimeDirectory()) {
            checkDirectory(address.directory(), socket, expected);
        }

        AFUNIXSocket connection = AFUNIXSocket.newInstance();
        try {
            AFUNIXSocketAddress target = AFUNIXSocketAddress.of(socket);
            BlockingCalls.call(() -> {
                connection.connect(target, timeoutMillis(options));
                return null;
            }, connection, "connecting to " + socket);
            AFUNIXSocketCredentials server = connection.getPeerCredentials();
            if (server.getUid() != expected) {
                throw new UntrustedServerException("the server on " + socket + " runs as uid " + server.getUid()
                        + " (pid " + server.getPid() + "), but uid " + expected + " was expected; nothing was sent:"
                        + " check which process owns the socket, or set ConnectOptions.expectedServerUid");
            }
            return new UnixConnection(connection, PeerIdentity.unix(server.getPid(), server.getUid(), server.getGid()),
                    address);
        } catch (ConnectionRefusedSocketException refused) {
            throw close(connection, noServer(socket, "connection refused", refused));
        } catch (SocketException failed) {
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                throw close(connection, noServer(socket, "there is no socket file", failed));
            }
            throw close(connection, new IOException("cannot connect to " + socket + ": " + failed
                    + ": check that the server runs as your user and the socket is reachable", failed));
        } catch (IOException | RuntimeException | Error failure) {
            close(connection, failure);
            throw failure;
        }
    }

    private static void checkDirectory(Path directory, Path socket, long expected) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(directory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            throw noServer(socket, "its directory " + directory + " does not exist", missing);
        }
        if (attributes.isSymbolicLink() || !attributes.isDirectory()) {
            throw new UntrustedServerException("the directory " + directory + " of " + socket
                    + " is not a real directory (a symbolic link or a file), so it may lead to another user's server;"
                    + " nothing was sent: remove it, or point LOCALIPC_RUNTIME_DIR at the server's real directory");
        }
        long owner = RuntimeDirectory.owner(directory);
        if (owner != expected) {
            throw new UntrustedServerException("the directory " + directory + " of " + socket + " is owned by uid "
                    + owner + ", but uid " + expected + " was expected; nothing was sent: check who created it,"
                    + " or set ConnectOptions.expectedServerUid");
        }
    }

    private static ConnectException noServer(Path socket, String why, Exception cause) {
        ConnectException failure = new ConnectException("no server is listening on " + socket + " (" + why
                + "): start the server first");
        failure.initCause(cause);
        return failure;
    }

    private static int timeoutMillis(ConnectOptions options) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, options.timeout().toMillis()));
    }

    private static <T extends Throwable> T close(AFUNIXSocket connection, T failure) {
        try {
            connection.close();
        } catch (IOException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
        return failure;
    }
}
