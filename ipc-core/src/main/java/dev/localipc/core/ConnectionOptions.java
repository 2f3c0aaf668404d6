package dev.localipc.core;

import com.google.gson.Gson;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.core.internal.connection.ConnectionSettings;
import dev.localipc.core.internal.connection.HandlerTable;
import dev.localipc.core.internal.connection.Secrets;
import dev.localipc.core.internal.wire.Binding;
import dev.localipc.core.internal.wire.Frames;
import dev.localipc.core.internal.wire.InboundBudget;
import dev.localipc.core.internal.wire.MessageEncoder;
import dev.localipc.core.internal.wire.FrameCodec;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;

/**
 * The options {@link IpcServer.Builder} and {@link IpcClient.Builder} share, with their checks,
 * collected once: both builders keep their own public methods and hand the values here. Not
 * thread-safe (a builder's).
 */
final class ConnectionOptions {
    private final HandlerTable.Builder handlers = HandlerTable.builder();
    private TransportProvider transport;
    private String token;
    private Gson gson;
    private HandlerThreading threading;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxFrameBytes = 16 * 1024 * 1024;
    private int outboundFrames = 10_000;
    private WireFormat wireFormat = WireFormat.jsonRpc();

    ConnectionOptions(HandlerThreading threading) {
        this.threading = threading;
    }

    void transport(TransportProvider provider) {
        this.transport = Objects.requireNonNull(provider, "transport");
    }

    /** The transport given, else the best available one. */
    TransportProvider transport() {
        return transport != null ? transport : Transports.select();
    }

    void token(String value) {
        this.token = Secrets.checkToken(value);
    }

    String token() {
        return token;
    }

    void gson(Gson value) {
        this.gson = Objects.requireNonNull(value, "gson");
    }

    void threading(HandlerThreading value) {
        this.threading = Objects.requireNonNull(value, "threading");
    }

    void requestTimeout(Duration timeout) {
        this.requestTimeout = positive("requestTimeout", timeout);
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    void maxFrameBytes(int bytes) {
        this.maxFrameBytes = atLeast("maxFrameBytes", bytes, 1024);
    }

    int maxFrameBytes() {
        return maxFrameBytes;
    }

    void outboundFrames(int frames) {
        this.outboundFrames = atLeast("outboundQueueLimit", frames, 1);
    }

    int outboundFrames() {
        return outboundFrames;
    }

    void wireFormat(WireFormat format) {
        this.wireFormat = Objects.requireNonNull(format, "wireFormat");
    }

    WireFormat wireFormat() {
        return wireFormat;
    }

    <P> void onRequest(String method, Type paramsType, RequestHandler<? super P, ?> handler) {
        handlers.request(method, paramsType, handler);
    }

    <P> void onNotification(String method, Type paramsType, NotificationHandler<? super P> handler) {
        handlers.notification(method, paramsType, handler);
    }

    /**
     * What the connections will share; the outbound byte limit is 64 MiB or twice the frame limit,
     * and a wire format without handshake has no heartbeat (node-ipc peers never ping).
     */
    ConnectionSettings settings(long heartbeatMillis, InboundBudget budget, boolean applicationThreadsWrite) {
        FrameCodec wire = wireFormat.codec();
        MessageEncoder encoder = wire.encoder(gson != null ? gson : Frames.defaultGson());
        return new ConnectionSettings(wire, encoder, new Binding(encoder.gson()), handlers.build(), threading, maxFrameBytes,
                outboundFrames, Math.max(64L << 20, 2L * maxFrameBytes), wire.handshake() ? heartbeatMillis : 0, requestTimeout,
                budget, applicationThreadsWrite);
    }

    static Duration positive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " " + value + " must be positive");
        }
        return value;
    }

    static Duration nonNegative(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative()) {
            throw new IllegalArgumentException(what + " " + value + " is negative: pass zero or more");
        }
        return value;
    }

    static int atLeast(String what, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(what + " " + value + " is too small: pass at least " + minimum);
        }
        return value;
    }
}
