package dev.localipc.examples.cli;

import dev.localipc.examples.ExampleEndpoints;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code localipc} subcommand shares (a picocli mixin): the common options, and what
 * they are read against: the root command's environment, the command's output streams, and the
 * {@link Connector} built from them. A command declares only its own options and parameters.
 *
 * <pre>{@code
 * @Mixin CommonOptions common;
 *
 * public Integer call() {
 *     Connector connector = common.connector(Duration.ofSeconds(10), null);
 *     common.out().println(common.json ? "{}" : "done");
 * }
 * }</pre>
 *
 * <p>Not thread-safe; picocli fills one per command run.
 */
public final class CommonOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

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

    /** The {@code localipc} command this subcommand runs under. */
    LocalIpcCommand root() {
        return (LocalIpcCommand) command.parent().userObject();
    }

    /** The environment the commands see (the root command's, possibly injected by a test). */
    Map<String, String> env() {
        return root().env();
    }

    /** The command's standard output. */
    PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** The command's standard error. */
    PrintWriter err() {
        return command.commandLine().getErr();
    }

    /**
     * A connector for these options and environment.
     *
     * @param timeout how long a request may wait for its answer
     * @param tokenFile the {@code --token-file} option, or null
     */
    Connector connector(Duration timeout, Path tokenFile) {
        return new Connector(this, env(), timeout, tokenFile);
    }
}
