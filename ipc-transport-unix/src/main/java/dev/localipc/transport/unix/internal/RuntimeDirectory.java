package dev.localipc.transport.unix.internal;

import dev.localipc.api.PrivateDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The private directory that holds the socket and token files (PROTOCOL.md section 6): a
 * {@link PrivateDirectory} (a real directory, not a symbolic link, owned by the current user,
 * mode exactly 0700). It is the barrier that keeps other users away from the socket.
 *
 * <pre>{@code
 * RuntimeDirectory.prepare(Path.of("/run/user/1000/myapp"), CurrentUser.uid());
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class RuntimeDirectory {
    /** rwx------ */
    public static final Set<PosixFilePermission> OWNER_ONLY = PrivateDirectory.OWNER_ONLY;

    /** How errors name the runtime directory and the way out. */
    static final PrivateDirectory.Role ROLE = PrivateDirectory.Role.of("runtime directory", "the socket",
            "set LOCALIPC_RUNTIME_DIR to a private directory of your own");

    private RuntimeDirectory() {
    }

    /**
     * Creates {@code directory} with mode 0700 (and its missing parents with the default mode),
     * or checks the existing one.
     *
     * @throws IOException naming the directory, what is wrong with it and how to fix it
     */
    public static PrivateDirectory prepare(Path directory, long uid) throws IOException {
        return PrivateDirectory.open(directory, uid, ROLE);
    }

    /** The owner's uid of {@code path}, not following a final symbolic link. */
    static long owner(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }
}
