package dev.localipc.examples.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.localipc.api.Endpoint;
import dev.localipc.core.ConnectionState;
import dev.localipc.core.IpcClient;
import dev.localipc.core.WireFormat;
import dev.localipc.examples.tasks.StartNewTask;
import dev.localipc.examples.tasks.roo.IpcMessage;
import dev.localipc.examples.tasks.roo.RooClientOutcome;
import dev.localipc.examples.tasks.roo.RooClientPlan;
import dev.localipc.examples.tasks.roo.RooClientSession;
import dev.localipc.examples.tasks.roo.RooClientStep;
import dev.localipc.examples.tasks.roo.RooEventName;
import dev.localipc.examples.tasks.roo.RooSchemaException;
import dev.localipc.examples.tasks.roo.RooTaskServer;
import dev.localipc.examples.tasks.roo.TaskCommandName;
import dev.localipc.examples.tasks.roo.WireName;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code localipc task --wire node-ipc}: runs one task on a node-ipc task server, such as Roo
 * Code's extension or {@code localipc tasks --wire node-ipc}, as Roo's evaluation runner does:
 * connects to the socket path, waits for the Ack, sends StartNewTask, prints each TaskEvent as one
 * JSON line, and exits with how the task ended.
 *
 * <pre>{@code
 * ./localipc task --wire node-ipc --socket /tmp/roo.sock --text "Say hello."
 * }</pre>
 */
@Command(name = "task", mixinStandardHelpOptions = true,
        description = {
            "Runs one task on a node-ipc task server (Roo Code's IPC, or localipc tasks --wire node-ipc) at its socket"
                    + " path: waits for the Ack, sends StartNewTask, prints each TaskEvent as one JSON line.",
            "Exit codes of this command: 0 the task completed, 1 it was aborted, 2 a frame Roo's client would refuse"
                    + " arrived (see --lenient), 3 the server disconnected before the end, 4 timeout, 8 cannot connect.",
        })
public final class TaskClientCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--wire", required = true, paramLabel = "FORMAT",
            description = "The server's wire format: node-ipc (a JSON-RPC task runner is driven with call/watch).")
    String wire;

    @Option(names = "--socket", required = true, paramLabel = "PATH",
            description = "The node-ipc server's socket path (Roo Code: its ROO_CODE_IPC_SOCKET_PATH).")
    Path socket;

    @Option(names = "--text", required = true, paramLabel = "T", description = "What the task should do.")
    String text;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = Durations.class,
            description = "How long the task may take (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = Durations.class,
            description = "How long to keep trying to connect, every 500 ms as node-ipc does (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--query", split = ",", paramLabel = "Q",
            description = "Queries to send first, comma-separated: GetCommands, GetModes, GetModels; each answer is printed"
                    + " and must arrive before the task ends.")
    List<String> queries = List.of();

    @Option(names = "--cancel-on", paramLabel = "EVENT",
            description = "Send CancelTask on the task's first event of this name (taskStarted, message...).")
    String cancelOn;

    @Option(names = "--close", description = "Send CloseTask when the task ended, as Roo's evaluation runner does.")
    boolean close;

    @Option(names = "--lenient", description = "Note frames Roo's client would refuse and go on, instead of stopping (exit 2).")
    boolean lenient;

    @Override
    public Integer call() throws InterruptedException {
        if (!"node-ipc".equals(wire)) {
            throw new CliFailure(ExitCodes.USAGE, "--wire " + wire + ": task speaks node-ipc only; drive a JSON-RPC task"
                    + " runner with 'call tasks StartNewTask' and 'watch tasks tasks'");
        }
        Endpoint endpoint;
        try {
            endpoint = Endpoint.ofSocketPath(socket);
        } catch (IllegalArgumentException bad) {
            throw new CliFailure(ExitCodes.USAGE, "--socket " + socket + ": " + bad.getMessage(), bad);
        }
        RooClientSession session = new RooClientSession(plan(), !lenient);
        CompletableFuture<RooClientOutcome> outcome = new CompletableFuture<>();
        PrintWriter out = common.out();
        PrintWriter err = common.err();
        // the Ack may arrive before connect() returns: what a step sends waits for the client
        CompletableFuture<IpcClient> client = new CompletableFuture<>();
        AtomicBoolean connectedOnce = new AtomicBoolean();
        IpcClient.Builder builder = IpcClient.builder(endpoint).wireFormat(WireFormat.nodeIpc())
                .reconnect(false)
                .onNotification(RooTaskServer.ENVELOPE, JsonElement.class,
                        (ctx, data) -> apply(session.onMessage(data), client, out, err, outcome))
                .onConnectionStateChanged(state -> {
                    if (state == ConnectionState.READY) {
                        connectedOnce.set(true);
                    } else if (state == ConnectionState.CLOSED && connectedOnce.get()) { // not a failed attempt
                        apply(session.onDisconnect(), client, out, err, outcome);
                    }
                });
        try (IpcClient connected = connect(builder)) {
            client.complete(connected);
            RooClientOutcome ended = outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return ended.exitCode();
        } catch (TimeoutException late) {
            throw new CliFailure(ExitCodes.TIMEOUT, "the task did not end within " + Durations.format(timeout)
                    + (session.taskId().isPresent() ? " (task " + session.taskId().get() + ")" : "") + ": raise --timeout");
        } catch (ExecutionException impossible) {
            throw new CliFailure(ExitCodes.INTERNAL, "the task's session failed: " + impossible.getCause(), impossible.getCause());
        }
    }

    private RooClientPlan plan() {
        RooClientPlan plan = RooClientPlan.start(new StartNewTask(text, List.of(), new JsonObject(), false));
        try {
            List<TaskCommandName> asked = new ArrayList<>();
            for (String query : queries) {
                asked.add(WireName.parse(TaskCommandName.class, new JsonPrimitive(query.strip()), "--query"));
            }
            plan = plan.withQueries(asked);
            if (cancelOn != null) {
                plan = plan.cancellingOn(WireName.parse(RooEventName.class, new JsonPrimitive(cancelOn), "--cancel-on"));
            }
        } catch (RooSchemaException | IllegalArgumentException bad) {
            throw new CliFailure(ExitCodes.USAGE, bad.getMessage(), bad);
        }
        return close ? plan.closingAtEnd() : plan;
    }

    /** Connects, trying again every 500 ms until --connect-timeout (a server may start late, as Roo's evals expect). */
    private IpcClient connect(IpcClient.Builder builder) throws InterruptedException {
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        while (true) {
            try {
                return builder.connect();
            } catch (IOException | RuntimeException failed) {
                if (System.nanoTime() - deadline > 0) {
                    throw new CliFailure(ExitCodes.CONNECTION_LOST, "cannot connect to the node-ipc server at " + socket
                            + " within " + Durations.format(connectTimeout) + ": " + failed.getMessage(), failed);
                }
                Thread.sleep(500);
            }
        }
    }

    /** Prints what the step says, sends what it says, and ends the run on its outcome. */
    private static void apply(RooClientStep step, CompletableFuture<IpcClient> client, PrintWriter out, PrintWriter err,
            CompletableFuture<RooClientOutcome> outcome) {
        synchronized (out) {
            step.print().forEach(out::println);
            out.flush();
        }
        if (step.note() != null) {
            synchronized (err) {
                err.println("localipc: " + step.note());
                err.flush();
            }
        }
        for (IpcMessage message : step.send()) {
            try {
                IpcClient connected = client.get(30, TimeUnit.SECONDS);
                if (connected.isConnected()) {
                    connected.notify(RooTaskServer.ENVELOPE, message.toJson());
                }
            } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException notSent) {
                if (notSent instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                synchronized (err) {
                    err.println("localipc: could not send " + message.type().wire() + ": " + notSent);
                    err.flush();
                }
            }
        }
        if (step.outcome() != null) {
            outcome.complete(step.outcome());
        }
    }
}
