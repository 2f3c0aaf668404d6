package dev.localipc.examples.orchestrator;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.VirtualThreads;
import dev.localipc.core.IpcServer;
import dev.localipc.core.RpcErrorException;
import dev.localipc.examples.registry.ClientRegistryMethod;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent orchestrator as an IPC server: a {@link WorkflowMachine} whose agent does one step
 * every {@code step}, exposed through requests {@code HEARTBEAT}, {@code GET_STATE},
 * {@code START}, {@code PAUSE}, {@code RESUME}, {@code STOP} (and {@code localipc.clients}), with
 * every change published on topic {@value #TOPIC}. The four signals are also accepted as
 * notifications (no answer; a refused one is logged).
 *
 * <pre>{@code
 * try (OrchestratorServer server = OrchestratorServer.start(Endpoint.of("localipc", "orchestrator"),
 *         Duration.ofMillis(500), 6, 0)) {
 *     System.out.println("listening on " + server.address().location());
 *     Thread.sleep(Long.MAX_VALUE);
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops the steps, says goodbye to the clients and removes the
 * socket and token files; the transport also removes them when the JVM exits on SIGINT or SIGTERM.
 */
public final class OrchestratorServer implements AutoCloseable {
    /** The topic that carries every {@link WorkflowState}. */
    public static final String TOPIC = "state";

    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorServer.class);

    private final WorkflowMachine machine;
    private final IpcServer server;
    private final ScheduledExecutorService ticker;
    private final long startedAt = System.currentTimeMillis();

    private OrchestratorServer(Endpoint endpoint, Duration step, int steps, int failAtStep, String token) throws IOException {
        Objects.requireNonNull(endpoint, "endpoint");
        if (step.toMillis() < 1) {
            throw new IllegalArgumentException("step " + step.toMillis() + " ms is too short: use at least 1 ms");
        }
        PublishTarget target = new PublishTarget();
        this.machine = new WorkflowMachine(steps, failAtStep, Clock.systemUTC(), target::publish);
        IpcServer.Builder builder = IpcServer.builder(endpoint)
                .serverName(endpoint.name())
                .onRequest("HEARTBEAT", JsonElement.class, (ctx, ignored) -> heartbeat())
                .onRequest("GET_STATE", JsonElement.class, (ctx, ignored) -> machine.state());
        for (Signal signal : Signal.values()) {
            builder.onRequest(signal.name(), JsonElement.class, (ctx, ignored) -> apply(signal, ctx.clientId()));
            // Also as a notification (fire and forget, e.g. `localipc notify orchestrator PAUSE`): no answer,
            // so a refused signal is logged.
            builder.onNotification(signal.name(), JsonElement.class, (ctx, ignored) -> {
                try {
                    machine.apply(signal, ctx.clientId());
                } catch (TransitionRefusedException refused) {
                    LOG.info("notification {} from client {} refused: {}", signal, ctx.clientId(), refused.getMessage());
                }
            });
        }
        ClientRegistryMethod.register(builder);
        if (token != null) {
            builder.token(token);
        }
        this.server = builder.build();
        target.server = server;
        server.start();
        this.ticker = Executors.newSingleThreadScheduledExecutor(VirtualThreads.platformFactory("localipc-orchestrator-"));
        ticker.scheduleAtFixedRate(this::tick, step.toMillis(), step.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts an orchestrator on {@code endpoint} with a generated token.
     *
     * @param step time between two agent steps
     * @param steps steps per run
     * @param failAtStep the step that fails with a simulated error, 0 for never
     * @throws IOException if the endpoint cannot be bound (the message says why and what to do)
     */
    public static OrchestratorServer start(Endpoint endpoint, Duration step, int steps, int failAtStep) throws IOException {
        return new OrchestratorServer(endpoint, step, steps, failAtStep, null);
    }

    /** Same as {@link #start(Endpoint, Duration, int, int)} with the given token instead of a generated one. */
    public static OrchestratorServer start(Endpoint endpoint, Duration step, int steps, int failAtStep, String token)
            throws IOException {
        return new OrchestratorServer(endpoint, step, steps, failAtStep, Objects.requireNonNull(token, "token"));
    }

    /** Where clients connect, and the token file. */
    public TransportAddress address() {
        return server.address();
    }

    /** The token clients must present. */
    public String token() {
        return server.token();
    }

    /** The workflow's current state. */
    public WorkflowState state() {
        return machine.state();
    }

    /** The IPC server underneath (for its client registry). */
    public IpcServer ipcServer() {
        return server;
    }

    private WorkflowState apply(Signal signal, String clientId) {
        try {
            return machine.apply(signal, clientId);
        } catch (TransitionRefusedException refused) {
            throw new RpcErrorException(TransitionRefusedException.CODE, refused.getMessage(),
                    Map.of("signal", signal.name(), "phase", refused.state().phase().name()));
        }
    }

    private Heartbeat heartbeat() {
        WorkflowState state = machine.state();
        long now = System.currentTimeMillis();
        return new Heartbeat(true, now, ProcessHandle.current().pid(), now - startedAt, state.phase(), state.version());
    }

    private void tick() {
        try {
            machine.tick();
        } catch (RuntimeException failure) {
            LOG.error("the workflow step failed; the orchestrator keeps running", failure);
        }
    }

    /** Stops the agent's steps and the server; removes the socket and token files. Idempotent. */
    @Override
    public void close() {
        ticker.shutdownNow();
        server.close();
    }

    /** Publishes the machine's snapshots once the server exists (the first one is made before it). */
    private static final class PublishTarget {
        private volatile IpcServer server;

        void publish(WorkflowState state) {
            IpcServer target = server;
            if (target != null) {
                target.publish(TOPIC, state);
            }
        }
    }
}
