package dev.localipc.examples.demo;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code localipc demo}: the one-command tour (see {@link Demo}).
 *
 * <pre>{@code
 * ./localipc demo
 * }</pre>
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the one-command tour of both example servers, then cleans up.",
            "Starts the orchestrator and the task runner in a private runtime directory, runs a task end to end,",
            "drives the workflow (start, pause, resume), shows the events, then shuts everything down."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--step-ms", paramLabel = "MS", defaultValue = "250",
            description = "Milliseconds between two simulated agent steps (default: ${DEFAULT-VALUE}).")
    long stepMs;

    @Override
    public Integer call() throws Exception {
        return new Demo(spec.commandLine().getOut(), stepMs).run();
    }
}
