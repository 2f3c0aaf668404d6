package dev.localipc.core.internal.client;

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
import dev.localipc.core.internal.connection.Connection;
import dev.localipc.core.internal.connection.ConnectionSettings;
import dev.localipc.core.internal.connection.Secrets;
import dev.localipc.core.internal.connection.SharedScheduler;
import dev.localipc.core.internal.connection.WorkerThreads;
import dev.localipc.core.internal.wire.Binding;
import dev.localipc.core.internal.wire.LibraryMethods;
import dev.localipc.core.internal.wire.FrameDecoder;
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

    /**
     * Everything the builder collected (see {@code IpcClient.Builder} for each).
     *
     * @param link what the client's connections share
     * @param serverUid the uid the server must run as, or -1 for the client's own
     */
    public record Config(Endpoint endpoint, TransportProvider transport, String token, Path tokenFile, String clientName,
            ConnectionSettings link, Duration connectTimeout, long serverUid, boolean reconnect, Duration backoffInitial,
            Duration backoffMax, List<Consumer<ConnectionState>> stateListeners) {
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
    private final Executor orderedWorker = Connection.newOrderedWorker();
    /** The ordered worker, marking its thread so that {@link #close()} can tell when a listener calls it. */
    private final Executor handlerExecutor = task -> orderedWorker.execute(() -> {
        ON_WORKER.set(this);
        try {
            task.run();
        } finally {
            ON_WORKER.remove();
        }
    });
    private final Executor readers;
    private final Map<String, CopyOnWriteArrayList<Listener<?>>> topics = new ConcurrentHashMap<>();
    /** The distinct listener types of each topic, kept in step with {@link #topics} under its lock (read per event). */
    private final Map<String, List<Type>> topicTypes = new ConcurrentHashMap<>();
    private final Set<String> serverTopics = ConcurrentHashMap.newKeySet();
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile ClientProtocol link;
    private volatile ServerInfo serverInfo;
    private volatile String session;
    private volatile String clientId;
    private volatile ScheduledFuture<?> ticker;
    private volatile Thread reconnector;
    private long lastSeq;

    public ClientEngine(Config config) {
        this.config = config;
        this.readers = WorkerThreads.readerPerConnection("localipc-client-" + config.endpoint().name() + "-reader-");
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
        TransportAddress address = config.transport().resolve(config.endpoint());
        boolean handshake = config.link().wire().handshake();
        String token = handshake ? token(address) : null;
        ConnectOptions.Builder options = ConnectOptions.builder().timeout(config.connectTimeout());
        if (config.serverUid() >= 0) {
            options.expectedServerUid(config.serverUid());
        }
        TransportConnection transport = config.transport().connect(address, options.build());
        ClientProtocol candidate = new ClientProtocol(this);
        try {
            candidate.attach(new Connection(transport, config.link(), candidate, "server at " + address.location(),
                    handlerExecutor));
        } catch (IOException e) {
            transport.close();
            throw e;
        }
        Connection connection = candidate.connection();
        connection.start(readers);
        if (handshake) {
            handshake(candidate, token, resume, address);
        }
        boolean becameReady = false;
        synchronized (stateLock) {
            if (state != ConnectionState.CLOSED && connection.isOpen()) {
                link = candidate;
                ServerInfo info = serverInfo;
                candidate.ready(info == null ? 0 : info.heartbeatMs(), info == null ? Integer.MAX_VALUE : info.maxFrameBytes());
                state = ConnectionState.READY;
                becameReady = true;
            }
        }
        if (!becameReady) {
            connection.closeNow("the client was closed during the handshake");
            throw new ConnectionLostException("the connection to " + address.location()
                    + " closed during the handshake" + (state == ConnectionState.CLOSED ? " (the client was closed)" : ""));
        }
        startTicker(serverInfo == null ? 0 : serverInfo.heartbeatMs());
        LOG.debug("connected to {}: {}", address.location(), serverInfo);
        fireState(ConnectionState.READY);
    }

    /** The hello (with the token, and the session to resume), then the subscriptions the server lost. */
    private void handshake(ClientProtocol candidate, String token, boolean resume, TransportAddress address) throws IOException {
        Connection connection = candidate.connection();
        JsonObject params = new JsonObject();
        params.addProperty("token", token);
        params.addProperty("protocol", 1);
        if (config.clientName() != null) {
            params.addProperty("client", config.clientName());
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
        // the ack is taken on the reader thread, before the events that follow it are read
        CompletableFuture<JsonElement> hello = connection.request(LibraryMethods.HELLO, params, JsonElement.class,
                config.connectTimeout(), ack -> acknowledged(ack));
        try {
            await(hello, candidate, config.connectTimeout().plusSeconds(1));
        } catch (IOException e) {
            connection.closeNow("handshake failed");
            throw e;
        }
        List<String> missing = new ArrayList<>(topics.keySet());
        missing.removeAll(serverTopics);
        if (!missing.isEmpty()) {
            try {
                await(connection.request(LibraryMethods.SUBSCRIBE, topicsParams(missing), JsonElement.class,
                        config.connectTimeout()), candidate, config.connectTimeout().plusSeconds(1));
                serverTopics.addAll(missing);
            } catch (IOException e) {
                connection.closeNow("re-subscribing failed");
                throw e;
            }
        }
    }

    private void await(CompletableFuture<JsonElement> future, ClientProtocol on, Duration timeout) throws IOException {
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
            ClientProtocol current = link;
            if (cause instanceof ConnectionLostException && on.connectionErrorCode() != 0) {
                throw new HandshakeException(on.connectionErrorCode(), explain(on.connectionErrorCode(), on.connectionErrorMessage()),
                        on.connectionErrorMessage());
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
                return "the server is full (-32006 " + message + "): try again later or raise its maxClients";
            case IpcErrorCodes.SHUTTING_DOWN:
                return "the server is shutting down (-32008 " + message + ")";
            case IpcErrorCodes.UNSUPPORTED_PROTOCOL:
                return "the server does not speak protocol 1 (-32005 " + message + "): upgrade the client or the server";
            default:
                return "the server refused the handshake (" + code + " " + message + ")";
        }
    }

    private String token(TransportAddress address) throws IOException {
        if (config.token() != null) {
            return config.token();
        }
        String fromEnv = System.getenv(TOKEN_ENV);
        if (config.tokenFile() == null && fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        if (config.tokenFile() == null && !address.isInRuntimeDirectory()) {
            throw new IOException("no token for " + address.location() + ": a server at an explicit socket path"
                    + " publishes no token file; pass the server's token with the builder's token(...) or tokenFile(...),"
                    + " or set " + TOKEN_ENV);
        }
        return Secrets.readTokenFile(config.tokenFile() != null ? config.tokenFile() : address.tokenFile());
    }

    /** The ack arrived (reader thread, before any event of the new connection). */
    private void acknowledged(JsonElement result) {
        if (result == null || !result.isJsonObject()) {
            return;
        }
        JsonObject ack = result.getAsJsonObject();
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

    void linkClosed(ClientProtocol closed, String reason) {
        boolean reconnect;
        synchronized (stateLock) {
            if (link != closed) {
                return;
            }
            link = null;
            if (state == ConnectionState.CLOSED) {
                return;
            }
            reconnect = config.reconnect();
            state = reconnect ? ConnectionState.RECONNECTING : ConnectionState.CLOSED;
        }
        stopTicker();
        LOG.info("lost the connection to {}: {}{}", config.endpoint(), reason, reconnect ? "; reconnecting" : "");
        fireState(reconnect ? ConnectionState.RECONNECTING : ConnectionState.CLOSED);
        if (reconnect) {
            Thread thread = VirtualThreads.platformFactory("localipc-reconnect-").newThread(this::reconnectLoop);
            reconnector = thread;
            thread.start();
        }
    }

    private void reconnectLoop() {
        long delay = config.backoffInitial().toMillis();
        long max = config.backoffMax().toMillis();
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
                    LOG.error("giving up reconnecting to {}: {}", config.endpoint(), e.getMessage());
                    closeAfterFailure();
                    return;
                }
                LOG.info("reconnect attempt {} to {} failed: {}", attempt, config.endpoint(), e.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.info("reconnect attempt {} to {} failed: {}", attempt, config.endpoint(), e.toString());
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
            ClientProtocol current = link;
            if (current != null) {
                try {
                    current.connection().tick(System.nanoTime());
                } catch (RuntimeException e) {
                    LOG.error("heartbeat check of {} failed", current.connection().peerName(), e);
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
                        + " after {} ms; close() returns without waiting for them", config.endpoint(), CLOSE_DRAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends ipc.bye and closes the link; true if this call closed the client (false if it was closed already). */
    private boolean closeLink() {
        ClientProtocol current;
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
            Connection connection = current.connection();
            long deadline = System.nanoTime() + 500_000_000L;
            if (connection.wireHasHandshake()) {
                connection.sendFinal(connection.encoder().notificationFrame(LibraryMethods.BYE, null), "the client closed");
            } else {
                deadline = System.nanoTime(); // node-ipc has no goodbye: close at once
            }
            while (connection.isOpen() && System.nanoTime() - deadline < 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            connection.closeNow("the client closed");
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
        for (Consumer<ConnectionState> listener : config.stateListeners()) {
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
        ClientProtocol current = link;
        return current != null && current.connection().isOpen();
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
        return config.clientName();
    }

    /** The connection to send {@code method} on; the message names the method (built only when it fails). */
    private Connection readyLink(String method) {
        ClientProtocol current = link;
        if (state != ConnectionState.READY || current == null) {
            throw new ConnectionLostException("cannot send " + method + ": not connected to " + config.endpoint() + " (state "
                    + state + (state == ConnectionState.RECONNECTING ? ": reconnecting, try again when READY" : "") + ")");
        }
        return current.connection();
    }

    public <R> CompletableFuture<R> request(String method, Object params, Type resultType, Duration timeout) {
        checkMethod(method);
        if (!config.link().wire().handshake()) {
            CompletableFuture<R> failed = new CompletableFuture<>();
            failed.completeExceptionally(new UnsupportedOperationException("cannot send the request " + method
                    + ": this client speaks node-ipc, which has no requests; send a notification instead"));
            return failed;
        }
        Connection current;
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
        LibraryMethods.checkApplicationMethod(method);
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
        if (!config.link().wire().handshake()) {
            throw new IllegalStateException("cannot subscribe to topic " + topic + ": this client speaks node-ipc, which has"
                    + " no topics; take its notifications with onNotification");
        }
        Listener<T> entry = new Listener<>(type, listener);
        boolean first;
        synchronized (topics) {
            CopyOnWriteArrayList<Listener<?>> list = topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>());
            first = list.isEmpty();
            list.add(entry);
            topicTypes.put(topic, typesOf(list));
        }
        ClientProtocol current = link;
        if (first && state == ConnectionState.READY && current != null) {
            try {
                current.connection().request(LibraryMethods.SUBSCRIBE, topicsParams(List.of(topic)), JsonElement.class,
                        config.link().requestTimeout())
                        .get(config.link().requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
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
                topicTypes.remove(topic);
            } else {
                topicTypes.put(topic, typesOf(list));
            }
        }
        if (last && serverTopics.remove(topic)) {
            ClientProtocol current = link;
            if (current != null && state == ConnectionState.READY) {
                current.connection().request(LibraryMethods.UNSUBSCRIBE, topicsParams(List.of(topic)), JsonElement.class,
                        config.link().requestTimeout())
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

    /** The types the listeners of {@code topic} take its data as (the decoder binds the data to each). */
    List<Type> listenerTypes(String topic) {
        return topicTypes.getOrDefault(topic, List.of());
    }

    private static List<Type> typesOf(List<Listener<?>> listeners) {
        List<Type> types = new ArrayList<>(1);
        for (Listener<?> listener : listeners) {
            if (!types.contains(listener.type)) {
                types.add(listener.type);
            }
        }
        return List.copyOf(types);
    }

    /**
     * An ipc.event arrived (reader thread, arrival order): checks its seq against the last one seen
     * and returns the work that calls the listeners (run on the handler worker).
     */
    Runnable onEvent(ClientProtocol.Event event) {
        if (event.topic() == null) {
            LOG.warn("dropped an ipc.event without params object");
            return () -> { };
        }
        String topic = event.topic();
        long seq = event.seq();
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
                deliver(listener, topic, seq, event.data());
            }
        };
    }

    @SuppressWarnings("unchecked")
    private <T> void deliver(Listener<T> listener, String topic, long seq, Map<Type, Object> data) {
        Object value = data.containsKey(listener.type) ? data.get(listener.type) : absent(listener.type, topic);
        if (value instanceof FrameDecoder.BindFailure failure) {
            LOG.error("event {} of topic {} not delivered to a listener: {}", seq, topic, failure.message());
            return;
        }
        try {
            listener.listener.onEvent((T) value, seq);
        } catch (Exception e) {
            LOG.error("a listener of topic {} failed on event {}", topic, seq, e);
        }
    }

    /** The data of an event that has none (or of a listener that came after it was read), as absent params are bound. */
    private Object absent(Type type, String topic) {
        try {
            return config.link().binding().absent(type);
        } catch (Binding.Refusal refused) {
            return new FrameDecoder.BindFailure("invalid data of topic " + topic + ": " + refused.getMessage());
        } catch (IOException e) {
            return new FrameDecoder.BindFailure("invalid data of topic " + topic + ": " + e.getMessage());
        }
    }

    /** The last event seq seen in the current session. */
    public long lastSeq() {
        synchronized (eventLock) {
            return lastSeq;
        }
    }
}
