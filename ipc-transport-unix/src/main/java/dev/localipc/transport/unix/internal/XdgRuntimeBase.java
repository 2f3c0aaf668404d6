package dev.localipc.transport.unix.internal;

import dev.localipc.api.spi.RuntimeDirectories;
import dev.localipc.api.spi.TransportAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The base directory named by {@code XDG_RUNTIME_DIR}, checked before a server creates its
 * runtime directory in it. The login session creates that base; the XDG Base Directory
 * specification (which systemd-logind implements) says it must exist, belong to the user and have
 * mode 0700. A missing or unsafe base is refused, never created: creating it would leave
 * world-readable parents such as {@code /nonexistent/xdg} behind.
 *
 * <pre>{@code
 * XdgRuntimeBase.check(address, System::getenv, CurrentUser.uid()); // before RuntimeDirectory.prepare
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class XdgRuntimeBase {
    private XdgRuntimeBase() {
    }

    /**
     * Checks the XDG base of {@code address}'s directory when that directory comes from
     * {@code XDG_RUNTIME_DIR} (not from the endpoint or LOCALIPC_RUNTIME_DIR); does nothing otherwise.
     *
     * @param env the environment (usually {@code System::getenv})
     * @param uid the current user's id
     * @throws IOException naming XDG_RUNTIME_DIR, what is wrong with it and how to fix it
     */
    public static void check(TransportAddress address, Function<String, String> env, long uid) throws IOException {
        Optional<Path> base = RuntimeDirectories.xdgRuntimeBase(address.endpoint(), env);
        if (base.isEmpty() || !address.directory().equals(base.get().resolve(address.endpoint().application()))) {
            return;
        }
        String problem = problem(base.get(), uid);
        if (problem != null) {
            throw new IOException(RuntimeDirectories.XDG_RUNTIME_DIR_ENV + " is " + base.get() + ", which " + problem
                    + "; localipc does not create or change it (the login session does): fix or unset "
                    + RuntimeDirectories.XDG_RUNTIME_DIR_ENV + ", or set " + RuntimeDirectories.RUNTIME_DIR_ENV
                    + " to a private directory");
        }
    }

    /** What is wrong with {@code base}, as the end of "XDG_RUNTIME_DIR is /x, which ..."; null when nothing is. */
    private static String problem(Path base, long uid) throws IOException {
        PosixFileAttributes attributes;
        long owner;
        try {
            attributes = Files.readAttributes(base, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            owner = RuntimeDirectory.owner(base);
        } catch (NoSuchFileException missing) {
            return "does not exist";
        }
        if (attributes.isSymbolicLink() || !attributes.isDirectory()) {
            return "is not a directory (a symbolic link or a file)";
        }
        if (owner != uid) {
            return "belongs to uid " + owner + ", not to the current user (uid " + uid + ")";
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (!permissions.equals(RuntimeDirectory.OWNER_ONLY)) {
            return "has mode " + RuntimeDirectory.octal(permissions) + " (" + PosixFilePermissions.toString(permissions)
                    + ") instead of 0700";
        }
        return null;
    }
}
