package dev.localipc.core.internal.client;

import com.google.gson.JsonObject;
import com.google.gson.stream.JsonToken;
import dev.localipc.core.ClientInfo;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.IpcServer;
import dev.localipc.core.internal.connection.Connection;
import dev.localipc.core.internal.connection.Protocol;
import dev.localipc.core.internal.wire.Binding;
import dev.localipc.core.internal.wire.FrameJsonReader;
import dev.localipc.core.internal.wire.FrameTooLargeException;
import dev.localipc.core.internal.wire.Inbound;
import dev.localipc.core.internal.wire.LibraryMethods;
import dev.localipc.core.internal.wire.FrameDecoder;
import dev.localipc.core.internal.wire.ParamsTarget;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of one connection: answers {@code ipc.ping}, takes {@code ipc.event} (its
 * data bound during the decoder's pass to each listener's type, its seq checked on the reader
 * thread, the listeners called in order on the handler worker), pings when idle, and closes on
 * {@code ipc.bye}. The hello is the engine's: a request like any other.
 *
 * <p>Thread-safe.
 */
final class ClientProtocol implements Protocol {
    private static final Logger LOG = LoggerFactory.getLogger(ClientProtocol.class);
    private static final ParamsTarget IGNORED = () -> Void.class;

    private final ClientEngine engine;
    private final ParamsTarget events;
    private final Instant connectedAt = Instant.now();
    private volatile Connection connection;
    private volatile int connectionErrorCode;
    private volatile String connectionErrorMessage;
    private volatile boolean ready;

    ClientProtocol(ClientEngine engine) {
        this.engine = engine;
        this.events = new EventTarget();
    }

    void attach(Connection made) {
        this.connection = made;
        made.heartbeat(0);
        made.coalesceBursts();
    }

    Connection connection() {
        return connection;
    }

    /** The error the server sent with id null before closing (e.g. -32006), or 0. */
    int connectionErrorCode() {
        return connectionErrorCode;
    }

    String connectionErrorMessage() {
        return connectionErrorMessage;
    }

    /** The handshake is done: heartbeats and the server's frame limit apply from now on. */
    void ready(long heartbeatMillis, int maxFrameBytes) {
        connection.heartbeat(heartbeatMillis);
        connection.peerMaxFrameBytes(maxFrameBytes);
        ready = true;
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public void beforeReady(Connection c, Inbound frame) {
        throw new IllegalStateException("a client connection carries messages from its first frame");
    }

    @Override
    public boolean frameTooLarge(Connection c, FrameTooLargeException e) {
        return false;
    }

    @Override
    public ParamsTarget libraryTarget(String method, boolean request) {
        if (!connection.wireHasHandshake()) {
            return null; // a wire without localipc's protocol (node-ipc) has no library methods
        }
        return switch (method) {
            case LibraryMethods.PING, LibraryMethods.BYE -> IGNORED;
            case LibraryMethods.EVENT -> request ? null : events;
            default -> null;
        };
    }

    @Override
    public Runnable onReaderThread(Connection c, Inbound.Notification notification) {
        return notification.method().equals(LibraryMethods.EVENT) ? engine.onEvent((Event) notification.params()) : null;
    }

    @Override
    public Object library(Connection c, Inbound call) {
        if (call instanceof Inbound.Request request) {
            if (request.method().equals(LibraryMethods.PING)) {
                JsonObject pong = new JsonObject();
                pong.addProperty("time", System.currentTimeMillis());
                return c.encoder().result(request.id(), pong);
            }
            return c.encoder().error(request.id(), IpcErrorCodes.METHOD_NOT_FOUND, "method not found: " + request.method(), null);
        }
        if (((Inbound.Notification) call).method().equals(LibraryMethods.BYE)) {
            c.closeNow("the server said goodbye (ipc.bye)");
        }
        return null;
    }

    @Override
    public void connectionError(Connection c, int code, String message) {
        connectionErrorCode = code;
        connectionErrorMessage = message;
        if (IpcErrorCodes.closesConnection(code)) {
            LOG.info("the server is closing the connection: {} {}", code, message);
        } else {
            LOG.warn("the server reported an error about the connection: {} {}", code, message);
        }
    }

    @Override
    public void tick(Connection c, long now) {
        long heartbeat = c.heartbeatMillis();
        if (!ready || heartbeat <= 0 || !c.isOpen()) {
            return;
        }
        long interval = heartbeat * 1_000_000L;
        boolean idle = now - c.lastSentNanos() >= interval || now - c.lastReceivedNanos() >= interval;
        if (idle && now - c.lastPingNanos() >= interval) {
            c.sendPing(now);
        }
    }

    @Override
    public String clientId() {
        return engine.clientId();
    }

    @Override
    public IpcServer server() {
        throw new IllegalStateException("this handler runs in an IpcClient: there is no IpcServer here;"
                + " use ctx.notifyPeer to reach the server");
    }

    @Override
    public void closed(Connection c, String reason) {
        engine.linkClosed(this, reason);
    }

    @Override
    public ClientInfo clientInfo() {
        Connection c = connection;
        return new ClientInfo(engine.clientId() == null ? "unknown" : engine.clientId(),
                engine.session() == null ? "unknown" : engine.session(), c.transport().peer().pid().orElse(-1),
                c.transport().peer().uid().orElse(-1), engine.clientName(), connectedAt, c.framesIn(), c.framesOut(),
                c.bytesIn(), c.bytesOut());
    }

    /**
     * One {@code ipc.event} as the decoder read it: its data bound to the type of each listener of
     * the topic (a value, or a {@link FrameDecoder.BindFailure}); {@code topic} null when its
     * params were not an object.
     */
    record Event(String topic, long seq, Map<Type, Object> data) {
    }

    /**
     * Reads the params of {@code ipc.event}: topic, seq, and the data bound for the topic's
     * listeners. When the topic came first (as every localipc server writes it) and its listeners
     * take one type, the data is bound as it is read, in the decoder's one pass; otherwise it is
     * noted and bound afterwards for each type.
     */
    private final class EventTarget implements ParamsTarget {
        @Override
        public Type paramsType() {
            return Event.class;
        }

        @Override
        public Object read(FrameJsonReader in, FrameDecoder decoder) throws IOException {
            if (in.peek() != JsonToken.BEGIN_OBJECT) {
                in.skipValue();
                return new Event(null, -1, Map.of());
            }
            String topic = "";
            long seq = -1;
            int dataStart = -1;
            int dataEnd = -1;
            Object bound = null;
            String boundFor = null;
            Type boundType = null;
            in.beginObject();
            while (in.hasNext()) {
                switch (in.nextName()) {
                    case "topic" -> topic = in.peek() == JsonToken.STRING ? in.nextKnownString() : skipped(in, "");
                    case "seq" -> seq = in.isPlainLong() ? in.nextLong() : skipped(in, -1L);
                    case "data" -> {
                        dataStart = in.valueStart();
                        List<Type> types = decoder.bindsInPass(in) ? engine.listenerTypes(topic) : List.of();
                        boundFor = types.size() == 1 ? topic : null;
                        if (boundFor != null) {
                            boundType = types.get(0);
                            bound = bindNow(in, decoder, boundType);
                        } else {
                            in.skipValue();
                        }
                        dataEnd = in.position();
                    }
                    default -> in.skipValue();
                }
            }
            in.endObject();
            List<Type> types = engine.listenerTypes(topic);
            if (dataStart < 0 || types.isEmpty()) {
                return new Event(topic, seq, Map.of());
            }
            if (topic.equals(boundFor) && types.size() == 1 && types.get(0).equals(boundType)) {
                return new Event(topic, seq, Collections.singletonMap(boundType, bound));
            }
            if (types.size() == 1) {
                return new Event(topic, seq, Collections.singletonMap(types.get(0), decoder.bindSpan(dataStart, dataEnd, types.get(0),
                        "data of topic ", topic)));
            }
            Map<Type, Object> data = new HashMap<>(4);
            for (Type type : types) {
                data.put(type, decoder.bindSpan(dataStart, dataEnd, type, "data of topic ", topic));
            }
            return new Event(topic, seq, data);
        }
    }

    /**
     * The data bound from the decoder's first pass; data that does not bind makes the decoder read
     * the frame again (a refusal too, which must not become the event's -32602), and then this
     * target binds it with bindSpan, which words why.
     */
    private static Object bindNow(FrameJsonReader in, FrameDecoder decoder, Type type) throws IOException {
        try {
            return decoder.binding().read(in, type);
        } catch (Binding.Refusal refused) {
            throw new IOException("the data does not bind in the pass: " + refused.getMessage(), refused);
        }
    }

    private static <T> T skipped(FrameJsonReader in, T value) throws IOException {
        in.skipValue();
        return value;
    }
}
