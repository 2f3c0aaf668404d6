package dev.localipc.transport.unix.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The directory of an explicit socket path ({@link dev.localipc.api.Endpoint#ofSocketPath(String)}):
 * not localipc's, so it is neither created nor required to be private, but it must exist, be a
 * directory, and let nobody but this user (and root) replace or remove the entries it holds.
 * That holds in a directory only this user (or root) can write, and in a sticky one such as
 * {@code /tmp} owned by this user or root, where only a file's owner may rename or delete it.
 * Elsewhere another user could swap the socket for a symbolic link while the server sets its
 * mode (a path-based chmod follows links), so the server refuses to start there.
 *
 * <pre>{@code
 * SocketPathDirectory.check(Path.of("/tmp/evals-1-2.sock"), CurrentUser.uid()); // /tmp: sticky, root's
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class SocketPathDirectory {
    private static final int STICKY = 01000;
    private static final int GROUP_OR_OTHERS_WRITE = 0022;

    private SocketPathDirectory() {
    }

    /**
     * Checks the directory of {@code socket} (a symbolic link to a directory is followed: on macOS
     * {@code /tmp} is one).
     *
     * @throws IOException naming the socket, the directory, what is wrong and the fix
     */
    public static void check(Path socket, long ownUid) throws IOException {
        Path directory = socket.toAbsolutePath().getParent();
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(directory, "unix:mode,uid,isDirectory");
        } catch (NoSuchFileException missing) {
            throw new IOException("cannot listen on " + socket + ": its directory " + directory + " does not exist;"
                    + " localipc creates no directory for an explicit socket path: create it first, or choose a"
                    + " socket path in an existing directory", missing);
        }
        if (!(Boolean) attributes.get("isDirectory")) {
            throw new IOException("cannot listen on " + socket + ": " + directory + " is not a directory: choose a"
                    + " socket path in an existing directory");
        }
        int mode = (Integer) attributes.get("mode");
        long owner = ((Number) attributes.get("uid")).longValue();
        String described = "its directory " + directory + " (mode " + String.format("%04o", mode & 07777) + ", owner uid "
                + owner + ")";
        if (owner != ownUid && owner != 0) {
            throw new IOException("cannot listen on " + socket + ": " + described + " belongs to another user, who"
                    + " could replace or remove the socket: choose a socket path in a directory of your own, or in a"
                    + " sticky one of root's such as /tmp");
        }
        if ((mode & GROUP_OR_OTHERS_WRITE) != 0 && (mode & STICKY) == 0) {
            throw new IOException("cannot listen on " + socket + ": " + described + " lets other users replace or"
                    + " remove the socket (writable by group or others, without the sticky bit): choose a socket path"
                    + " in a directory only you can write, or in a sticky one such as /tmp");
        }
    }
}
