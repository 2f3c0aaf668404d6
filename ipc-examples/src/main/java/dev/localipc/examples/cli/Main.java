package dev.localipc.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;

/**
 * Entry point of {@code localipc} (the launcher script runs this class).
 *
 * <pre>{@code
 * int exit = Main.run(new String[] {"call", "orchestrator", "GET_STATE"}, out, err, System.getenv());
 * }</pre>
 */
public final class Main {
    /** The version printed by {@code --version} and sent as the client name. */
    public static final String VERSION = "0.1.0";

    private Main() {
    }

    /** Runs {@code localipc} and exits with its exit code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int exit = run(args, out, err, System.getenv());
        out.flush();
        err.flush();
        System.exit(exit);
    }

    /** Runs {@code localipc} in this JVM and returns its exit code (see {@link ExitCodes}). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return commandLine(new LocalIpcCommand(env), out, err).execute(args);
    }

    /** The picocli command line for {@code root}, with localipc's error handling and exit codes. */
    public static CommandLine commandLine(LocalIpcCommand root, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(Main::usageError);
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> failed(exception, command, parseResult));
        return commandLine;
    }

    private static int usageError(ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("localipc: " + exception.getMessage());
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCodes.USAGE;
    }

    private static int failed(Exception exception, CommandLine command, CommandLine.ParseResult parseResult) {
        PrintWriter err = command.getErr();
        CommandLine.ParseResult last = parseResult;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        boolean verbose = last.hasMatchedOption("--verbose");
        boolean json = last.hasMatchedOption("--json");
        if (exception instanceof CliFailure) {
            CliFailure failure = (CliFailure) exception;
            if (failure.json() != null && json) {
                command.getOut().println(JsonText.compact(failure.json()));
                command.getOut().flush();
            }
            err.println("localipc: " + failure.getMessage());
            if (verbose && failure.getCause() != null) {
                failure.getCause().printStackTrace(err);
            }
            err.flush();
            return failure.exitCode();
        }
        err.println("localipc: internal error: " + exception);
        exception.printStackTrace(err);
        err.flush();
        return ExitCodes.INTERNAL;
    }

    /** Supplies {@code --version}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"localipc " + VERSION + " (Java " + Runtime.version() + ")"};
        }
    }
}
