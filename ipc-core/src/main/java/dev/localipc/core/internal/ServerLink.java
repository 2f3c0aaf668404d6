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
import java.util.concurrent.atomic.AtomicBoolean;
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

    private final ServerEngine server;
    private final PeerIdentity peer;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.HANDSHAKE);
    private final AtomicBoolean handshakeCounted = new AtomicBoolean(true);
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

    /** Leaves the count of connections in the handshake, once. */
    boolean leaveHandshakeCount() {
        ScheduledFuture<?> timer = handshakeTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        return handshakeCounted.compareAndSet(true, false);
    }

    void notCounted() {
        handshakeCounted.set(false);
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
            LOG.info("refusing {}: no ipc.hello within {} ms (-32003)", peerName(), timeoutMillis);
            sendFinal(Frames.connectionError(IpcErrorCodes.HANDSHAKE_TIMEOUT, "handshake timeout: no ipc.hello within "
                    + timeoutMillis + " ms"), "handshake timeout");
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
            reject(null, IpcErrorCodes.HANDSHAKE_REQUIRED, "handshake required: the first frame must be the ipc.hello request",
                    null, "first frame is not UTF-8");
        }
    }

    @Override
    protected void onFrameTooLarge(FrameTooLargeException e) {
        phase.set(Phase.REJECTED);
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
            long delay = server.authFailureDelayMillis();
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            reject(hello.id(), IpcErrorCodes.AUTHENTICATION_FAILED, "authentication failed", null,
                    given == null ? "no token" : "wrong token");
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
                List<String> topics;
                try {
                    topics = topics(message);
                } catch (RpcErrorException e) {
                    if (!request) {
                        LOG.warn("dropped {} from {}: {}", message.method(), peerName(), e.getMessage());
                        return null;
                    }
                    return Frames.error(message.id(), e.code(), e.getMessage(), null);
                }
                long seq = message.method().equals("ipc.subscribe")
                        ? server.sessions().subscribe(session, topics) : server.sessions().unsubscribe(session, topics);
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
            names.add(topic.getAsString());
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
