package dev.localipc.api.spi;

import dev.localipc.api.Endpoint;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where an endpoint's files live (PROTOCOL.md section 6). Pure functions of their inputs, so
 * each transport resolves directories the same way and tests can pass their own environment.
 *
 * <p>Precedence, first match wins: the endpoint's own {@link Endpoint#runtimeDirectory()},
 * then {@value #RUNTIME_DIR_ENV} (or the system property {@value #RUNTIME_DIR_PROPERTY}), then
 * the platform default.
 *
 * <pre>{@code
 * Path dir = RuntimeDirectories.unix(endpoint, System::getenv, System.getProperty("java.io.tmpdir"), uid);
 * }</pre>
 */
public final class RuntimeDirectories {
    /** Environment variable naming the directory to use instead of the platform default. */
    public static final String RUNTIME_DIR_ENV = "LOCALIPC_RUNTIME_DIR";
    /** System property with the same meaning as {@value #RUNTIME_DIR_ENV}; the property wins. */
    public static final String RUNTIME_DIR_PROPERTY = "localipc.runtimeDir";
    /** The login session's runtime directory on Unix (XDG Base Directory specification). */
    public static final String XDG_RUNTIME_DIR_ENV = "XDG_RUNTIME_DIR";

    private RuntimeDirectories() {
    }

    /**
     * The Unix runtime directory: {@code $XDG_RUNTIME_DIR/<app>} when XDG_RUNTIME_DIR is set,
     * otherwise {@code <tmpdir>/<app>-<uid>}.
     *
     * @param endpoint the endpoint; its own runtime directory, when set, wins
     * @param env the environment (usually {@code System::getenv})
     * @param tmpdir the value of {@code java.io.tmpdir}
     * @param uid the current user's id
     * @return the directory (absolute)
     */
    public static Path unix(Endpoint endpoint, Function<String, String> env, String tmpdir, long uid) {
        Path chosen = override(endpoint, env);
        if (chosen != null) {
            return chosen;
        }
        Optional<Path> xdg = xdgRuntimeBase(endpoint, env);
        if (xdg.isPresent()) {
            return xdg.get().resolve(endpoint.application());
        }
        return Path.of(tmpdir).toAbsolutePath().resolve(endpoint.application() + "-" + uid);
    }

    /**
     * The base directory {@link #unix} puts the runtime directory in when that comes from
     * {@value #XDG_RUNTIME_DIR_ENV}: present only when neither the endpoint nor
     * {@value #RUNTIME_DIR_ENV} (or its property) names a directory and XDG_RUNTIME_DIR is set.
     * The login session creates this base (systemd's contract: it exists, belongs to the user and
     * has mode 0700); a transport checks it before creating anything in it, and never creates it.
     *
     * @param endpoint the endpoint; its own runtime directory, when set, means there is no such base
     * @param env the environment (usually {@code System::getenv})
     * @return the absolute XDG_RUNTIME_DIR, or empty
     */

    public static Optional<Path> xdgRuntimeBase(Endpoint endpoint, Function<String, String> env) {
        if (override(endpoint, env) != null) {
            return Optional.empty();
        }
        String xdg = env.apply(XDG_RUNTIME_DIR_ENV);
        return xdg == null || xdg.isBlank() ? Optional.empty() : Optional.of(Path.of(xdg).toAbsolutePath());
    }

    /**
     * The Windows token directory: {@code %LOCALAPPDATA%\<app>}; when LOCALAPPDATA is unset,
     * {@code <userHome>\AppData\Local\<app>}.
     *
     * @param endpoint the endpoint; its own runtime directory, when set, wins
     * @param env the environment (usually {@code System::getenv})
     * @param userHome the value of {@code user.home}
     * @return the directory (absolute)
     */

    public static Path windows(Endpoint endpoint, Function<String, String> env, String userHome) {
        Path chosen = override(endpoint, env);
        if (chosen != null) {
            return chosen;
        }
        String localAppData = env.apply("LOCALAPPDATA");
        Path base = localAppData != null && !localAppData.isBlank()
                ? Path.of(localAppData)
                : Path.of(userHome, "AppData", "Local");
        return base.toAbsolutePath().resolve(endpoint.application());
    }

    private static Path override(Endpoint endpoint, Function<String, String> env) {
        if (endpoint.runtimeDirectory().isPresent()) {
            return endpoint.runtimeDirectory().get();
        }
        String property = System.getProperty(RUNTIME_DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        String variable = env.apply(RUNTIME_DIR_ENV);
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable).toAbsolutePath();
        }
        return null;
    }
}
