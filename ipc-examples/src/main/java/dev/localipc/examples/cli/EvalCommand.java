package dev.localipc.examples.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.localipc.core.ConnectionState;
import dev.localipc.core.IpcClient;
import dev.localipc.examples.ExampleEndpoints;
import dev.localipc.examples.tasks.StartedTask;
import dev.localipc.examples.tasks.TaskEvent;
import dev.localipc.examples.tasks.TaskEventType;
import dev.localipc.examples.tasks.TaskServer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code localipc eval}: the evaluation-style client of the task runner. It starts a task,
 * streams its messages as they arrive and waits for the end: exit 0 when the task completes,
 * 6 when it is aborted, 4 when it does not finish in time (the task is then cancelled).
 *
 * <pre>{@code
 * ./localipc eval "Refactor this function to use async/await" --timeout 60s
 * }</pre>
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Starts a task on the task runner, streams its messages and waits for it to end.",
            "Exit 0: completed; 6: aborted; 4: timeout (the task is cancelled)."})
public final class EvalCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(arity = "1..*", paramLabel = "<text>", description = "What the task should do.")
    List<String> text = new ArrayList<>();

    @Option(names = "--endpoint", paramLabel = "NAME", defaultValue = ExampleEndpoints.TASKS,
            description = "The task runner's endpoint name (default: ${DEFAULT-VALUE}).")
    String endpoint;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = Durations.class,
            description = "How long the task may take (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--steps", paramLabel = "N", description = "configuration.steps: messages the agent streams.")
    Integer steps;

    @Option(names = "--step-ms", paramLabel = "MS", description = "configuration.stepMs: milliseconds between messages.")
    Integer stepMs;

    @Option(names = "--abort-at-step", paramLabel = "N", description = "configuration.abortAtStep: the agent gives up there.")
    Integer abortAtStep;

    @Mixin
    TokenOption token;

    private static final Object CLOSED = new Object();

    @Override
    public Integer call() throws InterruptedException {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        Connector connector = common.connector(Duration.ofSeconds(10), token.file);
        PrintWriter out = common.out();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (IpcClient client = connector.connect(endpoint, builder -> builder
                .onNotification(TaskServer.EVENT_METHOD, TaskEvent.class, (ctx, event) -> events.add(event))
                .onConnectionStateChanged(state -> {
                    if (state == ConnectionState.CLOSED) {
                        events.add(CLOSED);
                    }
                }))) {
            JsonObject configuration = new JsonObject();
            if (steps != null) {
                configuration.addProperty("steps", steps);
            }
            if (stepMs != null) {
                configuration.addProperty("stepMs", stepMs);
            }
            if (abortAtStep != null) {
                configuration.addProperty("abortAtStep", abortAtStep);
            }
            JsonObject params = new JsonObject();
            params.addProperty("text", String.join(" ", text));
            params.add("configuration", configuration);
            String taskId = connector.await(client.request("StartNewTask", params, StartedTask.class), "StartNewTask")
                    .taskId();
            if (!common.json) {
                out.println("task " + taskId + " started; streaming its messages");
                out.flush();
            }
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    cancelQuietly(connector, client, taskId);
                    throw new CliFailure(ExitCodes.TIMEOUT, "task " + taskId + " did not finish within "
                            + Durations.format(timeout) + "; it was cancelled");
                }
                Object next = events.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    continue;
                }
                if (next == CLOSED) {
                    throw new CliFailure(ExitCodes.CONNECTION_LOST, "the connection to \"" + endpoint
                            + "\" closed before task " + taskId + " ended (the server stopped?); ResumeTask continues it");
                }
                TaskEvent event = (TaskEvent) next;
                if (!taskId.equals(event.taskId())) {
                    continue; // another client's task
                }
                print(out, event);
                if (event.type() == TaskEventType.TaskCompleted) {
                    return ExitCodes.OK;
                }
                if (event.type() == TaskEventType.TaskAborted) {
                    throw new CliFailure(ExitCodes.TASK_ABORTED, "task " + taskId + " was aborted: " + event.reason());
                }
            }
        }
    }

    private void print(PrintWriter out, TaskEvent event) {
        if (common.json) {
            out.println(JsonText.compact(event));
        } else if (event.type() == TaskEventType.Message) {
            out.println("  [" + event.message().role() + "] " + event.message().text());
        } else {
            out.println(event.type() + (event.reason() == null ? "" : ": " + event.reason()));
        }
        out.flush();
    }

    private static void cancelQuietly(Connector connector, IpcClient client, String taskId) {
        try {
            connector.await(client.request("CancelTask", Map.of("taskId", taskId), JsonElement.class), "CancelTask");
        } catch (CliFailure alreadyOver) {
            // The task ended (or the server went away) between the timeout and the cancel: nothing to cancel.
            org.slf4j.LoggerFactory.getLogger(EvalCommand.class).debug("cancel after the timeout failed", alreadyOver);
        }
    }
}
