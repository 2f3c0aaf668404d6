package dev.localipc.transport.unix.internal;

import dev.localipc.api.spi.AddressInUseException;
import dev.localipc.api.spi.BlockingCalls;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketCredentials;
import org.newsclub.net.unix.ConnectionRefusedSocketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears the way for a bind: a socket file nobody answers on was left by a server that died
 * without cleanup and is removed; a socket a server answers on means the address is in use.
 * (junixsocket's own SO_REUSEADDR would silently take over a live server's path instead.)
 * Anything that is not a socket (a regular file, a symbolic link, a FIFO...) is refused and left
 * untouched; a symbolic link is never followed.
 *
 * <pre>{@code
 * StaleSocket.removeIfStale(socketPath, SocketPlacement.of(address), uid); // AddressInUseException if a server answers
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class StaleSocket {
    private static final Logger LOG = LoggerFactory.getLogger(StaleSocket.class);
    private static final int PROBE_TIMEOUT_MILLIS = 5000;

    private StaleSocket() {
    }

    /**
     * Removes {@code socket} if it is a stale socket file; does nothing if there is no file.
     *
     * @param placement where the socket lives, for the advice in errors
     * @param ownUid this process's uid, to tell apart another user's socket it may not even probe
     * @throws AddressInUseException if a server answers on it
     * @throws IOException naming the file if it is not a socket or cannot be removed
     */
    public static void removeIfStale(Path socket, SocketPlacement placement, long ownUid) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<FileEntry> found = FileEntry.read(socket);
            if (found.isEmpty()) {
                return;
            }
            FileEntry entry = found.get();
            if (!entry.isSocket()) {
                throw notASocket(socket, entry, placement);
            }
            if (!nobodyAnswers(socket, entry, placement, ownUid)) {
                continue; // it vanished or was replaced while probing: look again
            }
            if (deleteIfUnchanged(socket, entry.key())) {
                return;
            }
            // Another server replaced the file between the probe and the delete: probe the new one.
        }
        throw new IOException(socket + " keeps being replaced: another server is starting on the same endpoint;"
                + " start only one, or " + placement.alternative());
    }

    private static IOException notASocket(Path socket, FileEntry entry, SocketPlacement placement) {
        if (placement == SocketPlacement.RUNTIME_DIRECTORY) {
            return new IOException(socket + " exists and is not a socket: remove it, or choose another endpoint name");
        }
        return new IOException(socket + " is " + entry.type().description() + ", not a socket, so it was left untouched"
                + " (localipc replaces only a stale socket at an explicit path): remove it yourself if nothing needs it,"
                + " or choose another socket path");
    }

    /**
     * True if the socket refuses connections (stale); false if the file vanished or was replaced
     * while probing; throws {@link AddressInUseException} if a server answers.
     */
    private static boolean nobodyAnswers(Path socket, FileEntry probed, SocketPlacement placement, long ownUid)
            throws IOException {
        try (AFUNIXSocket probe = AFUNIXSocket.newInstance()) {
            AFUNIXSocketAddress target = AFUNIXSocketAddress.of(socket);
            BlockingCalls.call(() -> {
                probe.connect(target, PROBE_TIMEOUT_MILLIS);
                return null;
            }, probe, "probing " + socket);
            AFUNIXSocketCredentials server = probe.getPeerCredentials();
            String pid = server.getPid() > 0 ? "pid " + server.getPid() : "pid unknown";
            throw new AddressInUseException(socket.toString(), socket + " is in use by a running server (" + pid
                    + ", uid " + server.getUid() + "): stop it or " + placement.alternative());
        } catch (ConnectionRefusedSocketException stale) {
            return true;
        } catch (SocketException unexpected) {
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS) || !Objects.equals(probed.key(), keyOf(socket))) {
                LOG.debug("{} vanished or was replaced while probing it", socket, unexpected);
                return false;
            }
            if (probed.uid() != ownUid) {
                throw new IOException(socket + " is a socket of uid " + probed.uid() + ", which this user (uid " + ownUid
                        + ") may not connect to (" + unexpected + "), so whether its server runs cannot be told:"
                        + " another user's server, running or dead, holds the path; ask them to remove it, or "
                        + placement.alternative(), unexpected);
            }
            throw new IOException("cannot tell whether a server listens on " + socket + " (" + unexpected
                    + "): remove the file if no server runs, or " + placement.alternative(), unexpected);
        }
    }

    /**
     * Deletes the stale file if it is still the one probed (same inode and status-change time: a
     * socket bound in its place often gets the freed inode), so that a socket a concurrently
     * starting server has just bound is not removed. True when the way is clear.
     */
    private static boolean deleteIfUnchanged(Path socket, Object probedKey) throws IOException {
        try {
            if (probedKey != null && !probedKey.equals(keyOf(socket))) {
                return false;
            }
            LOG.info("removing stale socket file {}: nobody answers on it (a server died without cleanup)", socket);
            Files.deleteIfExists(socket);
            return true;
        } catch (NoSuchFileException gone) {
            return true;
        } catch (IOException failed) {
            throw new IOException("cannot remove stale socket file " + socket + " (" + failed
                    + "): remove it by hand", failed);
        }
    }

    /** The identity of what is at {@code socket} now ({@link FileEntry#key()}: inode and status-change time), or null. */
    private static Object keyOf(Path socket) throws IOException {
        return FileEntry.read(socket).map(FileEntry::key).orElse(null);
    }
}
