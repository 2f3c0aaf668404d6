package dev.localipc.transport.unix.internal;

import dev.localipc.api.spi.RuntimeDirectories;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The longest socket path the OS accepts: {@code sun_path} holds 108 bytes on Linux and 104 on
 * macOS and the BSDs, including the terminating NUL. junixsocket fails on a path at the limit
 * but leaves a file behind, so the length is checked here, before anything is bound.
 *
 * <pre>{@code
 * SocketPathLimit.current().check(Path.of("/run/user/1000/app/x.sock"));
 * SocketPathLimit.current().checkExplicit(Path.of("/tmp/evals-1-2.sock"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SocketPathLimit {
    private final String system;
    private final int maxBytes;

    private SocketPathLimit(String system, int maxBytes) {
        this.system = system;
        this.maxBytes = maxBytes;
    }

    /** The limit of the OS this JVM runs on. */
    public static SocketPathLimit current() {
        return forOs(System.getProperty("os.name", "unknown"));
    }

    /** The limit of the OS called {@code osName} (the {@code os.name} property's value). */
    public static SocketPathLimit forOs(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return new SocketPathLimit("Linux", 107);
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return new SocketPathLimit("macOS", 103);
        }
        return new SocketPathLimit(osName, 103);
    }

    /** The most bytes a socket path may have, without the terminating NUL. */
    public int maxBytes() {
        return maxBytes;
    }

    /**
     * Checks that {@code socket}, in a runtime directory, fits.
     *
     * @throws IllegalArgumentException naming the path, its length, the limit and the fix
     */
    public void check(Path socket) {
        check(socket, "use a shorter name or set " + RuntimeDirectories.RUNTIME_DIR_ENV);
    }

    /**
     * Checks that {@code socket}, an explicit socket path, fits; the fix is a shorter path, since
     * no runtime directory is involved.
     *
     * @throws IllegalArgumentException naming the path, its length, the limit and the fix
     */
    public void checkExplicit(Path socket) {
        check(socket, "choose a shorter socket path");
    }

    private void check(Path socket, String fix) {
        int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new IllegalArgumentException("socket path " + socket + " is " + bytes + " bytes; the limit on "
                    + system + " is " + maxBytes + ": " + fix);
        }
    }
}
