package dev.localipc.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Lets tests of other packages run or parse {@code localipc} command lines in this JVM. */
public final class CliTestAccess {
    private CliTestAccess() {
    }

    /** Exit code and output of a run. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    /** Runs the command line. */
    public static Result run(Map<String, String> env, String... args) {
        CliRun run = CliRun.run(env, args);
        return new Result(run.exit(), run.out(), run.err());
    }

    /** Parses the command line without running it; throws picocli's ParameterException if it is wrong. */
    public static void parse(Map<String, String> env, String... args) {
        StringWriter sink = new StringWriter();
        Main.commandLine(new LocalIpcCommand(env), new PrintWriter(sink), new PrintWriter(sink)).parseArgs(args);
    }
}
