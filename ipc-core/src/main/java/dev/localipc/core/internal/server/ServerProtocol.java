package dev.localipc.core.internal.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.localipc.api.PeerIdentity;
import dev.localipc.core.ClientInfo;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.IpcServer;
import dev.localipc.core.RpcErrorException;
import dev.localipc.core.internal.connection.Connection;
import dev.localipc.core.internal.connection.Secrets;
import dev.localipc.core.internal.connection.Protocol;
import dev.localipc.core.internal.wire.FrameTooLargeException;
import dev.localipc.core.internal.wire.Inbound;
import dev.localipc.core.internal.wire.LibraryMethods;
import dev.localipc.core.internal.wire.ParamsTarget;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of one client connection: the handshake (the first frame must be
 * {@code ipc.hello} with the token), then the library methods {@code ipc.ping},
 * {@code ipc.subscribe}, {@code ipc.unsubscribe} and {@code ipc.bye}; and what the server knows
 * of the client (id, session, name).
 *
 * <p>Thread-safe: its state is read by the server's threads while the reader thread changes it.
 */
final class ServerProtocol implements Protocol {
    private static final Logger LOG = LoggerFactory.getLogger(ServerProtocol.class);

    enum Phase { HANDSHAKE, CHECKING, READY, REJECTED }

    /** The largest first frame (the hello is under 1 KiB): until authenticated, a connection holds little. */
    static final int HELLO_FRAME_BYTES = 64 * 1024;
    /** The longest topic name accepted in ipc.subscribe and ipc.unsubscribe, in characters. */
    static final int MAX_TOPIC_CHARS = 256;

    private static final ParamsTarget AS_JSON = () -> JsonElement.class;
    private static final ParamsTarget IGNORED = () -> Void.class;
    private static final String HANDSHAKE_REQUIRED = "handshake required: the first frame must be the ipc.hello request";

    private final ServerEngine server;
    private final PeerIdentity peer;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.HANDSHAKE);
    private volatile Connection connection;
    private volatile ScheduledFuture<?> handshakeTimer;
    private volatile String clientId;
    private volatile String clientName;
    private volatile Session session;
    private volatile Instant connectedAt;
    private volatile boolean saidBye;

    ServerProtocol(ServerEngine server, PeerIdentity peer) {
        this.server = server;
        this.peer = peer;
    }

    /** Joins the connection made with this protocol; its first frame may be 64 KiB at most. */
    void attach(Connection made, int maxFrameBytes) {
        this.connection = made;
        made.frameLimit(Math.min(HELLO_FRAME_BYTES, maxFrameBytes));
    }

    Connection connection() {
        return connection;
    }

    Phase phase() {
        return phase.get();
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public IpcServer server() {
        return server.facade();
    }

    Session session() {
        return session;
    }

    boolean saidBye() {
        return saidBye;
    }

    /** What tells the peer process apart from others, for per-peer fairness: its pid, else its uid. */
    Object peerKey() {
        if (peer.pid().isPresent()) {
            return peer.pid().getAsLong();
        }
        return peer.uid().isPresent() ? "uid " + peer.uid().getAsLong() : "unknown peer";
    }

    void handshakeTimer(ScheduledFuture<?> timer) {
        this.handshakeTimer = timer;
    }

    /** Stops the handshake timer (the first frame arrived, or the connection closed). */
    void stopHandshakeTimer() {
        ScheduledFuture<?> timer = handshakeTimer;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public ClientInfo clientInfo() {
        Connection c = connection;
        return new ClientInfo(clientId, session.id(), peer.pid().orElse(-1), peer.uid().orElse(-1), clientName,
                connectedAt, c.framesIn(), c.framesOut(), c.bytesIn(), c.bytesOut());
    }

    // ---------------------------------------------------------------- the handshake

    @Override
    public boolean ready() {
        return phase.get() == Phase.READY;
    }

    /** Refuses the connection: error frame, then close. */
    void reject(JsonElement id, int code, String message, JsonElement data, String why) {
        phase.set(Phase.REJECTED);
        LOG.info("refusing {}: {} ({})", connection.peerName(), why, code);
        connection.sendFinal(connection.encoder().error(id, code, message, data), why);
    }

    /** The handshake timer fired. */
    void handshakeTimedOut(long timeoutMillis) {
        if (phase.compareAndSet(Phase.HANDSHAKE, Phase.REJECTED)) {
            server.firstFrameDone(this);
            LOG.info("refusing {}: no ipc.hello within {} ms (-32003)", connection.peerName(), timeoutMillis);
            connection.sendFinal(connection.encoder().error(null, IpcErrorCodes.HANDSHAKE_TIMEOUT,
                    "handshake timeout: no ipc.hello within " + timeoutMillis + " ms", null), "handshake timeout");
        }
    }

    /**
     * Closes this connection, still waiting for its first frame, to make room for a newer one (the
     * table of pending handshakes was full and this was the oldest of the busiest peer). The
     * -32003 is written at once by the calling (accept) thread: nothing was ever written to this
     * connection, so its socket has room and the write cannot wait; no worker, no timer.
     */
    void evict(int pending) {
        if (phase.compareAndSet(Phase.HANDSHAKE, Phase.REJECTED)) {
            stopHandshakeTimer();
            LOG.debug("refusing {}: no ipc.hello yet, and the server needed room for a newer connection (-32003)",
                    connection.peerName());
            connection.sendFinalNow(connection.encoder().error(null, IpcErrorCodes.HANDSHAKE_TIMEOUT, "handshake timeout:"
                    + " no ipc.hello before the server needed room for newer connections (" + pending + " were in the handshake)",
                    null), "evicted from the handshake table");
        }
    }

    @Override
    public boolean frameTooLarge(Connection c, FrameTooLargeException e) {
        if (phase.getAndSet(Phase.REJECTED) != Phase.HANDSHAKE) {
            return false;
        }
        server.firstFrameDone(this);
        if (e.limit() >= server.maxFrameBytes()) {
            return false;
        }
        LOG.info("refusing {}: its first frame is over {} bytes (-32002)", c.peerName(), e.limit());
        c.sendFinal(c.encoder().error(null, IpcErrorCodes.FRAME_TOO_LARGE, "frame too large: the first frame, ipc.hello,"
                + " may be at most " + e.limit() + " bytes", null), "first frame too large");
        return true;
    }

    @Override
    public void beforeReady(Connection c, Inbound frame) {
        if (!phase.compareAndSet(Phase.HANDSHAKE, Phase.CHECKING)) {
            LOG.debug("ignoring a frame from {}: the connection is being refused", c.peerName());
            return;
        }
        server.firstFrameDone(this);
        if (!(frame instanceof Inbound.Request hello) || !LibraryMethods.HELLO.equals(hello.method())) {
            JsonElement id = frame instanceof Inbound.Request request ? request.id() : null;
            reject(id, IpcErrorCodes.HANDSHAKE_REQUIRED, HANDSHAKE_REQUIRED, null, frame instanceof Inbound.Invalid
                    ? "first frame is not a JSON-RPC message" : "first frame is not an ipc.hello request");
            return;
        }
        JsonElement given = (JsonElement) hello.params();
        JsonObject params = given != null && given.isJsonObject() ? given.getAsJsonObject() : new JsonObject();
        JsonElement token = params.get("token");
        String presented = token != null && token.isJsonPrimitive() && token.getAsJsonPrimitive().isString() ? token.getAsString() : null;
        if (!Secrets.matches(presented, server.token())) {
            phase.set(Phase.REJECTED);
            connection.stopReading(); // the refusal waits on the timer: an end of stream meanwhile must not drop it
            server.authenticationFailed(this, hello.id(), presented == null ? "no token" : "wrong token");
            return;
        }
        JsonElement protocol = params.get("protocol");
        if (protocol == null || !protocol.isJsonPrimitive() || !protocol.getAsJsonPrimitive().isNumber()
                || !"1".equals(protocol.getAsString())) {
            JsonObject data = new JsonObject();
            JsonArray supported = new JsonArray();
            supported.add(1);
            data.add("supported", supported);
            reject(hello.id(), IpcErrorCodes.UNSUPPORTED_PROTOCOL, "unsupported protocol version " + protocol
                    + ": this server speaks protocol 1", data, "unsupported protocol " + protocol);
            return;
        }
        JsonElement name = params.get("client");
        String client = name != null && name.isJsonPrimitive() && name.getAsJsonPrimitive().isString() ? name.getAsString() : null;
        this.clientName = client != null && client.length() > 256 ? client.substring(0, 256) : client;
        JsonElement resume = params.get("resume");
        String resumeSession = null;
        long resumeSeq = -1;
        if (resume != null && resume.isJsonObject()) {
            JsonElement id = resume.getAsJsonObject().get("session");
            JsonElement seq = resume.getAsJsonObject().get("lastSeq");
            resumeSession = id != null && id.isJsonPrimitive() ? id.getAsString() : "";
            try {
                resumeSeq = seq != null && seq.isJsonPrimitive() ? seq.getAsLong() : -1;
            } catch (NumberFormatException e) {
                resumeSeq = -1;
            }
        }
        try {
            server.admit(this, hello.id(), resume != null && !resume.isJsonNull(), resumeSession, resumeSeq);
        } catch (RpcErrorException e) {
            reject(hello.id(), e.code(), e.getMessage(), e.data(), e.getMessage());
        }
    }

    /** Called by the server under the session lock once the client is admitted; the ack follows via {@code session.attach}. */
    void becomeReady(String id, Session assigned) {
        this.clientId = id;
        this.session = assigned;
        this.connectedAt = Instant.now();
        connection.frameLimit(server.maxFrameBytes());
        connection.rename("client " + id + (clientName == null ? "" : " \"" + clientName + "\"")
                + peer.pid().stream().mapToObj(pid -> " (pid " + pid + ")").findFirst().orElse(""));
        phase.set(Phase.READY);
    }

    // ---------------------------------------------------------------- after the handshake

    @Override
    public ParamsTarget libraryTarget(String method, boolean request) {
        if (!connection.wireHasHandshake()) {
            return null; // a wire without localipc's protocol (node-ipc) has no library methods
        }
        return switch (method) {
            case LibraryMethods.PING, LibraryMethods.BYE -> IGNORED;
            case LibraryMethods.HELLO, LibraryMethods.SUBSCRIBE, LibraryMethods.UNSUBSCRIBE -> AS_JSON;
            default -> null;
        };
    }

    @Override
    public Runnable onReaderThread(Connection c, Inbound.Notification notification) {
        return null;
    }

    @Override
    public Object library(Connection c, Inbound call) {
        boolean request = call instanceof Inbound.Request;
        JsonElement id = request ? ((Inbound.Request) call).id() : null;
        String method = request ? ((Inbound.Request) call).method() : ((Inbound.Notification) call).method();
        Object params = request ? ((Inbound.Request) call).params() : ((Inbound.Notification) call).params();
        switch (method) {
            case LibraryMethods.PING:
                return request ? c.encoder().result(id, single("time", System.currentTimeMillis())) : null;
            case LibraryMethods.SUBSCRIBE:
            case LibraryMethods.UNSUBSCRIBE: {
                long seq;
                try {
                    List<String> topics = topics(method, (JsonElement) params);
                    seq = method.equals(LibraryMethods.SUBSCRIBE)
                            ? server.sessions().subscribe(session, topics) : server.sessions().unsubscribe(session, topics);
                } catch (RpcErrorException e) {
                    if (!request) {
                        LOG.warn("dropped {} from {}: {}", method, c.peerName(), e.getMessage());
                        return null;
                    }
                    return c.encoder().error(id, e.code(), e.getMessage(), null);
                }
                return request ? c.encoder().result(id, single("seq", seq)) : null;
            }
            case LibraryMethods.BYE:
                saidBye = true;
                c.closeNow("the client said goodbye (ipc.bye)");
                return null;
            default: // ipc.hello again
                return request ? c.encoder().error(id, IpcErrorCodes.INVALID_REQUEST, "invalid request: ipc.hello is only"
                        + " valid as the first frame; this connection is already authenticated", null) : null;
        }
    }

    private static List<String> topics(String method, JsonElement params) {
        JsonElement topics = params != null && params.isJsonObject() ? params.getAsJsonObject().get("topics") : null;
        if (topics == null || !topics.isJsonArray()) {
            throw new RpcErrorException(IpcErrorCodes.INVALID_PARAMS, "invalid params of " + method
                    + ": field 'topics' is required and must be an array of topic names");
        }
        List<String> names = new ArrayList<>();
        for (JsonElement topic : topics.getAsJsonArray()) {
            if (!topic.isJsonPrimitive() || !topic.getAsJsonPrimitive().isString() || topic.getAsString().isEmpty()) {
                throw new RpcErrorException(IpcErrorCodes.INVALID_PARAMS, "invalid params of " + method
                        + ": field 'topics' must hold non-empty strings, found " + topic);
            }
            String name = topic.getAsString();
            if (name.length() > MAX_TOPIC_CHARS) {
                throw new RpcErrorException(IpcErrorCodes.INVALID_PARAMS, "invalid params of " + method
                        + ": a topic name of " + name.length() + " characters is longer than the limit of "
                        + MAX_TOPIC_CHARS + ": use shorter names");
            }
            names.add(name);
        }
        return names;
    }

    @Override
    public void connectionError(Connection c, int code, String message) {
        LOG.info("{} reported error {} for the connection: {}", c.peerName(), code, message);
    }

    @Override
    public void tick(Connection c, long now) {
        // the connection's own checks are all a server needs
    }

    @Override
    public void closed(Connection c, String reason) {
        server.linkClosed(this, reason);
    }

    private static JsonObject single(String name, long value) {
        JsonObject object = new JsonObject();
        object.addProperty(name, value);
        return object;
    }
}
