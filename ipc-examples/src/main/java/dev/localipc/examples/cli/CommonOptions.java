package dev.localipc.examples.cli;

import dev.localipc.examples.ExampleEndpoints;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every {@code localipc} subcommand takes (a picocli mixin).
 *
 * <pre>{@code
 * @Mixin CommonOptions common;
 * }</pre>
 */
public final class CommonOptions {
    @Option(names = "--json", description = "Machine output: JSON on standard output (one value per line for streams).")
    boolean json;

    @Option(names = "--runtime-dir", paramLabel = "DIR",
            description = "Runtime directory of the endpoints (default: LOCALIPC_RUNTIME_DIR, else $XDG_RUNTIME_DIR/<app>,"
                    + " else <tmpdir>/<app>-<uid>).")
    Path runtimeDir;

    @Option(names = "--app", paramLabel = "NAME", defaultValue = ExampleEndpoints.APPLICATION,
            description = "Application name: the runtime directory's last element (default: ${DEFAULT-VALUE}).")
    String app;

    @Option(names = {"-v", "--verbose"}, description = "On failure, also print the stack trace.")
    boolean verbose;
}
