package dev.localipc.examples.cli;

import dev.localipc.api.Endpoint;
import dev.localipc.examples.ExampleEndpoints;
import dev.localipc.examples.orchestrator.OrchestratorServer;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code localipc orchestrator}: runs the agent orchestrator in the foreground.
 *
 * <pre>{@code
 * ./localipc orchestrator --step-ms 200
 * }</pre>
 */
@Command(name = "orchestrator", mixinStandardHelpOptions = true,
        description = {"Runs the agent orchestrator until SIGINT/SIGTERM.",
            "Requests: HEARTBEAT, GET_STATE, START, PAUSE, RESUME, STOP, localipc.clients; topic: state."})
public final class OrchestratorCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--name", paramLabel = "N", defaultValue = ExampleEndpoints.ORCHESTRATOR,
            description = "Endpoint name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--step-ms", paramLabel = "MS", defaultValue = "1000",
            description = "Milliseconds between two agent steps (default: ${DEFAULT-VALUE}).")
    long stepMs;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "6",
            description = "Steps per workflow run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--fail-at-step", paramLabel = "N", defaultValue = "0",
            description = "Simulate an agent error at this step, ending the run in FAILED (default: never).")
    int failAtStep;

    @Override
    public Integer call() {
        if (stepMs < 1) {
            throw new CliFailure(ExitCodes.USAGE, "--step-ms " + stepMs + " is too short: use at least 1");
        }
        if (steps < 1 || failAtStep < 0 || failAtStep > steps) {
            throw new CliFailure(ExitCodes.USAGE, "--steps must be at least 1 and --fail-at-step 0.." + steps
                    + "; got --steps " + steps + " --fail-at-step " + failAtStep);
        }
        // Checked before anything starts: a bad --name is a usage error (exit 1), as for the client commands.
        Endpoint endpoint = common.connector(Duration.ofSeconds(10), null).endpoint(name);
        return ForegroundServer.run(common, "orchestrator", token -> {
            OrchestratorServer server = token == null
                    ? OrchestratorServer.start(endpoint, Duration.ofMillis(stepMs), steps, failAtStep)
                    : OrchestratorServer.start(endpoint, Duration.ofMillis(stepMs), steps, failAtStep, token);
            return new ForegroundServer.Started(server.address(), server::close);
        });
    }
}
