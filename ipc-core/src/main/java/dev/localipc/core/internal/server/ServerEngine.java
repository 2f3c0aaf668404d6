package dev.localipc.core.internal.server;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.api.spi.VirtualThreads;
import dev.localipc.core.ClientInfo;
import dev.localipc.core.ConnectionLostException;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.IpcServer;
import dev.localipc.core.RpcErrorException;
import dev.localipc.core.internal.connection.Connection;
import dev.localipc.core.internal.connection.Secrets;
import dev.localipc.core.internal.connection.ConnectionSettings;
import dev.localipc.core.internal.connection.SharedScheduler;
import dev.localipc.core.internal.connection.WorkerThreads;
import dev.localipc.core.internal.wire.EventFrame;
import dev.localipc.core.internal.wire.LibraryMethods;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link IpcServer}: the accept loop, the handshake admission (limits, client
 * ids, sessions), the registry of live clients, publishing, and the orderly shutdown.
 */
public final class ServerEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ServerEngine.class);

    /**
     * Everything the builder collected (see {@code IpcServer.Builder} for each).
     *
     * @param link what every connection of the server shares
     */
    public record Config(Endpoint endpoint, TransportProvider transport, String token, String serverName,
            ConnectionSettings link, long handshakeTimeoutMillis, int maxClients, int maxPendingHandshakes,
            int maxTopicsPerClient, int replayEvents, long replayBytes, Duration sessionGrace, Duration shutdownTimeout,
            Set<Long> allowedUids, List<Consumer<ClientInfo>> onConnected, List<Consumer<ClientInfo>> onDisconnected) {
    }

    private enum State { NEW, RUNNING, CLOSING, CLOSED }

    /** Connections whose refusal (wrong token) may wait on the timer at once. */
    static final int MAX_DELAYED_REFUSALS = 256;
    /** How long a connection evicted from the pending table stays open before its -32003 and close. */
    static final long EVICTION_GRACE_MILLIS = 1000;
    static final int MAX_DELAYED_EVICTIONS = 256;

    private final Config config;
    private final IpcServer facade;
    private final SessionTable sessions;
    private final AuthFailures authFailures = new AuthFailures();
    private final PendingHandshakes<ServerProtocol> pending;
    /** Connections whose failed authentication is answered later (bounded: past it, answers go at once). */
    private final AtomicInteger delayedRefusals = new AtomicInteger();
    private final AtomicInteger delayedEvictions = new AtomicInteger();
    private final Map<String, ServerProtocol> clients = new ConcurrentHashMap<>();
    private final Set<ServerProtocol> links = ConcurrentHashMap.newKeySet();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final ExecutorService readers;
    private volatile TransportListener listener;
    private volatile TransportAddress address;
    private volatile ScheduledFuture<?> ticker;

    public ServerEngine(Config config, IpcServer facade) {
        this.config = config;
        this.facade = facade;
        this.sessions = new SessionTable(config.replayEvents(), config.replayBytes(), config.sessionGrace(), config.maxTopicsPerClient());
        this.pending = new PendingHandshakes<>(config.maxPendingHandshakes());
        this.readers = WorkerThreads.readerPool("localipc-" + config.endpoint().name() + "-reader-");
    }

    IpcServer facade() {
        return facade;
    }

    String token() {
        return config.token();
    }

    SessionTable sessions() {
        return sessions;
    }

    int maxFrameBytes() {
        return config.link().maxFrameBytes();
    }

    /**
     * A connection presented no token or a wrong one: it is answered -32001 and closed after a
     * delay that grows with its peer's recent failures (the timer waits, not a thread). Past
     * {@value #MAX_DELAYED_REFUSALS} connections waiting so, the answer goes at once: the fds stay bounded.
     */
    void authenticationFailed(ServerProtocol link, JsonElement helloId, String why) {
        long delay = authFailures.delayMillis(link.peerKey());
        runLater(() -> link.reject(helloId, IpcErrorCodes.AUTHENTICATION_FAILED, "authentication failed", null, why), delay,
                delayedRefusals, MAX_DELAYED_REFUSALS);
    }

    /**
     * Closes a connection evicted from the full pending table (-32003) {@value #EVICTION_GRACE_MILLIS} ms
     * later, not at once: the peer holding the most silent connections learns late that one is gone,
     * so it cannot churn connections as fast as the server accepts them and eat the CPU a good client
     * needs. The evicted connection no longer counts in the table; if its hello arrives during the
     * grace it is served. Past {@value #MAX_DELAYED_EVICTIONS} connections waiting so, it is closed at
     * once: the fds stay bounded.
     */
    private void evictAfterGrace(ServerProtocol evicted) {
        int capacity = pending.capacity();
        runLater(() -> evicted.evict(capacity), EVICTION_GRACE_MILLIS, delayedEvictions, MAX_DELAYED_EVICTIONS);
    }

    /**
     * Runs {@code action} (an answer that closes a connection) on the timer after {@code delayMillis},
     * or at once when {@code max} such actions already wait, counted in {@code waiting}: whatever
     * the peers do, the connections kept open for a delayed answer stay bounded.
     */
    private static void runLater(Runnable action, long delayMillis, AtomicInteger waiting, int max) {
        if (waiting.incrementAndGet() > max) {
            waiting.decrementAndGet();
            action.run();
            return;
        }
        SharedScheduler.get().schedule(() -> {
            waiting.decrementAndGet();
            action.run();
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** The first frame of {@code link} arrived (or it timed out, or was refused): it leaves the pending table. */
    void firstFrameDone(ServerProtocol link) {
        link.stopHandshakeTimer();
        pending.remove(link);
    }

    /** Resolves, listens (token file written 0600 by the transport), and starts accepting. */
    public void start() throws IOException {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("server " + config.serverName() + " was already started: build a new one");
        }
        try {
            TransportAddress resolved = config.transport().resolve(config.endpoint());
            ListenOptions.Builder options = ListenOptions.builder().token(config.token());
            config.allowedUids().forEach(options::allowUid);
            listener = config.transport().listen(resolved, options.build());
            address = listener.address();
        } catch (IOException | RuntimeException e) {
            state.set(State.CLOSED);
            throw e;
        }
        Thread acceptor = VirtualThreads.platformFactory("localipc-" + config.endpoint().name() + "-accept-").newThread(this::acceptLoop);
        acceptor.start();
        long heartbeat = config.link().heartbeatMillis();
        long period = heartbeat > 0 ? Math.max(10, Math.min(250, heartbeat / 4)) : 250;
        ticker = SharedScheduler.get().scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        LOG.info("server {} listening on {} ({} transport)", config.serverName(), address.location(), address.transport());
    }

    public TransportAddress address() {
        TransportAddress current = address;
        if (current == null) {
            throw new IllegalStateException("server " + config.serverName() + " is not started: call start() first");
        }
        return current;
    }

    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    private void acceptLoop() {
        TransportListener current = listener;
        while (current.isOpen()) {
            TransportConnection connection;
            try {
                connection = current.accept();
            } catch (IOException e) {
                if (!current.isOpen() || state.get() == State.CLOSED) {
                    return;
                }
                LOG.error("accepting a connection on {} failed; going on", address.location(), e);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            onAccepted(connection);
        }
    }

    private void onAccepted(TransportConnection transport) {
        ServerProtocol link = new ServerProtocol(this, transport.peer());
        try {
            link.attach(new Connection(transport, config.link(), link, "connection from " + transport.peer(), null),
                    config.link().maxFrameBytes());
        } catch (IOException e) {
            LOG.error("cannot set up the connection from {}: closing it", transport.peer(), e);
            closeQuietly(transport);
            return;
        }
        if (state.get() != State.RUNNING) {
            link.reject(null, IpcErrorCodes.SHUTTING_DOWN, "server shutting down", null, "server shutting down");
            return;
        }
        links.add(link);
        if (!config.link().wire().handshake()) {
            // no hello on this wire (node-ipc): admitted at once; connect listeners run here, before
            // the reader starts, so what they send (a greeting) is the connection's first frame
            try {
                admit(link, null, false, null, -1);
            } catch (RpcErrorException refused) {
                link.reject(null, refused.code(), refused.getMessage(), refused.data(), refused.getMessage());
                return;
            }
        } else {
            ServerProtocol evicted = pending.add(link, link.peerKey());
            if (evicted != null) {
                evictAfterGrace(evicted);
            }
            link.handshakeTimer(SharedScheduler.get().schedule(() -> link.handshakeTimedOut(config.handshakeTimeoutMillis()),
                    config.handshakeTimeoutMillis(), TimeUnit.MILLISECONDS));
        }
        if (!isRunning()) {
            link.connection().closeNow("server shutting down");
            return;
        }
        link.connection().start(readers);
    }

    /**
     * Admits an authenticated client: checks the limits, assigns the client id and the session
     * (resumed or new), then queues the ack (and the replayed events) under the session lock.
     *
     * @throws RpcErrorException -32006 or -32008 when the client cannot be admitted
     */
    void admit(ServerProtocol link, JsonElement helloId, boolean resumeAsked, String resumeSession, long resumeSeq) {
        if (state.get() != State.RUNNING) {
            throw new RpcErrorException(IpcErrorCodes.SHUTTING_DOWN, "server shutting down");
        }
        synchronized (clients) {
            if (clients.size() >= config.maxClients()) {
                throw new RpcErrorException(IpcErrorCodes.TOO_MANY_CLIENTS, "too many clients: this server serves at most "
                        + config.maxClients());
            }
            String clientId;
            do {
                clientId = Secrets.newClientId();
            } while (clients.containsKey(clientId));
            admitSession(link, clientId, helloId, resumeAsked, resumeSession, resumeSeq);
        }
        if (!link.connection().isOpen()) {
            linkClosed(link, link.connection().closeReason());
            return;
        }
        LOG.debug("{} connected{}", link.connection().peerName(), resumeAsked ? " (resume asked)" : "");
        ClientInfo info = link.clientInfo();
        for (Consumer<ClientInfo> listener : config.onConnected()) {
            try {
                listener.accept(info);
            } catch (RuntimeException e) {
                LOG.error("a client-connected listener failed for {}", info, e);
            }
        }
    }

    private void admitSession(ServerProtocol link, String clientId, JsonElement helloId, boolean resumeAsked,
            String resumeSession, long resumeSeq) {
        Session candidate = resumeAsked ? sessions.resumable(resumeSession, resumeSeq) : null;
        if (candidate != null) {
            ServerProtocol replaced = null;
            boolean resumed = false;
            synchronized (candidate) {
                if (sessions.isHeld(candidate) && candidate.canResumeFrom(resumeSeq)) {
                    link.becomeReady(clientId, candidate);
                    clients.put(clientId, link);
                    replaced = candidate.attach(link, ack(helloId, clientId, candidate, true, true), resumeSeq);
                    resumed = true;
                }
            }
            if (resumed) {
                if (replaced != null) {
                    replaced.connection().closeNow("its session was resumed by a new connection");
                }
                return;
            }
        }
        if (resumeAsked) {
            LOG.info("cannot resume session {} from seq {} for client {}: expired or events no longer buffered;"
                    + " starting a new session", resumeSession, resumeSeq, clientId);
        }
        Session fresh = sessions.create();
        synchronized (fresh) {
            link.becomeReady(clientId, fresh);
            clients.put(clientId, link);
            fresh.attach(link, ack(helloId, clientId, fresh, resumeAsked, false), -1);
        }
    }

    /** The hello's answer; none on a wire without handshake. */
    private byte[] ack(JsonElement helloId, String clientId, Session session, boolean resumeAsked, boolean resumed) {
        if (!config.link().wire().handshake()) {
            return null;
        }
        JsonObject result = new JsonObject();
        result.addProperty("clientId", clientId);
        result.addProperty("session", session.id());
        result.addProperty("server", config.serverName());
        result.addProperty("protocol", 1);
        result.addProperty("pid", ProcessHandle.current().pid());
        result.addProperty("ppid", ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L));
        result.addProperty("heartbeatMs", config.link().heartbeatMillis());
        result.addProperty("maxFrameBytes", config.link().maxFrameBytes());
        if (resumeAsked) {
            result.addProperty("resumed", resumed);
        }
        return config.link().encoder().result(helloId, result);
    }

    /** A link closed: leave the registry, keep the session for the grace period, tell the listeners. */
    void linkClosed(ServerProtocol link, String reason) {
        links.remove(link);
        firstFrameDone(link);
        String clientId = link.clientId();
        if (clientId == null || !clients.remove(clientId, link)) {
            return;
        }
        Session session = link.session();
        boolean keep = !link.saidBye() && state.get() == State.RUNNING;
        sessions.detach(session, link, keep);
        LOG.debug("{} disconnected: {}", link.connection().peerName(), reason);
        ClientInfo info = link.clientInfo();
        for (Consumer<ClientInfo> listener : config.onDisconnected()) {
            try {
                listener.accept(info);
            } catch (RuntimeException e) {
                LOG.error("a client-disconnected listener failed for {}", info, e);
            }
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (ServerProtocol link : links) {
            try {
                link.connection().tick(now);
            } catch (RuntimeException e) {
                LOG.error("heartbeat check of {} failed", link.connection().peerName(), e);
            }
        }
    }

    // ---------------------------------------------------------------- application calls

    public int publish(String topic, Object data) {
        checkName("topic", topic);
        requireRunning("publish to ", topic);
        if (!config.link().wire().handshake()) {
            throw new IllegalStateException("cannot publish to topic " + topic + ": this server speaks node-ipc, which has"
                    + " no topics; broadcast a notification instead");
        }
        EventFrame event = config.link().encoder().event(topic, data);
        return sessions.publish(topic, event);
    }

    public int broadcast(String method, Object params) {
        checkMethod(method);
        requireRunning("broadcast ", method);
        byte[] frame = config.link().encoder().notificationFrame(method, params);
        int count = 0;
        for (ServerProtocol link : clients.values()) {
            if (link.connection().send(frame)) {
                count++;
            }
        }
        return count;
    }

    public boolean send(String clientId, String method, Object params) {
        checkMethod(method);
        ServerProtocol link = clients.get(clientId);
        if (link == null) {
            return false;
        }
        return link.connection().send(config.link().encoder().notificationFrame(method, params));
    }

    public <R> CompletableFuture<R> request(String clientId, String method, Object params, Type resultType) {
        checkMethod(method);
        ServerProtocol link = clients.get(clientId);
        if (!config.link().wire().handshake()) {
            CompletableFuture<R> failed = new CompletableFuture<>();
            failed.completeExceptionally(new UnsupportedOperationException("cannot send the request " + method
                    + ": this server speaks node-ipc, which has no requests; send a notification instead"));
            return failed;
        }
        if (link == null) {
            CompletableFuture<R> failed = new CompletableFuture<>();
            failed.completeExceptionally(new ConnectionLostException("no connected client has id " + clientId
                    + ": it disconnected, or the id is wrong (see server.clients())"));
            return failed;
        }
        return link.connection().request(method, params, resultType, config.link().requestTimeout());
    }

    public List<ClientInfo> clients() {
        List<ClientInfo> list = new ArrayList<>(clients.size());
        for (ServerProtocol link : clients.values()) {
            list.add(link.clientInfo());
        }
        return list;
    }

    public Optional<ClientInfo> client(String clientId) {
        ServerProtocol link = clients.get(clientId);
        return link == null ? Optional.empty() : Optional.of(link.clientInfo());
    }

    /** ipc.bye to every client, -32008 to newcomers, a bounded wait for queues to drain, then release the transport. */
    public void close() {
        if (state.compareAndSet(State.NEW, State.CLOSED)) {
            return;
        }
        if (!state.compareAndSet(State.RUNNING, State.CLOSING)) {
            return;
        }
        boolean bye = config.link().wire().handshake();
        for (ServerProtocol link : links) {
            if (link.phase() == ServerProtocol.Phase.READY && !bye) {
                link.connection().closeNow("server shutting down");
            } else if (link.phase() == ServerProtocol.Phase.READY) {
                link.connection().sendFinal(config.link().encoder().notificationFrame(LibraryMethods.BYE, null),
                        "server shutting down");
            } else {
                link.reject(null, IpcErrorCodes.SHUTTING_DOWN, "server shutting down", null, "server shutting down");
            }
        }
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        while (!links.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ServerProtocol link : links) {
            link.connection().closeNow("server shut down");
        }
        ScheduledFuture<?> tickTask = ticker;
        if (tickTask != null) {
            tickTask.cancel(false);
        }
        try {
            listener.close();
        } catch (IOException e) {
            LOG.warn("closing the listener on {} failed", address.location(), e);
        }
        readers.shutdown(); // the idle readers go now; the others end with their connection
        sessions.clear();
        state.set(State.CLOSED);
        LOG.info("server {} closed", config.serverName());
    }

    /** Throws unless the server runs; the message ("cannot broadcast m: ...") is built only then. */
    private void requireRunning(String action, String name) {
        if (state.get() != State.RUNNING) {
            throw new IllegalStateException("cannot " + action + name + ": server " + config.serverName() + " is "
                    + state.get().name().toLowerCase(java.util.Locale.ROOT) + (state.get() == State.NEW ? "; call start() first" : ""));
        }
    }

    private static void checkMethod(String method) {
        LibraryMethods.checkApplicationMethod(method);
    }

    private static void checkName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " name is " + (name == null ? "null" : "empty") + ": give a name");
        }
    }

    private static void closeQuietly(TransportConnection connection) {
        try {
            connection.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed", connection.peer(), e);
        }
    }
}
