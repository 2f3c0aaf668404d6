package dev.localipc.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name of a local IPC endpoint: an application name plus an endpoint name, and optionally
 * the runtime directory to use instead of the default one (PROTOCOL.md section 6); or, for
 * talking to programs that choose the socket themselves, an explicit socket path
 * ({@link #ofSocketPath(String)}).
 *
 * <p>A transport turns an endpoint into a concrete address: on Linux and macOS
 * {@code $XDG_RUNTIME_DIR/<app>/<name>.sock}, on Windows {@code \\.\pipe\<app>-<user>-<name>}.
 *
 * <pre>{@code
 * Endpoint orchestrator = Endpoint.of("localipc", "orchestrator");
 * Endpoint custom = Endpoint.builder("myapp")
 *         .name("daemon")
 *         .runtimeDirectory(Path.of("/run/myapp"))
 *         .build();
 * Endpoint roo = Endpoint.ofSocketPath(System.getenv("ROO_CODE_IPC_SOCKET_PATH")); // e.g. /tmp/evals-1-2.sock
 * }</pre>
 *
 * <p>Names are 1 to 64 characters from {@code [A-Za-z0-9._-]} and do not start with a dot,
 * so they are safe as file names and pipe names on every platform.
 *
 * <h2>Endpoints named by their socket path</h2>
 *
 * <p>An endpoint made with {@link #ofSocketPath(String)} is bound to exactly the path given, the
 * way node-ipc and other programs that pick their own socket expect. It lives in a directory
 * that localipc does not own (often a shared one such as {@code /tmp}), so it is protected
 * differently from an endpoint in the private runtime directory:
 * <ul>
 *   <li>The runtime directory's checks (a real directory of the current user, mode 0700) do not
 *       apply, on either side: the directory is neither created nor required to be private.
 *       It must exist.</li>
 *   <li>What stays, on Unix: the socket file is made mode 0600 before the first accept; a socket
 *       nobody answers on is replaced, and a live server there makes the start fail with
 *       {@code AddressInUseException}; anything that is not a socket (a regular file, a symbolic
 *       link) is refused and left untouched; and the peer-credential check runs both ways: the
 *       server refuses processes of other users before reading a byte, and the client refuses a
 *       server that does not run as the expected user before sending one. On Windows the path
 *       becomes a pipe name the way node-ipc makes it, and the pipe keeps its own protection (a
 *       DACL for the current user and SYSTEM, remote clients refused, the owner checked by the
 *       client).</li>
 *   <li>No token file is written for it, and none is looked for: a token, if the protocol uses
 *       one, must reach the client another way.</li>
 * </ul>
 * The transport documentation (TRANSPORTS.md, SECURITY.md) says which directories are safe.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Endpoint {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

    private final String application;
    private final String name;
    private final Path runtimeDirectory;
    private final String socketPath;

    private Endpoint(Builder builder) {
        this.application = builder.application;
        this.name = builder.name == null ? builder.application : builder.name;
        this.runtimeDirectory = builder.runtimeDirectory;
        this.socketPath = null;
    }

    private Endpoint(String socketPath, String fileName) {
        this.application = fileName;
        this.name = fileName;
        this.runtimeDirectory = null;
        this.socketPath = socketPath;
    }

    /**
     * Returns the endpoint {@code name} of application {@code application}.
     *
     * @param application the application name: the runtime directory's last element
     * @param name the endpoint name: the socket and token files' base name
     * @return the endpoint, in the transport's default runtime directory
     * @throws IllegalArgumentException if a name is not a valid endpoint name
     */
    public static Endpoint of(String application, String name) {
        return builder(application).name(name).build();
    }

    /**
     * Returns the endpoint of an application whose single endpoint carries the application's own name.
     *
     * @param application the application name, also the endpoint name
     * @return the endpoint, in the transport's default runtime directory
     * @throws IllegalArgumentException if the name is not a valid endpoint name
     */
    public static Endpoint of(String application) {
        return builder(application).build();
    }

    /**
     * Returns the endpoint at exactly {@code socketPath}, a path chosen by another program (for
     * example node-ipc's, from {@code ROO_CODE_IPC_SOCKET_PATH}) instead of one in localipc's
     * private runtime directory. The string is kept as given: on Unix it is the socket file
     * (a relative path is taken against the working directory); on Windows it becomes a pipe
     * name as node-ipc makes one ({@code /tmp/roo.sock} is {@code \\.\pipe\tmp-roo.sock}; a
     * name that already starts with {@code \\.\pipe\} is used as it is).
     *
     * <p>Read the class description for what protects such an endpoint and what does not: the
     * directory is not localipc's, and no token file is written for it.
     *
     * <pre>{@code
     * Endpoint roo = Endpoint.ofSocketPath("/tmp/evals-1-2.sock");
     * roo.socketPath();   // Optional[/tmp/evals-1-2.sock]
     * roo.name();         // "evals-1-2.sock", for logs and thread names
     * }</pre>
     *
     * @param socketPath the socket file (Unix) or the path a node-ipc peer was given (Windows)
     * @return the endpoint
     * @throws IllegalArgumentException if the path is blank, contains a NUL character, or does not
     *         end with a file name (it ends with a separator, {@code .} or {@code ..})
     */
    public static Endpoint ofSocketPath(String socketPath) {
        Objects.requireNonNull(socketPath, "socketPath");
        if (socketPath.isBlank()) {
            throw new IllegalArgumentException("socket path \"" + socketPath + "\" is blank: pass the path of the"
                    + " socket file, such as /tmp/app.sock");
        }
        if (socketPath.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("socket path \"" + socketPath.replace("\0", "\\0") + "\" contains a NUL"
                    + " character, which no operating system accepts in a path: remove it");
        }
        int last = Math.max(socketPath.lastIndexOf('/'), socketPath.lastIndexOf('\\'));
        String fileName = socketPath.substring(last + 1);
        if (fileName.isEmpty() || fileName.equals(".") || fileName.equals("..")) {
            throw new IllegalArgumentException("socket path \"" + socketPath + "\" names a directory, not a file:"
                    + " end it with the socket's file name, such as /tmp/app.sock");
        }
        return new Endpoint(socketPath, fileName);
    }

    /**
     * Returns the endpoint at exactly {@code socketPath}: {@link #ofSocketPath(String)} with
     * {@code socketPath.toString()}. On Windows a {@link Path} spells {@code /tmp/x} as
     * {@code \tmp\x}, which maps to another pipe name than the string does: to meet a node-ipc
     * peer there, pass the very string the peer was given.
     *
     * @param socketPath the socket file
     * @return the endpoint
     * @throws IllegalArgumentException as {@link #ofSocketPath(String)} does
     */
    public static Endpoint ofSocketPath(Path socketPath) {
        return ofSocketPath(Objects.requireNonNull(socketPath, "socketPath").toString());
    }

    /**
     * Starts a builder for an endpoint of {@code application}; the endpoint name defaults to it.
     *
     * @param application the application name
     * @return a new builder
     * @throws IllegalArgumentException if the name is not a valid endpoint name
     */
    public static Builder builder(String application) {
        return new Builder(application);
    }

    /**
     * {@return the application name: the runtime directory's last element} For an endpoint named by
     * its socket path, the path's last element (like {@link #name()}), for logs and thread names only.
     */
    public String application() {
        return application;
    }

    /**
     * {@return the endpoint name: the socket and token files' base name} For an endpoint named by its
     * socket path, the path's last element ({@code evals-1-2.sock}), for logs and thread names only.
     */
    public String name() {
        return name;
    }

    /**
     * {@return the runtime directory chosen by the application, if any} When empty the transport
     * uses {@code LOCALIPC_RUNTIME_DIR} or its platform default. Always empty for an endpoint named
     * by its socket path.
     */
    public Optional<Path> runtimeDirectory() {
        return Optional.ofNullable(runtimeDirectory);
    }

    /**
     * {@return the socket path exactly as given to {@link #ofSocketPath(String)}} Empty for an
     * endpoint named by application and endpoint name. A transport that cannot listen on such a path
     * must refuse the endpoint, never resolve it to a runtime directory instead.
     */
    public Optional<String> socketPath() {
        return Optional.ofNullable(socketPath);
    }

    /**
     * Returns a copy of this endpoint with another runtime directory.
     *
     * @param directory the runtime directory (made absolute)
     * @return the same application and name in {@code directory}
     * @throws IllegalStateException if this endpoint is named by its socket path, which no runtime directory changes
     */
    public Endpoint withRuntimeDirectory(Path directory) {
        if (socketPath != null) {
            throw new IllegalStateException("endpoint " + this + " is named by its socket path, so a runtime directory"
                    + " does not apply: use Endpoint.of(application, name) to place an endpoint in a runtime directory");
        }
        return builder(application).name(name).runtimeDirectory(directory).build();
    }

    static String checkName(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " \"" + value + "\" is not valid: use 1 to 64 characters"
                    + " from A-Z a-z 0-9 . _ - that do not start with a dot");
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Endpoint
                && application.equals(((Endpoint) other).application)
                && name.equals(((Endpoint) other).name)
                && Objects.equals(runtimeDirectory, ((Endpoint) other).runtimeDirectory)
                && Objects.equals(socketPath, ((Endpoint) other).socketPath);
    }

    @Override
    public int hashCode() {
        return Objects.hash(application, name, runtimeDirectory, socketPath);
    }

    /** {@code app/name}, {@code app/name in /run/dir}, or for an endpoint named by its socket path {@code socket /tmp/x.sock}. */
    @Override
    public String toString() {
        if (socketPath != null) {
            return "socket " + socketPath;
        }
        return application + "/" + name + (runtimeDirectory == null ? "" : " in " + runtimeDirectory);
    }

    /** Builds an {@link Endpoint}. Not thread-safe; use one builder per thread. */
    public static final class Builder {
        private final String application;
        private String name;
        private Path runtimeDirectory;

        private Builder(String application) {
            this.application = checkName("application name", application);
        }

        /**
         * Sets the endpoint name (default: the application name).
         *
         * @param name 1 to 64 characters from A-Z a-z 0-9 . _ - that do not start with a dot
         * @return this builder
         * @throws IllegalArgumentException if the name is not a valid endpoint name
         */
        public Builder name(String name) {
            this.name = checkName("endpoint name", name);
            return this;
        }

        /**
         * Sets the runtime directory, overriding {@code LOCALIPC_RUNTIME_DIR} and the platform
         * default. The directory must satisfy the same rules (owned by the current user, 0700).
         *
         * @param directory the runtime directory (made absolute)
         * @return this builder
         */
        public Builder runtimeDirectory(Path directory) {
            this.runtimeDirectory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
            return this;
        }

        /** {@return the endpoint} */

        public Endpoint build() {
            return new Endpoint(this);
        }
    }
}
