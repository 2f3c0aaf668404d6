package dev.localipc.core.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.api.spi.VirtualThreads;
import dev.localipc.core.ConnectionLostException;
import dev.localipc.core.ConnectionState;
import dev.localipc.core.HandshakeException;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.RpcErrorException;
import dev.localipc.core.ServerInfo;
import dev.localipc.core.Subscription;
import dev.localipc.core.TopicListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link dev.localipc.core.IpcClient}: connecting and the handshake, the
 * connection state, reconnecting with back-off and resuming, subscriptions and event sequence
 * checks.
 */
public final class ClientEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ClientEngine.class);
    /** The environment variable a token can come from. */
    public static final String TOKEN_ENV = "LOCALIPC_TOKEN";

    /** Everything the builder collected. Filled once, then read-only. */
    public static final class Config {
        public Endpoint endpoint;
        public TransportProvider transport;
        public String token;
        public Path tokenFile;
        public String clientName;
        public RpcLink.Settings link;
        public Duration connectTimeout;
        public long serverUid = -1;
        public boolean reconnect;
        public Duration backoffInitial;
        public Duration backoffMax;
        public List<Consumer<ConnectionState>> stateListeners;
    }

    private final Config config;
    private final Object stateLock = new Object();
    private final Object eventLock = new Object();
    /**
     * How long {@link #close()} waits for the listeners and handlers of what was already received
     * (issue 12: GETTING-STARTED's client lost the event that came just before its response).
     */
    static final long CLOSE_DRAIN_MILLIS = 5_000;
    /** The engine whose ordered worker runs on this thread now: close() from a listener must not wait for itself. */
    private static final ThreadLocal<ClientEngine> ON_WORKER = new ThreadLocal<>();
    private final Executor orderedWorker = RpcLink.newOrderedWorker();
    /** The ordered worker, marking its thread so that {@link #close()} can tell when a listener calls it. */
    private final Executor handlerExecutor = task -> orderedWorker.execute(() -> {
        ON_WORKER.set(this);
        try {
            task.run();
        } finally {
            ON_WORKER.remove();
        }
    });
    private final ThreadFactory readers;
    private final Map<String, CopyOnWriteArrayList<Listener<?>>> topics = new ConcurrentHashMap<>();
    private final Set<String> serverTopics = ConcurrentHashMap.newKeySet();
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile ClientLink link;
    private volatile ServerInfo serverInfo;
    private volatile String session;
    private volatile String clientId;
    private volatile ScheduledFuture<?> ticker;
    private volatile Thread reconnector;
    private long lastSeq;

    public ClientEngine(Config config) {
        this.config = config;
        this.readers = WorkerThreads.readers("localipc-client-" + config.endpoint.name() + "-reader-");
    }

    // ---------------------------------------------------------------- connecting

    /** Connects and completes the handshake, or throws. */
    public void connect() throws IOException {
        fireState(ConnectionState.CONNECTING);
        try {
            connectOnce(false);
        } catch (IOException | RuntimeException e) {
            setState(ConnectionState.CLOSED);
            throw e;
        }
    }

    private void connectOnce(boolean resume) throws IOException {
        TransportAddress address = config.transport.resolve(config.endpoint);
        String token = token(address);
        ConnectOptions.Builder options = ConnectOptions.builder().timeout(config.connectTimeout);
        if (config.serverUid >= 0) {
            options.expectedServerUid(config.serverUid);
        }
        TransportConnection connection = config.transport.connect(address, options.build());
        ClientLink candidate;
        try {
            candidate = new ClientLink(this, connection, config.link, handlerExecutor);
        } catch (IOException e) {
            connection.close();
            throw e;
        }
        candidate.start(readers);
        JsonObject params = new JsonObject();
        params.addProperty("token", token);
        params.addProperty("protocol", 1);
        if (config.clientName != null) {
            params.addProperty("client", config.clientName);
        }
        String previousSession = session;
        if (resume && previousSession != null) {
            JsonObject resumeFrom = new JsonObject();
            resumeFrom.addProperty("session", previousSession);
            synchronized (eventLock) {
                resumeFrom.addProperty("lastSeq", lastSeq);
            }
            params.add("resume", resumeFrom);
        }
        CompletableFuture<JsonElement> hello = candidate.request("ipc.hello", params, JsonElement.class, config.connectTimeout);
        try {
            await(hello, config.connectTimeout.plusSeconds(1));
        } catch (IOException e) {
            candidate.closeNow("handshake failed");
            throw e;
        }
        ServerInfo info = serverInfo;
        List<String> missing = new ArrayList<>(topics.keySet());
        missing.removeAll(serverTopics);
        if (!missing.isEmpty()) {
            try {
                await(candidate.request("ipc.subscribe", topicsParams(missing), JsonElement.class, config.connectTimeout),
                        config.connectTimeout.plusSeconds(1));
                serverTopics.addAll(missing);
            } catch (IOException e) {
                candidate.closeNow("re-subscribing failed");
                throw e;
            }
        }
        boolean becameReady = false;
        synchronized (stateLock) {
            if (state != ConnectionState.CLOSED && candidate.isOpen()) {
                link = candidate;
                candidate.ready(info.heartbeatMs(), info.maxFrameBytes());
                state = ConnectionState.READY;
                becameReady = true;
            }
        }
        if (!becameReady) {
            candidate.closeNow("the client was closed during the handshake");
            throw new ConnectionLostException("the connection to " + address.location()
                    + " closed during the handshake" + (state == ConnectionState.CLOSED ? " (the client was closed)" : ""));
        }
        startTicker(info.heartbeatMs());
        LOG.debug("connected to {}: {}", address.location(), info);
        fireState(ConnectionState.READY);
    }

    private void await(CompletableFuture<JsonElement> future, Duration timeout) throws IOException {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during the handshake");
        } catch (TimeoutException e) {
            throw new IOException("the server did not answer the handshake within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RpcErrorException) {
                RpcErrorException error = (RpcErrorException) cause;
                throw new HandshakeException(error.code(), explain(error.code(), error.getMessage()), error.getMessage());
            }
            ClientLink current = link;
            if (cause instanceof ConnectionLostException && future instanceof CallFuture) {
                ClientLink failed = (ClientLink) ((CallFuture<?>) future).link;
                if (failed.connectionErrorCode() != 0) {
                    throw new HandshakeException(failed.connectionErrorCode(),
                            explain(failed.connectionErrorCode(), failed.connectionErrorMessage()),
                            failed.connectionErrorMessage());
                }
            }
            if (current == null && cause instanceof ConnectionLostException) {
                throw new IOException("the server closed the connection during the handshake: " + cause.getMessage(), cause);
            }
            throw new IOException("the handshake failed: " + cause.getMessage(), cause);
        }
    }

    private static String explain(int code, String message) {
        switch (code) {
            case IpcErrorCodes.AUTHENTICATION_FAILED:
                return "the server refused the token (-32001 " + message + "): pass the server's token with the builder,"
                        + " LOCALIPC_TOKEN or the token file it wrote";
            case IpcErrorCodes.TOO_MANY_CLIENTS:
                // -32006 is sent for two limits: maxClients, and maxPendingHandshakes (whose message names the handshake).
                return "the server is full (-32006 " + message + "): try again later"
                        + (message != null && message.contains("handshake") ? "" : " or raise its maxClients");
            case IpcErrorCodes.SHUTTING_DOWN:
                return "the server is shutting down (-32008 " + message + ")";
            case IpcErrorCodes.UNSUPPORTED_PROTOCOL:
                return "the server does not speak protocol 1 (-32005 " + message + "): upgrade the client or the server";
            default:
                return "the server refused the handshake (" + code + " " + message + ")";
        }
    }

    private String token(TransportAddress address) throws IOException {
        if (config.token != null) {
            return config.token;
        }
        String fromEnv = System.getenv(TOKEN_ENV);
        if (config.tokenFile == null && fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        return Secrets.readTokenFile(config.tokenFile != null ? config.tokenFile : address.tokenFile());
    }

    /** The ack arrived (reader thread, before any event of the new connection). */
    void acknowledged(ClientLink from, JsonObject ack) {
        ServerInfo info = new ServerInfo(string(ack, "clientId"), string(ack, "session"), string(ack, "server"),
                (int) number(ack, "protocol", 1), number(ack, "pid", -1), number(ack, "ppid", -1),
                number(ack, "heartbeatMs", 0), (int) number(ack, "maxFrameBytes", 16 << 20),
                ack.has("resumed") && ack.get("resumed").getAsBoolean());
        synchronized (eventLock) {
            if (!info.resumed()) {
                if (session != null && ack.has("resumed")) {
                    LOG.warn("the server could not resume session {} after seq {}: events in between are lost;"
                            + " starting session {}", session, lastSeq, info.session());
                }
                lastSeq = 0;
                serverTopics.clear();
            }
            session = info.session();
        }
        clientId = info.clientId();
        serverInfo = info;
    }

    private static String string(JsonObject object, String name) {
        JsonElement value = object.get(name);
        return value == null || !value.isJsonPrimitive() ? "" : value.getAsString();
    }

    private static long number(JsonObject object, String name, long fallback) {
        try {
            JsonElement value = object.get(name);
            return value == null || !value.isJsonPrimitive() ? fallback : value.getAsLong();
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    // ---------------------------------------------------------------- losing and regaining the link

    void linkClosed(ClientLink closed, String reason) {
        boolean reconnect;
        synchronized (stateLock) {
            if (link != closed) {
                return;
            }
            link = null;
            if (state == ConnectionState.CLOSED) {
                return;
            }
            reconnect = config.reconnect;
            state = reconnect ? ConnectionState.RECONNECTING : ConnectionState.CLOSED;
        }
        stopTicker();
        LOG.info("lost the connection to {}: {}{}", config.endpoint, reason, reconnect ? "; reconnecting" : "");
        fireState(reconnect ? ConnectionState.RECONNECTING : ConnectionState.CLOSED);
        if (reconnect) {
            Thread thread = VirtualThreads.platformFactory("localipc-reconnect-").newThread(this::reconnectLoop);
            reconnector = thread;
            thread.start();
        }
    }

    private void reconnectLoop() {
        long delay = config.backoffInitial.toMillis();
        long max = config.backoffMax.toMillis();
        int attempt = 0;
        while (state == ConnectionState.RECONNECTING) {
            long wait = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            if (state != ConnectionState.RECONNECTING) {
                return;
            }
            attempt++;
            try {
                connectOnce(true);
                return;
            } catch (HandshakeException e) {
                if (e.code() == IpcErrorCodes.AUTHENTICATION_FAILED || e.code() == IpcErrorCodes.UNSUPPORTED_PROTOCOL) {
                    LOG.error("giving up reconnecting to {}: {}", config.endpoint, e.getMessage());
                    closeAfterFailure();
                    return;
                }
                LOG.info("reconnect attempt {} to {} failed: {}", attempt, config.endpoint, e.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.info("reconnect attempt {} to {} failed: {}", attempt, config.endpoint, e.toString());
            }
            delay = Math.min(max, delay * 2);
        }
    }

    private void closeAfterFailure() {
        synchronized (stateLock) {
            if (state == ConnectionState.CLOSED) {
                return;
            }
            state = ConnectionState.CLOSED;
        }
        fireState(ConnectionState.CLOSED);
    }

    private void startTicker(long heartbeatMillis) {
        stopTicker();
        long period = heartbeatMillis > 0 ? Math.max(10, Math.min(250, heartbeatMillis / 4)) : 250;
        ticker = SharedScheduler.get().scheduleAtFixedRate(() -> {
            ClientLink current = link;
            if (current != null) {
                try {
                    current.tick(System.nanoTime());
                } catch (RuntimeException e) {
                    LOG.error("heartbeat check of {} failed", current.peerName(), e);
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    private void stopTicker() {
        ScheduledFuture<?> task = ticker;
        if (task != null) {
            task.cancel(false);
        }
    }

    /**
     * Sends ipc.bye and closes; then lets the ordered worker finish what was already received, so
     * that an event that arrived before the last response reaches its listener before close()
     * returns (for at most {@link #CLOSE_DRAIN_MILLIS}; not when called from a listener itself).
     * Idempotent.
     */
    public void close() {
        boolean closedHere = closeLink();
        awaitReceivedWork();
        if (closedHere) {
            fireState(ConnectionState.CLOSED);
        }
    }

    /**
     * Waits until the ordered worker has run everything queued so far (the reader queues an event's
     * listeners before it reads the next frame, so nothing received before the link closed is left out).
     */
    private void awaitReceivedWork() {
        if (ON_WORKER.get() == this) {
            return; // a listener or handler closes the client: the rest of the queue runs after it returns
        }
        CountDownLatch drained = new CountDownLatch(1);
        handlerExecutor.execute(drained::countDown);
        try {
            if (!drained.await(CLOSE_DRAIN_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("closing the client of {}: its listeners and handlers are still busy with what was received"
                        + " after {} ms; close() returns without waiting for them", config.endpoint, CLOSE_DRAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends ipc.bye and closes the link; true if this call closed the client (false if it was closed already). */
    private boolean closeLink() {
        ClientLink current;
        synchronized (stateLock) {
            if (state == ConnectionState.CLOSED) {
                return false;
            }
            state = ConnectionState.CLOSED;
            current = link;
            link = null;
        }
        stopTicker();
        Thread thread = reconnector;
        if (thread != null) {
            thread.interrupt();
        }
        if (current != null) {
            current.sendFinal(current.frames.notification("ipc.bye", null), "the client closed");
            long deadline = System.nanoTime() + 500_000_000L;
            while (current.isOpen() && System.nanoTime() - deadline < 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            current.closeNow("the client closed");
        }
        return true;
    }

    private void setState(ConnectionState next) {
        synchronized (stateLock) {
            if (state == next) {
                return;
            }
            state = next;
        }
        fireState(next);
    }

    private void fireState(ConnectionState next) {
        for (Consumer<ConnectionState> listener : config.stateListeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                LOG.error("a connection state listener failed on {}", next, e);
            }
        }
    }

    // ---------------------------------------------------------------- calls

    public ConnectionState state() {
        return state;
    }

    public boolean isConnected() {
        ClientLink current = link;
        return current != null && current.isOpen();
    }

    public ServerInfo serverInfo() {
        return serverInfo;
    }

    public String clientId() {
        return clientId;
    }

    public String session() {
        return session;
    }

    String clientName() {
        return config.clientName;
    }

    /** The link to send {@code method} on; the message names the method (built only when it fails). */
    private ClientLink readyLink(String method) {
        ClientLink current = link;
        if (state != ConnectionState.READY || current == null) {
            throw new ConnectionLostException("cannot send " + method + ": not connected to " + config.endpoint + " (state "
                    + state + (state == ConnectionState.RECONNECTING ? ": reconnecting, try again when READY" : "") + ")");
        }
        return current;
    }

    public <R> CompletableFuture<R> request(String method, Object params, Type resultType, Duration timeout) {
        checkMethod(method);
        ClientLink current;
        try {
            current = readyLink(method);
        } catch (ConnectionLostException e) {
            CompletableFuture<R> failed = new CompletableFuture<>();
            failed.completeExceptionally(e);
            return failed;
        }
        return current.request(method, params, resultType, timeout);
    }

    public void notify(String method, Object params) {
        checkMethod(method);
        readyLink(method).notify(method, params);
    }

    private static void checkMethod(String method) {
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("method name is " + (method == null ? "null" : "empty") + ": give a name");
        }
        if (method.startsWith("ipc.")) {
            throw new IllegalArgumentException("method \"" + method + "\" is in the reserved ipc. namespace: choose another name");
        }
    }

    // ---------------------------------------------------------------- topics

    private static final class Listener<T> {
        final Type type;
        final TopicListener<T> listener;

        Listener(Type type, TopicListener<T> listener) {
            this.type = type;
            this.listener = listener;
        }
    }

    public <T> Subscription subscribe(String topic, Type type, TopicListener<T> listener) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("topic name is " + (topic == null ? "null" : "empty") + ": give a name");
        }
        Listener<T> entry = new Listener<>(type, listener);
        boolean first;
        synchronized (topics) {
            CopyOnWriteArrayList<Listener<?>> list = topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>());
            first = list.isEmpty();
            list.add(entry);
        }
        ClientLink current = link;
        if (first && state == ConnectionState.READY && current != null) {
            try {
                current.request("ipc.subscribe", topicsParams(List.of(topic)), JsonElement.class, config.link.requestTimeout)
                        .get(config.link.requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                serverTopics.add(topic);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                remove(topic, entry);
                throw new ConnectionLostException("interrupted while subscribing to " + topic, e);
            } catch (ExecutionException | TimeoutException e) {
                remove(topic, entry);
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                throw new ConnectionLostException("subscribing to " + topic + " failed: " + cause, cause);
            }
        }
        return new Subscription() {
            private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

            @Override
            public String topic() {
                return topic;
            }

            @Override
            public void close() {
                if (closed.compareAndSet(false, true)) {
                    remove(topic, entry);
                }
            }

            @Override
            public String toString() {
                return "subscription to " + topic;
            }
        };
    }

    private void remove(String topic, Listener<?> entry) {
        boolean last;
        synchronized (topics) {
            CopyOnWriteArrayList<Listener<?>> list = topics.get(topic);
            if (list == null || !list.remove(entry)) {
                return;
            }
            last = list.isEmpty();
            if (last) {
                topics.remove(topic);
            }
        }
        if (last && serverTopics.remove(topic)) {
            ClientLink current = link;
            if (current != null && state == ConnectionState.READY) {
                current.request("ipc.unsubscribe", topicsParams(List.of(topic)), JsonElement.class, config.link.requestTimeout)
                        .whenComplete((ignored, failure) -> {
                            if (failure != null) {
                                LOG.warn("unsubscribing from {} failed: {}", topic, failure.toString());
                            }
                        });
            }
        }
    }

    private static JsonObject topicsParams(List<String> names) {
        JsonArray array = new JsonArray();
        names.forEach(array::add);
        JsonObject params = new JsonObject();
        params.add("topics", array);
        return params;
    }

    /**
     * An ipc.event arrived (reader thread, arrival order): checks its seq against the last one seen
     * and returns the work that calls the listeners (run on the handler worker).
     */
    Runnable onEvent(JsonElement params) {
        if (params == null || !params.isJsonObject()) {
            LOG.warn("dropped an ipc.event without params object: {}", params);
            return () -> { };
        }
        JsonObject event = params.getAsJsonObject();
        String topic = string(event, "topic");
        long seq = number(event, "seq", -1);
        JsonElement data = event.get("data");
        synchronized (eventLock) {
            if (seq >= 0) {
                if (seq <= lastSeq) {
                    LOG.debug("dropped duplicate event {} of topic {} (already saw seq {})", seq, topic, lastSeq);
                    return () -> { };
                }
                if (seq > lastSeq + 1) {
                    LOG.warn("events {}..{} of session {} were lost (gap before event {} of topic {})", lastSeq + 1, seq - 1,
                            session, seq, topic);
                }
                lastSeq = seq;
            }
        }
        List<Listener<?>> listeners = topics.get(topic);
        if (listeners == null || listeners.isEmpty()) {
            LOG.debug("dropped event {} of topic {}: no listener (unsubscribed)", seq, topic);
            return () -> { };
        }
        return () -> {
            for (Listener<?> listener : listeners) {
                deliver(listener, topic, seq, data);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private <T> void deliver(Listener<T> listener, String topic, long seq, JsonElement data) {
        T value;
        try {
            value = (T) config.link.binder.bind(data, listener.type, "data of topic ", topic);
        } catch (RpcErrorException e) {
            LOG.error("event {} of topic {} not delivered to a listener: {}", seq, topic, e.getMessage());
            return;
        }
        try {
            listener.listener.onEvent(value, seq);
        } catch (Exception e) {
            LOG.error("a listener of topic {} failed on event {}", topic, seq, e);
        }
    }

    /** The last event seq seen in the current session. */
    public long lastSeq() {
        synchronized (eventLock) {
            return lastSeq;
        }
    }
}
