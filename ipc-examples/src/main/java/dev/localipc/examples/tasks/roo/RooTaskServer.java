package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.core.IpcServer;
import dev.localipc.core.RequestContext;
import dev.localipc.core.WireFormat;
import dev.localipc.examples.tasks.TaskRunner;
import dev.localipc.examples.tasks.TaskStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task runner as a drop-in server for Roo Code's IPC: node-ipc 12 frames
 * ({@link WireFormat#nodeIpc()}) carrying Roo's messages ({@code @roo-code/types} 1.115.0),
 * so that Roo's own {@code IpcClient}, such as its evaluation runner, drives the Java task runner
 * unchanged ({@code ../shared/node-ipc-wire/WIRE.md}).
 *
 * <ul>
 *   <li>Every connection first gets the Ack ({@code clientId}, {@code pid}, {@code ppid}); its
 *       clientId is the server registry's id for that connection.</li>
 *   <li>A {@code TaskCommand} (StartNewTask, CancelTask, CloseTask, ResumeTask, SendMessage,
 *       GetCommands, GetModes, GetModels, DeleteQueuedMessage) acts on the task runner
 *       ({@link RooCommandDispatcher}); the answers to queries go to the connection that asked.
 *       Replies are routed by the connection, never by the clientId a client writes in its
 *       message (Roo's own server trusts that field: this one does not).</li>
 *   <li>Every task event goes to every connection as Roo's TaskEvent ({@link RooEventTranslator}:
 *       names, tuples and enum values Roo's strict schemas accept).</li>
 *   <li>A frame that is not a valid Roo message is logged and dropped, as node-ipc does; the
 *       connection goes on.</li>
 * </ul>
 *
 * <pre>{@code
 * try (RooTaskServer server = RooTaskServer.start(Endpoint.ofSocketPath(Path.of(socketPath)), dataDir,
 *         Duration.ofMillis(300))) {
 *     Thread.sleep(Long.MAX_VALUE);
 * }
 * }</pre>
 *
 * <p>No token: node-ipc clients have none, so who may connect rests on the socket's mode (0600) and
 * the peer-uid check (docs/SECURITY.md). Thread-safe.
 */
public final class RooTaskServer implements AutoCloseable {
    /** node-ipc's envelope type of every Roo message. */
    public static final String ENVELOPE = "message";

    private static final long REFUSALS_LOGGED = 100;
    private static final Logger LOG = LoggerFactory.getLogger(RooTaskServer.class);

    private final TaskRunner runner;
    private final RooCommandDispatcher dispatcher;
    private final IpcServer server;
    private final AtomicLong refused = new AtomicLong();

    private RooTaskServer(Endpoint endpoint, Path dataDirectory, Duration step) throws IOException {
        Objects.requireNonNull(endpoint, "endpoint");
        RooEventTranslator translator = new RooEventTranslator();
        IpcServer[] built = new IpcServer[1];
        this.runner = new TaskRunner(new TaskStore(dataDirectory), step, Clock.systemUTC(), event -> {
            IpcServer target = built[0];
            if (target != null && target.isRunning()) {
                translator.translate(event).forEach(roo -> target.broadcast(ENVELOPE, IpcMessage.taskEvent(roo).toJson()));
            }
        });
        this.dispatcher = new RooCommandDispatcher(runner, Clock.systemUTC());
        try {
            built[0] = IpcServer.builder(endpoint).serverName(endpoint.name()).wireFormat(WireFormat.nodeIpc())
                    .onClientConnected(client -> built[0].send(client.clientId(), ENVELOPE,
                            IpcMessage.ack(Ack.forThisProcess(client.clientId())).toJson()))
                    .onNotification(ENVELOPE, JsonElement.class, this::onMessage)
                    .build();
            built[0].start();
        } catch (IOException | RuntimeException failure) {
            runner.close();
            throw failure;
        }
        this.server = built[0];
    }

    /**
     * Starts the Roo-compatible task runner on {@code endpoint} (usually
     * {@code Endpoint.ofSocketPath} of the path Roo's runner chose).
     *
     * @param dataDirectory where the task files live (created 0700 if missing)
     * @param step the default time between two messages of a task
     * @throws IOException if the data directory or the endpoint cannot be used (the message says why)
     */
    public static RooTaskServer start(Endpoint endpoint, Path dataDirectory, Duration step) throws IOException {
        return new RooTaskServer(endpoint, dataDirectory, step);
    }

    private void onMessage(RequestContext ctx, JsonElement data) {
        IpcMessage message;
        try {
            message = IpcMessage.parse(data);
        } catch (RooSchemaException invalid) {
            warnBounded("dropped a message from client {} that is not a Roo IPC message: {}", ctx.clientId(), invalid.getMessage());
            return;
        }
        if (message.type() != IpcMessageType.TASK_COMMAND) {
            refused.incrementAndGet();
            LOG.debug("ignored a {} from client {} (Roo's server acts on TaskCommand only)", message.type().wire(), ctx.clientId());
            return;
        }
        if (message.clientId() != null && !message.clientId().equals(ctx.clientId())) {
            LOG.info("client {} wrote clientId {} in its command; answering the connection it came on", ctx.clientId(),
                    message.clientId());
        }
        RooCommandResult result = dispatcher.dispatch(ctx.clientId(), message.command());
        result.replies().forEach(reply -> ctx.notifyPeer(ENVELOPE, IpcMessage.taskEvent(reply).toJson()));
        if (result.refusal() != null) {
            warnBounded("client {}: {}", ctx.clientId(), result.refusal());
        }
    }

    /**
     * Counts a refusal and logs it at WARN for the first {@value #REFUSALS_LOGGED}, then at DEBUG,
     * so that a client sending nothing but bad messages cannot flood the log.
     */
    private void warnBounded(String format, String clientId, String why) {
        long count = refused.incrementAndGet();
        if (count < REFUSALS_LOGGED) {
            LOG.warn(format, clientId, why);
        } else if (count == REFUSALS_LOGGED) {
            LOG.warn(format + " (further refusals are logged at DEBUG; refusedMessages() counts them)", clientId, why);
        } else {
            LOG.debug(format, clientId, why);
        }
    }

    /**
     * How many messages were not acted on since the start: not Roo messages (dropped, as Roo's
     * server drops them), messages other than TaskCommand, and commands the task runner refused
     * (each is logged with its reason). Frames ipc-core itself drops (not JSON, no envelope type)
     * are logged by ipc-core and not counted here.
     */
    public long refusedMessages() {
        return refused.get();
    }

    /** Where clients connect. */
    public TransportAddress address() {
        return server.address();
    }

    /** The IPC server underneath (its client registry). */
    public IpcServer ipcServer() {
        return server;
    }

    /** Pauses and saves running tasks, then stops the server. Idempotent. */
    @Override
    public void close() {
        runner.close();
        server.close();
    }
}
