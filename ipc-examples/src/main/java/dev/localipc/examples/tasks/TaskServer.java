package dev.localipc.examples.tasks;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.IpcServer;
import dev.localipc.core.RequestHandler;
import dev.localipc.core.RpcErrorException;
import dev.localipc.examples.registry.ClientRegistryMethod;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The task runner as an IPC server: commands {@code StartNewTask}, {@code CancelTask},
 * {@code CloseTask}, {@code ResumeTask}, {@code SendMessage}, {@code GetCommands},
 * {@code GetTasks}, {@code GetTask} (and {@code localipc.clients}); every lifecycle event goes to
 * every client as the notification {@value #EVENT_METHOD} and is also published on topic
 * {@value #TOPIC} (numbered, replayed after a reconnect) for clients that subscribe.
 * Task history lives in one JSON file per task in the data directory.
 *
 * <pre>{@code
 * try (TaskServer server = TaskServer.start(Endpoint.of("localipc", "tasks"), Path.of("tasks-data"),
 *         Duration.ofMillis(300))) {
 *     System.out.println("listening on " + server.address().location());
 *     Thread.sleep(Long.MAX_VALUE);
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} pauses running tasks (saved, resumable after a restart), then
 * stops the server and removes the socket and token files.
 */
public final class TaskServer implements AutoCloseable {
    /** The notification every client receives for each task event. */
    public static final String EVENT_METHOD = "TaskEvent";
    /** The topic that carries the same events, numbered. */
    public static final String TOPIC = "tasks";

    static final List<CommandInfo> COMMANDS = List.of(
            new CommandInfo("StartNewTask", "{\"text\":\"...\",\"images\":[],\"configuration\":{\"steps\":4,\"stepMs\":200},"
                    + "\"newTab\":false}", "{\"taskId\":\"...\"}", "creates a task and starts it"),
            new CommandInfo("CancelTask", "{\"taskId\":\"...\"}", "task summary", "aborts a RUNNING or PAUSED task"),
            new CommandInfo("CloseTask", "{\"taskId\":\"...\"}", "task summary", "closes a task (aborts it if it runs)"),
            new CommandInfo("ResumeTask", "{\"taskId\":\"...\"}", "task summary",
                    "continues a PAUSED or ABORTED task where it stopped, also after a server restart"),
            new CommandInfo("SendMessage", "{\"taskId\":\"...\",\"text\":\"...\"}", "task summary",
                    "adds a user message to a task"),
            new CommandInfo("GetCommands", "none", "this list", "lists the commands"),
            new CommandInfo("GetTasks", "none", "array of task summaries", "lists every known task"),
            new CommandInfo("GetTask", "{\"taskId\":\"...\"}", "the task with its messages", "one task's full history"),
            new CommandInfo(ClientRegistryMethod.METHOD, "none", "array of clients", "the server's client registry"));

    private final TaskRunner runner;
    private final IpcServer server;

    private TaskServer(Endpoint endpoint, Path dataDirectory, Duration step, String token) throws IOException {
        Objects.requireNonNull(endpoint, "endpoint");
        EventTarget target = new EventTarget();
        this.runner = new TaskRunner(new TaskStore(dataDirectory), step, Clock.systemUTC(), target::send);
        IpcServer.Builder builder = IpcServer.builder(endpoint)
                .serverName(endpoint.name())
                .onRequest("StartNewTask", StartNewTask.class,
                        handle("StartNewTask", (ctx, p) -> new StartedTask(runner.start(p, ctx.clientId()))))
                .onRequest("CancelTask", TaskIdParams.class,
                        handle("CancelTask", (ctx, p) -> runner.cancel(p.taskId(), ctx.clientId()).summary()))
                .onRequest("CloseTask", TaskIdParams.class,
                        handle("CloseTask", (ctx, p) -> runner.close(p.taskId(), ctx.clientId()).summary()))
                .onRequest("ResumeTask", TaskIdParams.class,
                        handle("ResumeTask", (ctx, p) -> runner.resume(p.taskId(), ctx.clientId()).summary()))
                .onRequest("SendMessage", SendMessageParams.class,
                        handle("SendMessage", (ctx, p) -> runner.sendMessage(p.taskId(), p.text(), ctx.clientId()).summary()))
                .onRequest("GetCommands", JsonElement.class, (ctx, ignored) -> COMMANDS)
                .onRequest("GetTasks", JsonElement.class, (ctx, ignored) -> runner.tasks())
                .onRequest("GetTask", TaskIdParams.class, handle("GetTask", (ctx, p) -> runner.task(p.taskId())));
        ClientRegistryMethod.register(builder);
        if (token != null) {
            builder.token(token);
        }
        IpcServer built;
        try {
            built = builder.build();
            target.server = built;
            built.start();
        } catch (IOException | RuntimeException failure) {
            runner.close();
            throw failure;
        }
        this.server = built;
    }

    /**
     * Starts a task runner on {@code endpoint} with a generated token.
     *
     * @param dataDirectory where the task files live (created 0700 if missing)
     * @param step the default time between two messages of a task
     * @throws IOException if the data directory or the endpoint cannot be used (the message says why)
     */
    public static TaskServer start(Endpoint endpoint, Path dataDirectory, Duration step) throws IOException {
        return new TaskServer(endpoint, dataDirectory, step, null);
    }

    /** Same as {@link #start(Endpoint, Path, Duration)} with the given token instead of a generated one. */
    public static TaskServer start(Endpoint endpoint, Path dataDirectory, Duration step, String token) throws IOException {
        return new TaskServer(endpoint, dataDirectory, step, Objects.requireNonNull(token, "token"));
    }

    /** Where clients connect, and the token file. */
    public TransportAddress address() {
        return server.address();
    }

    /** The token clients must present. */
    public String token() {
        return server.token();
    }

    /** The IPC server underneath (for its client registry). */
    public IpcServer ipcServer() {
        return server;
    }

    /** Pauses and saves running tasks, then stops the server. Idempotent. */
    @Override
    public void close() {
        runner.close();
        server.close();
    }

    /** Turns the domain's exceptions into JSON-RPC errors: TaskException keeps its code, bad params are -32602. */
    private static <P, R> RequestHandler<P, R> handle(String method, RequestHandler<P, R> handler) {
        return (ctx, params) -> {
            try {
                return handler.handle(ctx, params);
            } catch (TaskException refused) {
                throw new RpcErrorException(refused.code(), refused.getMessage(), taskData(params));
            } catch (IllegalArgumentException invalid) {
                throw new RpcErrorException(IpcErrorCodes.INVALID_PARAMS, "invalid params of " + method + ": "
                        + invalid.getMessage());
            }
        };
    }

    private static Object taskData(Object params) {
        if (params instanceof TaskIdParams) {
            return Map.of("taskId", ((TaskIdParams) params).taskId());
        }
        if (params instanceof SendMessageParams) {
            return Map.of("taskId", ((SendMessageParams) params).taskId());
        }
        return null;
    }

    /** Sends the runner's events once the server exists. */
    private static final class EventTarget {
        private volatile IpcServer server;

        void send(TaskEvent event) {
            IpcServer target = server;
            if (target != null) {
                target.broadcast(EVENT_METHOD, event);
                target.publish(TOPIC, event);
            }
        }
    }
}
