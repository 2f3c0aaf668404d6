package dev.localipc.core.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import dev.localipc.api.PeerIdentity;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.core.ClientInfo;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.IpcServer;
import dev.localipc.core.RequestContext;
import dev.localipc.core.RpcErrorException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of one client connection: the handshake (first frame), then JSON-RPC with
 * the reserved methods ipc.ping, ipc.subscribe, ipc.unsubscribe and ipc.bye.
 */
final class ServerLink extends RpcLink {
    private static final Logger LOG = LoggerFactory.getLogger(ServerLink.class);

    enum Phase { HANDSHAKE, CHECKING, READY, REJECTED }

    /** The largest first frame (the hello is under 1 KiB): until authenticated, a connection holds little. */
    static final int HELLO_FRAME_BYTES = 64 * 1024;

    private final ServerEngine server;
    private final PeerIdentity peer;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.HANDSHAKE);
    private volatile ScheduledFuture<?> handshakeTimer;
    private volatile String clientId;
    private volatile String clientName;
    private volatile Session session;
    private volatile Instant connectedAt;
    private volatile boolean saidBye;

    ServerLink(ServerEngine server, TransportConnection connection, Settings settings) throws IOException {
        super(connection, settings, "connection from " + connection.peer(), null);
        this.server = server;
        this.peer = connection.peer();
        frameLimit(Math.min(HELLO_FRAME_BYTES, settings.maxFrameBytes));
    }

    /** What tells the peer process apart from others, for per-peer fairness: its pid, else its uid. */
    Object peerKey() {
        if (peer.pid().isPresent()) {
            return peer.pid().getAsLong();
        }
        return peer.uid().isPresent() ? "uid " + peer.uid().getAsLong() : "unknown peer";
    }

    Phase phase() {
        return phase.get();
    }

    String clientId() {
        return clientId;
    }

    Session session() {
        return session;
    }

    boolean saidBye() {
        return saidBye;
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

    /** Queues a frame without ever blocking (events, acks): for threads other than this link's. */
    boolean sendQueued(byte[] frame) {
        return outbound.send(frame, false);
    }

    ClientInfo info() {
        return new ClientInfo(clientId, session.id(), peer.pid().orElse(-1), peer.uid().orElse(-1), clientName,
                connectedAt, framesIn(), outbound.framesOut(), bytesIn(), outbound.bytesOut());
    }

    // ---------------------------------------------------------------- handshake

    /** Refuses the connection: error frame, then close. */
    void reject(JsonElement id, int code, String message, JsonElement data, String why) {
        phase.set(Phase.REJECTED);
        LOG.info("refusing {}: {} ({})", peerName(), why, code);
        sendFinal(Frames.errorFrame(id, code, message, data), why);
    }

    /** The handshake timer fired. */
    void handshakeTimedOut(long timeoutMillis) {
        if (phase.compareAndSet(Phase.HANDSHAKE, Phase.REJECTED)) {
            server.firstFrameDone(this);
            LOG.info("refusing {}: no ipc.hello within {} ms (-32003)", peerName(), timeoutMillis);
            sendFinal(Frames.connectionError(IpcErrorCodes.HANDSHAKE_TIMEOUT, "handshake timeout: no ipc.hello within "
                    + timeoutMillis + " ms"), "handshake timeout");
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
            LOG.debug("refusing {}: no ipc.hello yet, and the server needed room for a newer connection (-32003)", peerName());
            outbound.sendFinal(Frames.connectionError(IpcErrorCodes.HANDSHAKE_TIMEOUT, "handshake timeout: no ipc.hello before"
                    + " the server needed room for newer connections (" + pending + " were in the handshake)"),
                    "evicted from the handshake table", true);
        }
    }

    @Override
    protected boolean fastPathOpen() {
        return phase.get() == Phase.READY;
    }

    @Override
    protected void onFrame(String text) {
        Phase current = phase.get();
        if (current == Phase.READY) {
            super.onFrame(text);
        } else if (current == Phase.HANDSHAKE && phase.compareAndSet(Phase.HANDSHAKE, Phase.CHECKING)) {
            server.firstFrameDone(this);
            handshake(text);
        } else {
            LOG.debug("ignoring a frame from {}: the connection is being refused", peerName());
        }
    }

    @Override
    protected void onMalformedFrame(MalformedFrameException e) {
        if (phase.get() == Phase.READY) {
            super.onMalformedFrame(e);
        } else if (phase.compareAndSet(Phase.HANDSHAKE, Phase.CHECKING)) {
            server.firstFrameDone(this);
            reject(null, IpcErrorCodes.HANDSHAKE_REQUIRED, "handshake required: the first frame must be the ipc.hello request",
                    null, "first frame is not UTF-8");
        }
    }

    @Override
    protected void onFrameTooLarge(FrameTooLargeException e) {
        if (phase.getAndSet(Phase.REJECTED) == Phase.HANDSHAKE && e.limit() < settings.maxFrameBytes) {
            server.firstFrameDone(this);
            LOG.info("refusing {}: its first frame is over {} bytes (-32002)", peerName(), e.limit());
            sendFinal(Frames.connectionError(IpcErrorCodes.FRAME_TOO_LARGE, "frame too large: the first frame, ipc.hello,"
                    + " may be at most " + e.limit() + " bytes"), "first frame too large");
            return;
        }
        super.onFrameTooLarge(e);
    }

    private void handshake(String text) {
        JsonElement json;
        try {
            json = StrictJson.parse(text);
        } catch (JsonParseException e) {
            reject(null, IpcErrorCodes.HANDSHAKE_REQUIRED, "handshake required: the first frame must be the ipc.hello request",
                    null, "first frame is not JSON");
            return;
        }
        Message hello = json.isJsonArray() ? Message.of(new JsonPrimitive(0)) : Message.of(json);
        if (hello.kind() != Message.Kind.REQUEST || !"ipc.hello".equals(hello.method())) {
            JsonElement id = hello.kind() == Message.Kind.REQUEST ? hello.id() : null;
            reject(id, IpcErrorCodes.HANDSHAKE_REQUIRED, "handshake required: the first frame must be the ipc.hello request",
                    null, "first frame is not an ipc.hello request");
            return;
        }
        JsonObject params = hello.params() != null && hello.params().isJsonObject() ? hello.params().getAsJsonObject() : new JsonObject();
        JsonElement token = params.get("token");
        String given = token != null && token.isJsonPrimitive() && token.getAsJsonPrimitive().isString() ? token.getAsString() : null;
        if (!Secrets.matches(given, server.token())) {
            phase.set(Phase.REJECTED);
            server.authenticationFailed(this, hello.id(), given == null ? "no token" : "wrong token");
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
        if (client != null && client.length() > 256) {
            client = client.substring(0, 256);
        }
        String resumeSession = null;
        long resumeSeq = -1;
        JsonElement resume = params.get("resume");
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
        this.clientName = client;
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
        frameLimit(settings.maxFrameBytes);
        rename("client " + id + (clientName == null ? "" : " \"" + clientName + "\"")
                + peer.pid().stream().mapToObj(pid -> " (pid " + pid + ")").findFirst().orElse(""));
        phase.set(Phase.READY);
    }

    // ---------------------------------------------------------------- after the handshake

    @Override
    public void tick(long now) {
        if (phase.get() == Phase.READY) {
            super.tick(now);
        }
    }

    @Override
    protected Object libraryCall(Message message) {
        boolean request = message.kind() == Message.Kind.REQUEST;
        switch (message.method()) {
            case "ipc.ping":
                return request ? frames.result(message.id(), single("time", System.currentTimeMillis())) : null;
            case "ipc.subscribe":
            case "ipc.unsubscribe": {
                long seq;
                try {
                    List<String> topics = topics(message);
                    seq = message.method().equals("ipc.subscribe")
                            ? server.sessions().subscribe(session, topics) : server.sessions().unsubscribe(session, topics);
                } catch (RpcErrorException e) {
                    if (!request) {
                        LOG.warn("dropped {} from {}: {}", message.method(), peerName(), e.getMessage());
                        return null;
                    }
                    return Frames.error(message.id(), e.code(), e.getMessage(), null);
                }
                return request ? frames.result(message.id(), single("seq", seq)) : null;
            }
            case "ipc.bye":
                saidBye = true;
                closeNow("the client said goodbye (ipc.bye)");
                return null;
            case "ipc.hello":
                if (request) {
                    return Frames.error(message.id(), IpcErrorCodes.INVALID_REQUEST,
                            "invalid request: ipc.hello is only valid as the first frame; this connection is already authenticated", null);
                }
                return null;
            default:
                if (request) {
                    return Frames.error(message.id(), IpcErrorCodes.METHOD_NOT_FOUND, "method not found: " + message.method(), null);
                }
                LOG.warn("dropped notification {} from {}: no such library method", message.method(), peerName());
                return null;
        }
    }

    /** The longest topic name accepted in ipc.subscribe and ipc.unsubscribe, in characters. */
    static final int MAX_TOPIC_CHARS = 256;

    private List<String> topics(Message message) {
        JsonElement params = message.params();
        JsonElement topics = params != null && params.isJsonObject() ? params.getAsJsonObject().get("topics") : null;
        if (topics == null || !topics.isJsonArray()) {
            throw new RpcErrorException(IpcErrorCodes.INVALID_PARAMS, "invalid params of " + message.method()
                    + ": field 'topics' is required and must be an array of topic names");
        }
        List<String> names = new ArrayList<>();
        for (JsonElement topic : topics.getAsJsonArray()) {
            if (!topic.isJsonPrimitive() || !topic.getAsJsonPrimitive().isString() || topic.getAsString().isEmpty()) {
                throw new RpcErrorException(IpcErrorCodes.INVALID_PARAMS, "invalid params of " + message.method()
                        + ": field 'topics' must hold non-empty strings, found " + topic);
            }
            String name = topic.getAsString();
            if (name.length() > MAX_TOPIC_CHARS) {
                throw new RpcErrorException(IpcErrorCodes.INVALID_PARAMS, "invalid params of " + message.method()
                        + ": a topic name of " + name.length() + " characters is longer than the limit of "
                        + MAX_TOPIC_CHARS + ": use shorter names");
            }
            names.add(name);
        }
        return names;
    }

    @Override
    protected RequestContext context(String method) {
        return new Context(method);
    }

    @Override
    protected void onClosed(String reason) {
        server.linkClosed(this, reason);
    }

    private static JsonObject single(String name, long value) {
        JsonObject object = new JsonObject();
        object.addProperty(name, value);
        return object;
    }

    private final class Context implements RequestContext {
        private final String method;

        Context(String method) {
            this.method = method;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String clientId() {
            return clientId;
        }

        @Override
        public ClientInfo client() {
            return info();
        }

        @Override
        public IpcServer server() {
            return server.facade();
        }

        @Override
        public void notifyPeer(String notificationMethod, Object params) {
            ServerLink.this.notify(notificationMethod, params);
        }
    }
}
