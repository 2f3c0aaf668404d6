package dev.localipc.transport.unix.internal;

import dev.localipc.api.PrivateDirectory;
import dev.localipc.api.spi.RuntimeDirectories;
import dev.localipc.api.spi.TransportAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
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
    /** How errors name the base: the same checks as a private directory's, and why localipc leaves it alone. */
    static final PrivateDirectory.Role ROLE = PrivateDirectory.Role.of(RuntimeDirectories.XDG_RUNTIME_DIR_ENV,
            "the runtime directories of your session", "fix or unset " + RuntimeDirectories.XDG_RUNTIME_DIR_ENV
                    + " (localipc does not create or change it: the login session does), or set "
                    + RuntimeDirectories.RUNTIME_DIR_ENV + " to a private directory of your own");

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
        PrivateDirectory.check(base.get(), uid, ROLE);
    }
}
