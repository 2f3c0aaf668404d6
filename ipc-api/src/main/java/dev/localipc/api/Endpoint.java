package dev.localipc.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name of a local IPC endpoint: an application name plus an endpoint name, and optionally
 * the runtime directory to use instead of the default one (PROTOCOL.md section 6).
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
 * }</pre>
 *
 * <p>Names are 1 to 64 characters from {@code [A-Za-z0-9._-]} and do not start with a dot,
 * so they are safe as file names and pipe names on every platform.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Endpoint {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

    private final String application;
    private final String name;
    private final Path runtimeDirectory;

    private Endpoint(Builder builder) {
        this.application = builder.application;
        this.name = builder.name == null ? builder.application : builder.name;
        this.runtimeDirectory = builder.runtimeDirectory;
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
     * Starts a builder for an endpoint of {@code application}; the endpoint name defaults to it.
     *
     * @param application the application name
     * @return a new builder
     * @throws IllegalArgumentException if the name is not a valid endpoint name
     */
    public static Builder builder(String application) {
        return new Builder(application);
    }

    /** {@return the application name: the runtime directory's last element} */
    public String application() {
        return application;
    }

    /** {@return the endpoint name: the socket and token files' base name} */
    public String name() {
        return name;
    }

    /**
     * {@return the runtime directory chosen by the application, if any} When empty the transport
     * uses {@code LOCALIPC_RUNTIME_DIR} or its platform default.
     */
    public Optional<Path> runtimeDirectory() {
        return Optional.ofNullable(runtimeDirectory);
    }

    /**
     * Returns a copy of this endpoint with another runtime directory.
     *
     * @param directory the runtime directory (made absolute)
     * @return the same application and name in {@code directory}
     */
    public Endpoint withRuntimeDirectory(Path directory) {
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
                && Objects.equals(runtimeDirectory, ((Endpoint) other).runtimeDirectory);
    }

    @Override
    public int hashCode() {
        return Objects.hash(application, name, runtimeDirectory);
    }

    @Override
    public String toString() {
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
