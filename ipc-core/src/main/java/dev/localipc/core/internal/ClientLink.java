package dev.localipc.core.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.core.ClientInfo;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.IpcServer;
import dev.localipc.core.RequestContext;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of one connection: sends {@code ipc.hello}, answers {@code ipc.ping}, hands
 * {@code ipc.event} to the engine (sequence checks on the reader thread, listeners in order on
 * the handler worker), pings when idle, and closes on {@code ipc.bye}.
 */
final class ClientLink extends RpcLink {
    private static final Logger LOG = LoggerFactory.getLogger(ClientLink.class);

    private final ClientEngine engine;
    private final Instant connectedAt = Instant.now();
    private volatile int connectionErrorCode;
    private volatile String connectionErrorMessage;
    private volatile long lastPingNanos = System.nanoTime();
    private volatile boolean ready;

    ClientLink(ClientEngine engine, TransportConnection connection, Settings settings, Executor handlerExecutor)
            throws IOException {
        super(connection, settings, "server at " + connection.address().location(), handlerExecutor);
        this.engine = engine;
        heartbeat(0);
        outbound.coalesceBursts();
    }

    /** The error the server sent with id null before closing (e.g. -32006), or 0. */
    int connectionErrorCode() {
        return connectionErrorCode;
    }

    String connectionErrorMessage() {
        return connectionErrorMessage;
    }

    void ready(long heartbeatMillis, int maxFrameBytes) {
        heartbeat(heartbeatMillis);
        peerMaxFrameBytes(maxFrameBytes);
        ready = true;
    }

    @Override
    protected boolean callerMayBlock() {
        return !isReaderThread() || super.callerMayBlock();
    }

    @Override
    protected void onConnectionError(int code, String message) {
        connectionErrorCode = code;
        connectionErrorMessage = message;
        if (IpcErrorCodes.closesConnection(code)) {
            LOG.warn("the server is closing the connection: {} {}", code, message);
        } else {
            LOG.warn("the server reported an error about the connection: {} {}", code, message);
        }
    }

    @Override
    protected void complete(CallFuture<?> call, Message message) {
        if ("ipc.hello".equals(call.method) && message.error() == null && message.result() != null
                && message.result().isJsonObject()) {
            engine.acknowledged(this, message.result().getAsJsonObject());
        }
        super.complete(call, message);
    }

    @Override
    protected Runnable onReaderThread(Message message) {
        if (message.kind() == Message.Kind.NOTIFICATION && "ipc.event".equals(message.method())) {
            return engine.onEvent(message.params());
        }
        return null;
    }

    @Override
    protected Object libraryCall(Message message) {
        boolean request = message.kind() == Message.Kind.REQUEST;
        switch (message.method()) {
            case "ipc.ping": {
                JsonObject pong = new JsonObject();
                pong.addProperty("time", System.currentTimeMillis());
                return request ? frames.result(message.id(), pong) : null;
            }
            case "ipc.event": {
                Runnable deliver = engine.onEvent(message.params());
                deliver.run();
                return null;
            }
            case "ipc.bye":
                closeNow("the server said goodbye (ipc.bye)");
                return null;
            default:
                if (request) {
                    return Frames.error(message.id(), IpcErrorCodes.METHOD_NOT_FOUND, "method not found: " + message.method(), null);
                }
                LOG.warn("dropped notification {} from {}: no such library method", message.method(), peerName());
                return null;
        }
    }

    @Override
    public void tick(long now) {
        super.tick(now);
        long heartbeat = heartbeatMillis();
        if (!ready || heartbeat <= 0 || !isOpen()) {
            return;
        }
        long interval = heartbeat * 1_000_000L;
        boolean idle = now - outbound.lastSentNanos() >= interval || now - lastReceivedNanos() >= interval;
        if (idle && now - lastPingNanos >= interval) {
            lastPingNanos = now;
            sendPing(now);
        }
    }

    @Override
    protected RequestContext context(String method) {
        return new Context(method);
    }

    @Override
    protected void onClosed(String reason) {
        engine.linkClosed(this, reason);
    }

    ClientInfo info() {
        return new ClientInfo(engine.clientId() == null ? "unknown" : engine.clientId(),
                engine.session() == null ? "unknown" : engine.session(), connection.peer().pid().orElse(-1),
                connection.peer().uid().orElse(-1), engine.clientName(), connectedAt, framesIn(), outbound.framesOut(),
                bytesIn(), outbound.bytesOut());
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
            return engine.clientId();
        }

        @Override
        public ClientInfo client() {
            return info();
        }

        @Override
        public IpcServer server() {
            throw new IllegalStateException("this handler runs in an IpcClient: there is no IpcServer here;"
                    + " use ctx.notifyPeer to reach the server");
        }

        @Override
        public void notifyPeer(String notificationMethod, Object params) {
            ClientLink.this.notify(notificationMethod, params);
        }
    }
}
