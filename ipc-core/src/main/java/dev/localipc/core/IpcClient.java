package dev.localipc.core;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.core.internal.client.ClientEngine;
import dev.localipc.core.internal.wire.InboundBudget;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A connection to an {@link IpcServer} (or any server speaking docs/PROTOCOL.md): requests,
 * notifications both ways, and topic subscriptions whose events survive reconnects.
 *
 * <pre>{@code
 * try (IpcClient client = IpcClient.builder("orchestrator")
 *         .clientName("my-tool/1.0")
 *         .onNotification("TaskEvent", TaskEvent.class, (ctx, e) -> show(e))
 *         .connect()) {                                       // blocks until the server's ack
 *     State state = client.request("GET_STATE", null, State.class).get();
 *     client.subscribe("state", State.class, (s, seq) -> show(s));
 *     client.notify("PAUSE", new PauseParams("lunch"));
 * }
 * }</pre>
 *
 * <p>The token comes from {@link Builder#token}, else the {@code LOCALIPC_TOKEN} environment
 * variable, else the server's token file. When the link drops the client reconnects by itself
 * (exponential back-off with jitter, capped) and resumes its session, so subscribed topics
 * continue with no gap and no duplicate; requests in flight fail with
 * {@link ConnectionLostException} and nothing is retried silently. Calls made while
 * reconnecting fail at once with {@link ConnectionLostException}.
 *
 * <p><b>Threading.</b> All methods are thread-safe. Responses complete futures on the
 * connection's reader thread (so keep {@code thenAccept} callbacks short). Notification and
 * request handlers and topic listeners run one at a time, in arrival order, on a worker of
 * their own ({@link HandlerThreading#ORDERED_WORKER} by default), so they may call the server and wait.
 */
public final class IpcClient implements AutoCloseable {
    private final ClientEngine engine;
    private final Duration requestTimeout;

    private IpcClient(Builder builder) {
        ConnectionOptions options = builder.options;
        this.engine = new ClientEngine(new ClientEngine.Config(builder.endpoint, options.transport(), options.token(),
                builder.tokenFile, builder.clientName, options.settings(0, InboundBudget.UNLIMITED, true),
                builder.connectTimeout, builder.serverUid, builder.reconnect, builder.backoffInitial, builder.backoffMax,
                List.copyOf(builder.stateListeners)));
        this.requestTimeout = options.requestTimeout();
    }

    /**
     * Connects to the endpoint {@code Endpoint.of(application)} with the defaults.
     *
     * @param application the application name, also the endpoint name
     * @return the connected client
     * @throws IOException if nobody listens, the server is not trusted, or the handshake fails
     *     ({@link HandshakeException} with the server's code)
     */
    public static IpcClient connect(String application) throws IOException {
        return builder(application).connect();
    }

    /**
     * Starts a builder for the endpoint {@code Endpoint.of(application)}.
     *
     * @param application the application name, also the endpoint name
     * @return a new builder
     * @throws IllegalArgumentException if the name is not a valid endpoint name
     */
    public static Builder builder(String application) {
        return new Builder(Endpoint.of(application));
    }

    /**
     * Starts a builder for {@code endpoint}.
     *
     * @param endpoint where the server listens
     * @return a new builder
     */
    public static Builder builder(Endpoint endpoint) {
        return new Builder(Objects.requireNonNull(endpoint, "endpoint"));
    }

    /**
     * Sends a request; the future completes with the result bound to {@code resultType}
     * ({@code Void.class} to ignore it, {@code JsonElement.class} for the raw JSON), or fails with
     * {@link RpcErrorException} (the server's error), {@link RequestTimeoutException} or
     * {@link ConnectionLostException}. Cancelling the future forgets the request.
     *
     * @param <R> the result type
     * @param method the request's method
     * @param params its params, turned into JSON with the client's Gson (null: none)
     * @param resultType the class the result is bound to
     * @return the result, when the server answers
     */
    public <R> CompletableFuture<R> request(String method, Object params, Class<R> resultType) {
        return engine.request(method, params, resultType, requestTimeout);
    }

    /**
     * Like {@link #request(String, Object, Class)} for a generic result type, e.g.
     * {@code new TypeToken<List<Task>>() {}}.
     *
     * @param <R> the result type
     * @param method the request's method
     * @param params its params, turned into JSON with the client's Gson (null: none)
     * @param resultType the type the result is bound to
     * @return the result, when the server answers
     */
    public <R> CompletableFuture<R> request(String method, Object params, TypeToken<R> resultType) {
        return engine.request(method, params, resultType.getType(), requestTimeout);
    }

    /**
     * Like {@link #request(String, Object, Class)} with its own timeout.
     *
     * @param <R> the result type
     * @param method the request's method
     * @param params its params, turned into JSON with the client's Gson (null: none)
     * @param resultType the class the result is bound to
     * @param timeout how long to wait for the response
     * @return the result, when the server answers
     */
    public <R> CompletableFuture<R> request(String method, Object params, Class<R> resultType, Duration timeout) {
        return engine.request(method, params, resultType, Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Sends a notification (no response).
     *
     * @param method the notification's method
     * @param params its params, turned into JSON with the client's Gson (null: none)
     * @throws ConnectionLostException if not connected
     */
    public void notify(String method, Object params) {
        engine.notify(method, params);
    }

    /**
     * Subscribes {@code listener} to {@code topic}: waits until the server confirmed (when
     * connected), then every event of the topic is passed to the listener, bound to {@code type},
     * in {@code seq} order. The subscription is restored after a reconnect.
     *
     * @param <T> the event data type
     * @param topic the topic
     * @param type the class the events' data is bound to
     * @param listener receives the events
     * @return the subscription; close it to remove the listener
     * @throws ConnectionLostException or {@link RpcErrorException} if the server did not confirm
     */
    public <T> Subscription subscribe(String topic, Class<T> type, TopicListener<? super T> listener) {
        @SuppressWarnings("unchecked")
        TopicListener<T> typed = (TopicListener<T>) listener;
        return engine.subscribe(topic, type, typed);
    }

    /**
     * Like {@link #subscribe(String, Class, TopicListener)} for a generic data type, e.g.
     * {@code new TypeToken<List<Task>>() {}}.
     *
     * @param <T> the event data type
     * @param topic the topic
     * @param type the type the events' data is bound to
     * @param listener receives the events
     * @return the subscription; close it to remove the listener
     */
    public <T> Subscription subscribe(String topic, TypeToken<T> type, TopicListener<? super T> listener) {
        @SuppressWarnings("unchecked")
        TopicListener<T> typed = (TopicListener<T>) listener;
        return engine.subscribe(topic, type.getType(), typed);
    }

    /** {@return whether a connection to the server is open (it may still be in the handshake)} */
    public boolean isConnected() {
        return engine.isConnected();
    }

    /** {@return whether the client is {@link ConnectionState#READY}: calls can be made} */
    public boolean isReady() {
        return engine.state() == ConnectionState.READY;
    }

    /** {@return the connection state} */
    public ConnectionState state() {
        return engine.state();
    }

    /** {@return the id the server gave this client (changes after a reconnect)} */
    public String clientId() {
        return engine.clientId();
    }

    /** {@return the current event session (kept when a reconnect resumed it)} */
    public String session() {
        return engine.session();
    }

    /** {@return the last handshake acknowledgement} */
    public ServerInfo serverInfo() {
        return engine.serverInfo();
    }

    /** {@return the seq of the last event received in the current session} */
    public long lastSeq() {
        return engine.lastSeq();
    }

    /**
     * Sends {@code ipc.bye}, closes the connection and stops reconnecting; in-flight requests fail.
     * What was already received is still delivered before it returns: the topic listeners and
     * notification handlers queued on the ordered worker run first (an event published just before
     * the response to your last request is not lost), waiting at most 5 seconds for them, and not at
     * all when close() is called from a listener or handler. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "IpcClient " + engine.state() + (engine.serverInfo() == null ? "" : " " + engine.serverInfo());
    }

    /**
     * Builds and connects an {@link IpcClient}. Not thread-safe.
     *
     * <pre>{@code
     * IpcClient client = IpcClient.builder(Endpoint.of("localipc", "orchestrator"))
     *         .requestTimeout(Duration.ofSeconds(5))
     *         .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(5))
     *         .onConnectionStateChanged(state -> System.out.println(state))
     *         .connect();
     * }</pre>
     */
    public static final class Builder {
        private final Endpoint endpoint;
        private final ConnectionOptions options = new ConnectionOptions(HandlerThreading.ORDERED_WORKER);
        private final List<Consumer<ConnectionState>> stateListeners = new ArrayList<>();
        private Path tokenFile;
        private String clientName;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private boolean reconnect = true;
        private Duration backoffInitial = Duration.ofMillis(100);
        private Duration backoffMax = Duration.ofSeconds(5);
        private long serverUid = -1;

        private Builder(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        /**
         * The transport (default: {@link Transports#select()}).
         *
         * @param transport the transport to connect with
         * @return this builder
         */
        public Builder transport(TransportProvider transport) {
            options.transport(transport);
            return this;
        }

        /**
         * The token (default: {@code LOCALIPC_TOKEN}, else the server's token file).
         *
         * @param token 64 lowercase hex characters
         * @return this builder
         * @throws IllegalArgumentException if the token is not 64 lowercase hex characters
         */
        public Builder token(String token) {
            options.token(token);
            return this;
        }

        /**
         * Reads the token from this file instead of the endpoint's token file (re-read at each reconnect).
         *
         * @param file the token file
         * @return this builder
         */
        public Builder tokenFile(Path file) {
            this.tokenFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * The {@code client} name sent in {@code ipc.hello}, shown in the server's registry.
         *
         * @param name such as {@code "my-tool/1.0"}
         * @return this builder
         */
        public Builder clientName(String name) {
            this.clientName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * How long a request waits for its response (default 30 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            options.requestTimeout(timeout);
            return this;
        }

        /**
         * The user id the server must run as (Unix; default: this process's own). The transport
         * checks it before anything, the token included, is sent.
         *
         * @param uid a user id, 0 or more
         * @return this builder
         * @throws IllegalArgumentException if {@code uid} is negative
         */
        public Builder serverUid(long uid) {
            if (uid < 0) {
                throw new IllegalArgumentException("uid " + uid + " is negative: pass a real user id");
            }
            this.serverUid = uid;
            return this;
        }

        /**
         * How long connecting and the handshake may take (default 5 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = ConnectionOptions.positive("connectTimeout", timeout);
            return this;
        }

        /**
         * Whether to reconnect by itself after the link drops (default true).
         *
         * @param enabled false to stay closed after a drop
         * @return this builder
         */
        public Builder reconnect(boolean enabled) {
            this.reconnect = enabled;
            return this;
        }

        /**
         * The reconnect back-off: starts at {@code initial}, doubles up to {@code max}, each wait jittered (default 100 ms, 5 s).
         *
         * @param initial the first wait, positive
         * @param max the longest wait, at least {@code initial}
         * @return this builder
         * @throws IllegalArgumentException if {@code max} is below {@code initial}
         */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            ConnectionOptions.positive("initial back-off", initial);
            ConnectionOptions.positive("maximum back-off", max);
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("maximum back-off " + max + " is below the initial " + initial);
            }
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        /**
         * Handles notifications the server sends; params bound as in {@link IpcServer.Builder#onRequest}.
         *
         * @param <P> the params type
         * @param method the notification's method
         * @param paramsType the class the params are bound to
         * @param handler handles the notification
         * @return this builder
         */
        public <P> Builder onNotification(String method, Class<P> paramsType, NotificationHandler<? super P> handler) {
            options.onNotification(method, paramsType, handler);
            return this;
        }

        /**
         * Answers requests the server sends.
         *
         * @param <P> the params type
         * @param method the request's method
         * @param paramsType the class the params are bound to
         * @param handler answers the request
         * @return this builder
         */
        public <P> Builder onRequest(String method, Class<P> paramsType, RequestHandler<? super P, ?> handler) {
            options.onRequest(method, paramsType, handler);
            return this;
        }

        /**
         * Called on every state change (CONNECTING, READY, RECONNECTING, CLOSED).
         *
         * @param listener receives the new state
         * @return this builder
         */
        public Builder onConnectionStateChanged(Consumer<ConnectionState> listener) {
            stateListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Which thread runs handlers and topic listeners (default {@link HandlerThreading#ORDERED_WORKER}).
         *
         * @param threading the handlers' threads
         * @return this builder
         */
        public Builder handlerThreading(HandlerThreading threading) {
            options.threading(threading);
            return this;
        }

        /**
         * The largest frame accepted from the server (default 16 MiB).
         *
         * @param bytes 1024 or more
         * @return this builder
         */
        public Builder maxFrameBytes(int bytes) {
            options.maxFrameBytes(bytes);
            return this;
        }

        /**
         * Frames that may wait to be sent before the connection counts as overloaded (default 10,000).
         *
         * @param frames 1 or more
         * @return this builder
         */
        public Builder outboundQueueLimit(int frames) {
            options.outboundFrames(frames);
            return this;
        }

        /**
         * What goes over the connection (default {@link WireFormat#jsonRpc()}); {@link WireFormat#nodeIpc()}
         * talks to node-ipc peers such as Roo Code's IPC (notifications only, no token, no heartbeat).
         *
         * @param format the wire format
         * @return this builder
         */
        public Builder wireFormat(WireFormat format) {
            options.wireFormat(format);
            return this;
        }

        /**
         * The Gson for params, results and event data (default: plain, no HTML escaping).
         *
         * @param gson the Gson
         * @return this builder
         */
        public Builder gson(Gson gson) {
            options.gson(gson);
            return this;
        }

        /**
         * Connects and completes the handshake.
         *
         * @return the connected client
         * @throws IOException
 if nobody listens, the server is not trusted, no token is found, or the
         *     handshake fails ({@link HandshakeException} carries the server's code)
         */
        public IpcClient connect() throws IOException {
            IpcClient client = new IpcClient(this);
            client.engine.connect();
            return client;
        }
    }
}
