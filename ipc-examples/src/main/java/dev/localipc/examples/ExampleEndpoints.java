package dev.localipc.examples;

import dev.localipc.api.Endpoint;
import java.nio.file.Path;

/**
 * The names the example applications listen under: application {@value #APPLICATION}, so by
 * default {@code $XDG_RUNTIME_DIR/localipc/} (or {@code <tmpdir>/localipc-<uid>/}) on Linux and
 * macOS, with endpoints {@value #ORCHESTRATOR} and {@value #TASKS}.
 *
 * <pre>{@code
 * Endpoint orchestrator = ExampleEndpoints.endpoint(ExampleEndpoints.ORCHESTRATOR, null);
 * }</pre>
 */
public final class ExampleEndpoints {
    /** The application name of every example server. */
    public static final String APPLICATION = "localipc";
    /** The orchestrator's default endpoint name. */
    public static final String ORCHESTRATOR = "orchestrator";
    /** The task runner's default endpoint name. */
    public static final String TASKS = "tasks";

    private ExampleEndpoints() {
    }

    /**
     * The endpoint {@code name} of application {@value #APPLICATION}, in {@code runtimeDirectory}
     * when it is not null (otherwise {@code LOCALIPC_RUNTIME_DIR} or the platform default applies).
     */
    public static Endpoint endpoint(String name, Path runtimeDirectory) {
        Endpoint endpoint = Endpoint.of(APPLICATION, name);
        return runtimeDirectory == null ? endpoint : endpoint.withRuntimeDirectory(runtimeDirectory);
    }
}
