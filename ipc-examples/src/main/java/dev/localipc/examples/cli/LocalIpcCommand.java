package dev.localipc.examples.cli;

import dev.localipc.examples.demo.DemoCommand;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code localipc} command: example servers, the demo and the client commands as subcommands.
 *
 * <pre>{@code
 * int exit = new CommandLine(new LocalIpcCommand(System.getenv())).execute("list", "--json");
 * }</pre>
 */
@Command(name = "localipc", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Runs the localipc example servers and talks to any localipc server.",
            "Clients take the token from --token-file, else LOCALIPC_TOKEN, else the endpoint's token file.",
        },
        subcommands = {
            DemoCommand.class, OrchestratorCommand.class, TasksCommand.class, ListCommand.class, CallCommand.class,
            NotifyCommand.class, WatchCommand.class, ClientsCommand.class, EvalCommand.class, TaskClientCommand.class,
            BenchCommand.class, HelpCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:success",
            " 1:usage error (bad option, argument or duration, params not JSON)",
            " 2:no server listens on the endpoint",
            " 3:authentication failed (wrong or missing token)",
            " 4:timeout",
            " 5:the server answered with an error",
            " 6:eval: the task was aborted",
            " 7:untrusted server (another user's endpoint or directory): nothing was sent",
            " 8:connection lost",
            " 9:a server could not start",
            "10:no transport works here, or internal error",
        })
public final class LocalIpcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final CountDownLatch stop = new CountDownLatch(1);

    /** A command that reads its environment (token, runtime directory) from {@code env}. */
    public LocalIpcCommand(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    /** The environment the commands see. */
    Map<String, String> env() {
        return env;
    }

    /** Counted down to stop a foreground server (the JVM's shutdown hook, or a test). */
    CountDownLatch stopSignal() {
        return stop;
    }

    /** Asks a foreground server started by this command to stop (as SIGTERM would). */
    public void requestStop() {
        stop.countDown();
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("localipc: a command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
