package dev.localipc.transport.unix.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private directory that holds the socket and token files (PROTOCOL.md section 6): a real
 * directory, not a symbolic link, owned by the current user, mode exactly 0700. It is the
 * barrier that keeps other users away from the socket.
 *
 * <pre>{@code
 * RuntimeDirectory.prepare(Path.of("/run/user/1000/myapp"), CurrentUser.uid());
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class RuntimeDirectory {
    /** rwx------ */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeDirectory.class);

    private RuntimeDirectory() {
    }

    /**
     * Creates {@code directory} with mode 0700 (and its missing parents with the default mode),
     * or checks the existing one.
     *
     * @throws IOException naming the directory, what is wrong with it and how to fix it
     */
    public static void prepare(Path directory, long uid) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Path parent = directory.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                createPrivate(directory);
            } catch (IOException failed) {
                throw new IOException("cannot create runtime directory " + directory + ": " + describe(failed)
                        + ": check the permissions of its parent, or set LOCALIPC_RUNTIME_DIR to a directory you own",
                        failed);
            }
        }
        verify(directory, uid);
    }

    private static void createPrivate(Path directory) throws IOException {
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            LOG.debug("created runtime directory {} with mode 0700", directory);
        } catch (FileAlreadyExistsException raced) {
            LOG.debug("runtime directory {} appeared while creating it; checking it", directory, raced);
        }
    }

    /**
     * Checks that {@code directory} is a real directory owned by {@code uid} with mode 0700.
     *
     * @throws IOException naming the directory, what is wrong with it and how to fix it
     */
    public static void verify(Path directory, long uid) throws IOException {
        String problem = problem(directory, uid);
        if (problem != null) {
            throw new IOException("runtime directory " + directory + " " + problem);
        }
    }

    /**
     * What is wrong with {@code directory} as a runtime directory of {@code uid}, as the end of a
     * sentence that starts with the directory's name; null when nothing is.
     */
    static String problem(Path directory, long uid) throws IOException {
        PosixFileAttributes attributes;
        long owner;
        try {
            attributes = Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            owner = ((Number) Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (NoSuchFileException missing) {
            return "does not exist: start the server first, or check LOCALIPC_RUNTIME_DIR";
        } catch (IOException unreadable) {
            throw new IOException("cannot check runtime directory " + directory + ": " + describe(unreadable)
                    + ": check the path, or set LOCALIPC_RUNTIME_DIR to a private directory", unreadable);
        }
        if (attributes.isSymbolicLink()) {
            return "is a symbolic link; localipc needs a real directory so that nobody can redirect the socket:"
                    + " remove the link, or set LOCALIPC_RUNTIME_DIR to a private directory";
        }
        if (!attributes.isDirectory()) {
            return "exists but is not a directory: remove it, or set LOCALIPC_RUNTIME_DIR to a private directory";
        }
        if (owner != uid) {
            return "is owned by uid " + owner + ", not by the current user (uid " + uid + "): remove it,"
                    + " or set LOCALIPC_RUNTIME_DIR to a directory you own";
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (!permissions.equals(OWNER_ONLY)) {
            return "has mode " + octal(permissions) + " (" + PosixFilePermissions.toString(permissions)
                    + ") but must be 0700 so that no other user can reach the socket: run chmod 700 " + directory;
        }
        return null;
    }

    /** The owner's uid of {@code path}, not following a final symbolic link. */
    static long owner(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    /** {@code 0755} for rwxr-xr-x. */
    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }

    private static String describe(IOException failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
