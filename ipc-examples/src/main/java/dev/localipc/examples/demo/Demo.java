package dev.localipc.examples.demo;

import com.google.gson.JsonObject;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.core.HandshakeException;
import dev.localipc.core.IpcClient;
import dev.localipc.core.RpcErrorException;
import dev.localipc.examples.ExampleEndpoints;
import dev.localipc.examples.cli.CliFailure;
import dev.localipc.examples.cli.ExitCodes;
import dev.localipc.examples.orchestrator.OrchestratorServer;
import dev.localipc.examples.orchestrator.Phase;
import dev.localipc.examples.orchestrator.WorkflowState;
import dev.localipc.examples.registry.ClientRegistryMethod;
import dev.localipc.examples.registry.ClientRow;
import dev.localipc.examples.tasks.StartNewTask;
import dev.localipc.examples.tasks.StartedTask;
import dev.localipc.examples.tasks.TaskEvent;
import dev.localipc.examples.tasks.TaskEventType;
import dev.localipc.examples.tasks.TaskServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The one-command demo: in a private runtime directory it starts the orchestrator and the task
 * runner, connects clients with the tokens from the 0600 token files, runs a task end to end with
 * its streamed messages, drives the workflow through START, PAUSE and RESUME, shows a refused
 * signal and a refused token, then shuts everything down and checks that no socket or token file
 * is left. It prints what it does in plain words and finishes in a few seconds.
 *
 * <pre>{@code
 * int exit = new Demo(new PrintWriter(System.out, true), 250).run();
 * }</pre>
 *
 * <p>Not thread-safe: run it once.
 */
public final class Demo {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final PrintWriter out;
    private final long stepMs;
    private final long startedAt = System.nanoTime();

    /** A demo that prints to {@code out}, with {@code stepMs} between two simulated agent steps. */
    public Demo(PrintWriter out, long stepMs) {
        this.out = out;
        if (stepMs < 10 || stepMs > 5_000) {
            throw new CliFailure(ExitCodes.USAGE, "--step-ms " + stepMs + " is out of range: use 10 to 5000");
        }
        this.stepMs = stepMs;
    }

    /**
     * Runs the demo.
     *
     * @return 0 when everything worked and no file is left behind
     */
    public int run() throws IOException, InterruptedException {
        Path runtime = Files.createTempDirectory("localipc-demo-");   // mode 0700 on Linux and macOS
        Path data = Files.createTempDirectory("localipc-demo-data-");
        List<TransportAddress> addresses = new ArrayList<>();
        try {
            say("1. Made a private runtime directory " + runtime + permissions(runtime)
                    + ": the servers put their sockets and token files there.");
            try (OrchestratorServer orchestrator = OrchestratorServer.start(
                    ExampleEndpoints.endpoint(ExampleEndpoints.ORCHESTRATOR, runtime), Duration.ofMillis(stepMs), 4, 0);
                 TaskServer tasks = TaskServer.start(ExampleEndpoints.endpoint(ExampleEndpoints.TASKS, runtime), data,
                         Duration.ofMillis(Math.max(10, stepMs / 2)))) {
                addresses.add(orchestrator.address());
                addresses.add(tasks.address());
                say("2. Started two servers:");
                say("   orchestrator on " + orchestrator.address().location() + ", token file "
                        + orchestrator.address().tokenFile() + permissions(orchestrator.address().tokenFile()));
                say("   task runner  on " + tasks.address().location() + ", token file " + tasks.address().tokenFile()
                        + permissions(tasks.address().tokenFile()));
                runTask(tasks.address(), data);
                driveWorkflow(orchestrator.address());
                refuseWrongToken(orchestrator.address());
                say("8. Shutting down: the clients are closed; now the servers close and remove their files.");
            }
            boolean clean = true;
            for (TransportAddress address : addresses) {
                boolean socketGone = !"unix".equals(address.transport()) || !Files.exists(Path.of(address.location()));
                boolean tokenGone = !Files.exists(address.tokenFile());
                say("   " + address.endpoint().name() + ": socket " + (socketGone ? "removed" : "STILL THERE")
                        + ", token file " + (tokenGone ? "removed" : "STILL THERE"));
                clean &= socketGone && tokenGone;
            }
            say(String.format("Done in %.1f s.%s", (System.nanoTime() - startedAt) / 1e9,
                    clean ? " Nothing was left behind." : " Files were left behind: that is a bug."));
            return clean ? ExitCodes.OK : ExitCodes.INTERNAL;
        } finally {
            deleteTree(data);
            deleteTree(runtime);
        }
    }

    private void runTask(TransportAddress address, Path data) throws IOException, InterruptedException {
        String token = Files.readString(address.tokenFile(), StandardCharsets.US_ASCII).trim();
        say("3. Connecting a client to the task runner with the token read from its token file.");
        BlockingQueue<TaskEvent> events = new LinkedBlockingQueue<>();
        try (IpcClient client = IpcClient.builder(address.endpoint()).token(token).clientName("demo-eval")
                .onNotification(TaskServer.EVENT_METHOD, TaskEvent.class, (ctx, event) -> {
                    say("   event " + describe(event));
                    events.add(event);
                })
                .connect()) {
            say("   connected as client " + client.clientId() + ".");
            JsonObject configuration = new JsonObject();
            configuration.addProperty("steps", 4);
            say("4. Starting a task (StartNewTask); its lifecycle events and messages stream in as they happen:");
            String taskId = await(client.request("StartNewTask",
                    new StartNewTask("Write a haiku about sockets", null, configuration, false), StartedTask.class)).taskId();
            say("   StartNewTask answered with task id " + taskId + ".");
            awaitMatch(events, e -> e.taskId().equals(taskId) && e.type() == TaskEventType.TaskCompleted, "TaskCompleted");
            say("   The task completed; its history is saved in " + data.resolve(taskId + ".json")
                    + " (one JSON file per task: ResumeTask works after a restart).");
            say("5. The task runner's client registry (request " + ClientRegistryMethod.METHOD + "):");
            for (ClientRow row : await(client.request(ClientRegistryMethod.METHOD, null, ClientRow[].class))) {
                say("   client " + row.clientId() + " \"" + row.clientName() + "\" pid " + row.pid() + " uid " + row.uid()
                        + ", " + row.messagesIn() + " messages in, " + row.messagesOut() + " out"
                        + (row.self() ? " (this demo)" : ""));
            }
        }
    }

    private void driveWorkflow(TransportAddress address) throws IOException, InterruptedException {
        String token = Files.readString(address.tokenFile(), StandardCharsets.US_ASCII).trim();
        say("6. Connecting a watcher to the orchestrator and subscribing to topic \"state\".");
        BlockingQueue<WorkflowState> states = new LinkedBlockingQueue<>();
        try (IpcClient client = IpcClient.builder(address.endpoint()).token(token).clientName("demo-watcher").connect()) {
            client.subscribe(OrchestratorServer.TOPIC, WorkflowState.class, (state, seq) -> {
                say("   event #" + seq + " " + describe(state));
                states.add(state);
            });
            say("   START: the simulated agent plans, then does one step every " + stepMs + " ms.");
            await(client.request("START", null, WorkflowState.class));
            awaitMatch(states, s -> s.phase() == Phase.RUNNING && s.step() >= 1, "RUNNING at step 1");
            say("   PAUSE:");
            WorkflowState paused = await(client.request("PAUSE", null, WorkflowState.class));
            say("   PAUSE answered: " + paused.phase() + " at step " + paused.step() + " of " + paused.totalSteps() + ".");
            say("   PAUSE again is refused with an application error:");
            try {
                await(client.request("PAUSE", null, WorkflowState.class));
                throw new CliFailure(ExitCodes.INTERNAL, "the second PAUSE was accepted: that is a bug");
            } catch (CliFailure refused) {
                if (!(refused.getCause() instanceof RpcErrorException)) {
                    throw refused;
                }
                RpcErrorException error = (RpcErrorException) refused.getCause();
                say("   error " + error.code() + ": " + error.getMessage());
            }
            Thread.sleep(3 * stepMs);
            WorkflowState still = await(client.request("GET_STATE", null, WorkflowState.class));
            say("   After 3 step intervals GET_STATE still says " + still.phase() + " at step " + still.step() + ".");
            say("   RESUME:");
            await(client.request("RESUME", null, WorkflowState.class));
            awaitMatch(states, s -> s.phase() == Phase.COMPLETED, "COMPLETED");
            say("   The workflow completed.");
        }
    }

    private void refuseWrongToken(TransportAddress address) throws IOException {
        say("7. A client with a wrong token is refused:");
        try (IpcClient impostor = IpcClient.builder(address.endpoint()).token("0".repeat(64)).clientName("demo-wrong-token")
                .reconnect(false).connect()) {
            throw new CliFailure(ExitCodes.INTERNAL, "a wrong token was accepted by client " + impostor.clientId()
                    + ": that is a bug");
        } catch (HandshakeException refused) {
            say("   error " + refused.code() + ": " + refused.getMessage());
        }
    }

    private static String describe(TaskEvent event) {
        String head = event.type() + " " + event.taskId().substring(0, 8);
        if (event.type() == TaskEventType.Message) {
            return head + " [" + event.message().role() + "] " + event.message().text();
        }
        return head + (event.reason() == null ? "" : ": " + event.reason());
    }

    private static String describe(WorkflowState state) {
        return state.phase() + " run " + state.run() + ", step " + state.step() + "/" + state.totalSteps() + ": "
                + state.reason();
    }

    private synchronized void say(String line) {
        out.println(line);
        out.flush();
    }

    private static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            throw new CliFailure(cause instanceof RpcErrorException ? ExitCodes.REMOTE_ERROR : ExitCodes.INTERNAL,
                    "the demo's request failed: " + cause, cause);
        } catch (java.util.concurrent.TimeoutException late) {
            throw new CliFailure(ExitCodes.TIMEOUT, "the demo got no answer within " + WAIT.toSeconds() + " s", late);
        }
    }

    private static <T> void awaitMatch(BlockingQueue<T> queue, Predicate<T> wanted, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            T next = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new CliFailure(ExitCodes.TIMEOUT, "the demo waited " + WAIT.toSeconds() + " s for " + what);
            }
            if (wanted.test(next)) {
                return;
            }
        }
    }

    private static String permissions(Path path) {
        try {
            return " (mode " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)) + ")";
        } catch (UnsupportedOperationException | IOException notPosix) {
            return "";
        }
    }

    private void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException failure) {
            say("   could not delete " + root + ": " + failure.getMessage());
        }
    }
}
