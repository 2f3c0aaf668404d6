package dev.localipc.core;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.core.internal.connection.ConnectionSettings;
import dev.localipc.core.internal.connection.Secrets;
import dev.localipc.core.internal.server.ServerEngine;
import dev.localipc.core.internal.wire.InboundBudget;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A local IPC server: JSON-RPC 2.0 over newline-delimited frames on a Unix domain socket or a
 * Windows named pipe, with a token handshake, a registry of connected clients, and topic events
 * that a reconnecting client can resume without gaps (docs/PROTOCOL.md).
 *
 * <pre>{@code
 * IpcServer server = IpcServer.builder("orchestrator")
 *         .onRequest("GET_STATE", Void.class, (ctx, p) -> state)
 *         .onNotification("PAUSE", PauseParams.class, (ctx, p) -> pause(p.reason))
 *         .onClientConnected(client -> log.info("hello {}", client))
 *         .build()
 *         .start();                              // token file written 0600, then the socket accepts
 * server.publish("state", newState);             // ipc.event to subscribers, numbered per session
 * server.broadcast("shutdownSoon", info);        // plain notification to every client
 * server.send(clientId, "TaskEvent", event);     // notification to one client
 * server.close();                                // ipc.bye, bounded drain, files removed
 * }</pre>
 *
 * <p><b>Threading.</b> Every connection has its own reader thread (a platform thread; a virtual
 * one with {@code -Dlocalipc.virtualThreads=true} on Java 21+). By
 * default ({@link HandlerThreading#READER_THREAD}) a connection's handlers run on that thread,
 * one at a time in arrival order: a slow handler delays only its own client, never reading from
 * others. See {@link HandlerThreading} for the alternative. Connect and disconnect listeners run
 * on the connection's reader thread. All public methods are thread-safe; {@link #publish},
 * {@link #broadcast} and {@link #send} never block on a slow client (its queue overflows instead,
 * and it is disconnected with -32007).
 */
public final class IpcServer implements AutoCloseable {
    private final ServerEngine engine;
    private final String token;
    private final String name;

    private IpcServer(Builder builder) {
        ConnectionOptions options = builder.options;
        this.token = options.token() != null ? options.token() : Secrets.newToken();
        this.name = builder.serverName != null ? builder.serverName : builder.endpoint.name();
        int replayEvents = builder.replayEvents;
        if (!builder.replayExplicit) {
            replayEvents = Math.min(builder.replayEvents, options.outboundFrames());
        } else if (builder.replayEvents > options.outboundFrames()) {
            throw new IllegalArgumentException("a replay buffer of " + builder.replayEvents + " events cannot be resent through an"
                    + " outbound queue of " + options.outboundFrames() + " frames: raise outboundQueueLimit or lower the replay buffer");
        }
        ConnectionSettings settings = options.settings(builder.heartbeat.toMillis(), new InboundBudget(inboundBudget(builder)), false);
        this.engine = new ServerEngine(new ServerEngine.Config(builder.endpoint, options.transport(), token, name, settings,
                builder.handshakeTimeout.toMillis(), builder.maxClients, builder.maxPendingHandshakes, builder.maxTopicsPerClient,
                replayEvents, builder.replayBytes, builder.sessionGrace, builder.shutdownTimeout, Set.copyOf(builder.allowedUids),
                List.copyOf(builder.onConnected), List.copyOf(builder.onDisconnected)), this);
    }

    private static long inboundBudget(Builder builder) {
        int maxFrameBytes = builder.options.maxFrameBytes();
        long budget = builder.inboundBufferBytes > 0 ? builder.inboundBufferBytes : Math.max(64L << 20, 2L * maxFrameBytes);
        if (budget < maxFrameBytes) {
            throw new IllegalArgumentException("maxInboundBufferBytes " + budget + " cannot hold one frame of maxFrameBytes "
                    + maxFrameBytes + ": raise it to at least " + maxFrameBytes + ", or lower maxFrameBytes");
        }
        return budget;
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
     * @param endpoint where to listen
     * @return a new builder
     */
    public static Builder builder(Endpoint endpoint) {
        return new Builder(Objects.requireNonNull(endpoint, "endpoint"));
    }

    /**
     * Listens: checks or creates the private runtime directory, writes the token file (owner
     * only), binds, and starts accepting clients.
     *
     * @return this server
     * @throws dev.localipc.api.spi.AddressInUseException if another server already listens there
     * @throws IOException naming the address and the cause for any other failure
     * @throws IllegalStateException if already started or closed
     */
    public IpcServer start() throws IOException {
        engine.start();
        return this;
    }

    /** {@return where the server listens (socket path or pipe name, and the token file)} */
    public TransportAddress address() {
        return engine.address();
    }

    /**
     * {@return the token clients must present: 64 lowercase hex characters} Give it to processes you
     * start via {@code LOCALIPC_TOKEN}.
     */
    public String token() {
        return token;
    }

    /** {@return the server name sent in the handshake acknowledgement} */
    public String name() {
        return name;
    }

    /** {@return whether the server is started and not closing} */
    public boolean isRunning() {
        return engine.isRunning();
    }

    /**
     * Publishes an event on {@code topic}: every session subscribed to it gets an {@code ipc.event}
     * with its next {@code seq}, kept in its replay buffer for resume. Never blocks.
     *
     * @param topic the topic
     * @param data the event's data, turned into JSON with the server's Gson
     * @return the number of subscribed sessions (connected or within their grace period)
     */
    public int publish(String topic, Object data) {
        return engine.publish(topic, data);
    }

    /**
     * Sends the notification {@code method} to every connected client (no {@code seq}, not
     * replayed). Never blocks.
     *
     * @param method the notification's method
     * @param params its params, turned into JSON with the server's Gson (null: none)
     * @return the number of clients it was queued for
     */
    public int broadcast(String method, Object params) {
        return engine.broadcast(method, params);
    }

    /**
     * Sends the notification {@code method} to one client. Never blocks.
     *
     * @param clientId the client's id, as in {@link ClientInfo#clientId()}
     * @param method the notification's method
     * @param params its params, turned into JSON with the server's Gson (null: none)
     * @return false if no connected client has that id, or its connection refused the frame
     */
    public boolean send(String clientId, String method, Object params) {
        return engine.send(clientId, method, params);
    }

    /**
     * Sends a request to one client; the future completes with the client's result bound to
     * {@code resultType}, or fails with {@link RpcErrorException}, {@link RequestTimeoutException}
     * or {@link ConnectionLostException} (also when no client has that id).
     *
     * @param <R> the result type
     * @param clientId the client's id, as in {@link ClientInfo#clientId()}
     * @param method the request's method
     * @param params its params, turned into JSON with the server's Gson (null: none)
     * @param resultType the class the result is bound to
     * @return the result, when the client answers
     */
    public <R> CompletableFuture<R> request(String clientId, String method, Object params, Class<R> resultType) {
        return engine.request(clientId, method, params, resultType);
    }

    /**
     * Like {@link #request(String, String, Object, Class)} for a generic result type, e.g.
     * {@code new TypeToken<List<Task>>() {}}.
     *
     * @param <R> the result type
     * @param clientId the client's id, as in {@link ClientInfo#clientId()}
     * @param method the request's method
     * @param params its params, turned into JSON with the server's Gson (null: none)
     * @param resultType the type the result is bound to
     * @return the result, when the client answers
     */
    public <R> CompletableFuture<R> request(String clientId, String method, Object params, TypeToken<R> resultType) {
        return engine.request(clientId, method, params, resultType.getType());
    }

    /** {@return a snapshot of the connected clients} */
    public List<ClientInfo> clients() {
        return engine.clients();
    }

    /**
     * A snapshot of one connected client.
     *
     * @param clientId the client's id, as in {@link ClientInfo#clientId()}
     * @return its snapshot, or empty when no connected client has that id
     */
    public Optional<ClientInfo> client(String clientId) {
        return engine.client(clientId);
    }

    /**
     * Shuts down: sends {@code ipc.bye} to every client, answers newcomers with -32008, waits up
     * to the shutdown timeout for outbound queues to drain, closes every connection, then stops
     * listening and removes the socket and token files. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "IpcServer " + name + (engine.isRunning() ? " on " + engine.address() : "");
    }

    /**
     * Builds an {@link IpcServer}. Handlers are registered here, before {@link #build()}; the
     * server is immutable once built. Not thread-safe.
     *
     * <pre>{@code
     * IpcServer server = IpcServer.builder(Endpoint.of("localipc", "orchestrator"))
     *         .onRequest("add", AddParams.class, (ctx, p) -> p.a + p.b)
     *         .heartbeat(Duration.ofSeconds(10))
     *         .maxClients(64)
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final Endpoint endpoint;
        private final ConnectionOptions options = new ConnectionOptions(HandlerThreading.READER_THREAD);
        private final List<Consumer<ClientInfo>> onConnected = new ArrayList<>();
        private final List<Consumer<ClientInfo>> onDisconnected = new ArrayList<>();
        private final Set<Long> allowedUids = new LinkedHashSet<>();
        private String serverName;
        private Duration heartbeat = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(5);
        private Duration sessionGrace = Duration.ofSeconds(60);
        private Duration shutdownTimeout = Duration.ofSeconds(2);
        private int maxClients = 1024;
        private int maxPendingHandshakes = 64;
        private int maxTopicsPerClient = 1024;
        private long inboundBufferBytes;
        private int replayEvents = 1000;
        private long replayBytes = 8L * 1024 * 1024;
        private boolean replayExplicit;

        private Builder(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        /**
         * The transport (default: {@link Transports#select()}, Unix sockets or named pipes).
         *
         * @param transport the transport to listen with
         * @return this builder
         */
        public Builder transport(TransportProvider transport) {
            options.transport(transport);
            return this;
        }

        /**
         * The token (default: 256 fresh random bits).
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
         * The {@code server} name in the handshake acknowledgement (default: the endpoint name).
         *
         * @param serverName the name
         * @return this builder
         */
        public Builder serverName(String serverName) {
            this.serverName = Objects.requireNonNull(serverName, "serverName");
            return this;
        }

        /**
         * Handles requests of {@code method}; params are bound to {@code paramsType} (use
         * {@code Void.class} to ignore them, {@code JsonElement.class} for the raw JSON). A params
         * object lacking a required field or with a wrong type is answered -32602 naming the field
         * (a reference field that is null after binding is required unless annotated
         * {@code @Nullable}).
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
         * Like {@link #onRequest(String, Class, RequestHandler)} for a generic params type, e.g.
         * {@code new TypeToken<List<Task>>() {}}.
         *
         * @param <P> the params type
         * @param method the request's method
         * @param paramsType the type the params are bound to
         * @param handler answers the request
         * @return this builder
         */
        public <P> Builder onRequest(String method, TypeToken<P> paramsType, RequestHandler<? super P, ?> handler) {
            options.onRequest(method, paramsType.getType(), handler);
            return this;
        }

        /**
         * Handles notifications of {@code method}; params bound as for {@link #onRequest}.
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
         * Called after each successful handshake, on the client's reader thread.
         *
         * @param listener receives the new client's snapshot
         * @return this builder
         */
        public Builder onClientConnected(Consumer<ClientInfo> listener) {
            onConnected.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Called when a registered client's connection closed, for whatever reason.
         *
         * @param listener receives the client's last snapshot
         * @return this builder
         */
        public Builder onClientDisconnected(Consumer<ClientInfo> listener) {
            onDisconnected.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Which thread runs handlers (default {@link HandlerThreading#READER_THREAD}).
         *
         * @param threading the handlers' threads
         * @return this builder
         */
        public Builder handlerThreading(HandlerThreading threading) {
            options.threading(threading);
            return this;
        }

        /**
         * The heartbeat interval announced in the ack (default 10 s): a client silent for three
         * intervals is disconnected. {@link Duration#ZERO} turns it off.
         *
         * @param interval zero or more
         * @return this builder
         */
        public Builder heartbeat(Duration interval) {
            this.heartbeat = ConnectionOptions.nonNegative("heartbeat", interval);
            return this;
        }

        /**
         * How long a new connection may take to send {@code ipc.hello} (default 5 s); then -32003.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = ConnectionOptions.positive("handshakeTimeout", timeout);
            return this;
        }

        /**
         * How long {@link #request} waits for a client's response (default 30 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            options.requestTimeout(timeout);
            return this;
        }

        /**
         * The largest frame accepted and announced (default 16 MiB); a larger one is answered -32002 and closes.
         *
         * @param bytes 1024 or more
         * @return this builder
         */
        public Builder maxFrameBytes(int bytes) {
            options.maxFrameBytes(bytes);
            return this;
        }

        /**
         * Connected clients at most (default 1024); more are refused with -32006 after authenticating.
         *
         * @param clients 1 or more
         * @return this builder
         */
        public Builder maxClients(int clients) {
            this.maxClients = ConnectionOptions.atLeast("maxClients", clients, 1);
            return this;
        }

        /**
         * Connections that have not sent their first frame yet, at most (default 64). A newcomer
         * beyond that is not refused: the oldest pending connection of the process that holds the
         * most is closed with -32003 to make room, so a client that sends its hello at once always
         * gets in. Until its hello is read a connection may send at most 64 KiB.
         *
         * @param connections 1 or more
         * @return this builder
         */
        public Builder maxPendingHandshakes(int connections) {
            this.maxPendingHandshakes = ConnectionOptions.atLeast("maxPendingHandshakes", connections, 1);
            return this;
        }

        /**
         * Topics one client may be subscribed to at once (default 1024); an {@code ipc.subscribe}
         * beyond it is answered -32602. Topic names are at most 256 characters.
         *
         * @param topics 1 or more
         * @return this builder
         */
        public Builder maxTopicsPerClient(int topics) {
            this.maxTopicsPerClient = ConnectionOptions.atLeast("maxTopicsPerClient", topics, 1);
            return this;
        }

        /**
         * The bytes that all connections together may hold for frames larger than 64 KiB while
         * they arrive (default: 64 MiB or twice maxFrameBytes, whichever is more; at least
         * maxFrameBytes). A connection that needs more than is free waits up to two seconds for
         * others to finish, then its frame is answered -32002 and it is closed. This bounds the
         * heap that clients sending large frames, or pretending to, can take.
         *
         * @param bytes 1 or more
         * @return this builder
         */

        public Builder maxInboundBufferBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxInboundBufferBytes " + bytes + " is too small: pass at least 1");
            }
            this.inboundBufferBytes = bytes;
            return this;
        }

        /**
         * Frames that may wait for one client (default 10,000); beyond that it gets -32007 and is
         * disconnected. Must hold a whole replay: the default replay buffer shrinks to fit it, an
         * explicit {@link #replayBuffer} larger than it is refused at {@link #build()}.
         *
         * @param frames 1 or more
         * @return this builder
         */
        public Builder outboundQueueLimit(int frames) {
            options.outboundFrames(frames);
            return this;
        }

        /**
         * The replay buffer of each session: at most {@code events} events and {@code bytes} bytes (default 1000, 8 MiB).
         *
         * @param events 0 or more
         * @param bytes 0 or more
         * @return this builder
         */
        public Builder replayBuffer(int events, long bytes) {
            this.replayEvents = ConnectionOptions.atLeast("replay buffer events", events, 0);
            this.replayExplicit = true;
            if (bytes < 0) {
                throw new IllegalArgumentException("replay buffer bytes " + bytes + " is negative: pass 0 or more");
            }
            this.replayBytes = bytes;
            return this;
        }

        /**
         * How long a session outlives its dropped connection, waiting for a resume (default 60 s).
         *
         * @param grace zero or more
         * @return this builder
         */
        public Builder sessionGrace(Duration grace) {
            this.sessionGrace = ConnectionOptions.nonNegative("sessionGrace", grace);
            return this;
        }

        /**
         * How long {@link IpcServer#close()} waits for outbound queues to drain (default 2 s).
         *
         * @param timeout zero or more
         * @return this builder
         */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = ConnectionOptions.nonNegative("shutdownTimeout", timeout);
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
         * The Gson for params, results and event data (default: plain, no HTML escaping); output is forced compact.
         *
         * @param gson the Gson
         * @return this builder
         */
        public Builder gson(Gson gson) {
            options.gson(gson);
            return this;
        }

        /**
         * Also accepts clients running as {@code uid} (Unix); the server's own user is always accepted.
         *
         * @param uid a user id, 0 or more
         * @return this builder
         * @throws IllegalArgumentException if {@code uid} is negative
         */
        public Builder allowUid(long uid) {
            if (uid < 0) {
                throw new IllegalArgumentException("uid " + uid + " is negative: pass a real user id");
            }
            allowedUids.add(uid);
            return this;
        }

        /** {@return the server, not started} */

        public IpcServer build() {
            return new IpcServer(this);
        }
    }
}
