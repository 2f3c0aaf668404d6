package dev.localipc.core.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.core.ConnectionLostException;
import dev.localipc.core.HandlerThreading;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.RequestContext;
import dev.localipc.core.RequestTimeoutException;
import dev.localipc.core.RpcErrorException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON-RPC 2.0 connection, either side: the reader loop, the outbound queue, the table of
 * requests waiting for a response, and the dispatch of incoming requests and notifications to
 * the application's handlers. {@link ServerLink} and {@link ClientLink} add the handshake and
 * the reserved {@code ipc.} methods.
 *
 * <p>Threading: one reader thread per link reads frames, completes responses and, with
 * {@link HandlerThreading#READER_THREAD}, runs handlers; with {@link HandlerThreading#ORDERED_WORKER}
 * handlers run in order on a {@link SerialExecutor}. Sending is thread-safe.
 */
public abstract class RpcLink implements Outbound.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(RpcLink.class);
    private static final ThreadLocal<RpcLink> HANDLING = new ThreadLocal<>();
    /** How long a write may wait for a peer that does not read when heartbeats are off (with them: 3 x heartbeat). */
    static final long NO_HEARTBEAT_STALL_MILLIS = 30_000;

    /** Settings shared by the links of one server or client. */
    public static final class Settings {
        final Frames frames;
        final ParamsBinder binder;
        final HandlerTable handlers;
        final HandlerThreading threading;
        final int maxFrameBytes;
        final int outboundFrames;
        final long outboundBytes;
        final long heartbeatMillis;
        final Duration requestTimeout;
        final InboundBudget inboundBudget;

        /** Creates settings; see the builders of IpcServer and IpcClient for the meaning of each. */
        public Settings(Frames frames, HandlerTable handlers, HandlerThreading threading, int maxFrameBytes,
                int outboundFrames, long outboundBytes, long heartbeatMillis, Duration requestTimeout,
                InboundBudget inboundBudget) {
            this.frames = frames;
            this.binder = new ParamsBinder(frames.gson());
            this.handlers = handlers;
            this.threading = threading;
            this.maxFrameBytes = maxFrameBytes;
            this.outboundFrames = outboundFrames;
            this.outboundBytes = outboundBytes;
            this.heartbeatMillis = heartbeatMillis;
            this.requestTimeout = requestTimeout;
            this.inboundBudget = inboundBudget;
        }
    }

    protected final TransportConnection connection;
    protected final Settings settings;
    protected final Frames frames;
    protected final Outbound outbound;
    private final FrameReader reader;
    private final Executor handlerExecutor;
    private final Map<Long, CallFuture<?>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String peerName;
    private volatile Thread readerThread;
    /** Written by the reader thread only, with release stores (no fence per frame), read with acquire loads. */
    private long lastReceivedNanos = System.nanoTime();
    private long framesIn;
    private long bytesIn;
    private boolean busyOnReader;
    /** {@link FrameReader#reads()} when {@link #lastReceivedNanos} was last set: frames of one read share its time. */
    private int readsAtLastFrame = -1;
    private static final VarHandle LAST_RECEIVED_NANOS;
    private static final VarHandle FRAMES_IN;
    private static final VarHandle BYTES_IN;
    private static final VarHandle BUSY_ON_READER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LAST_RECEIVED_NANOS = lookup.findVarHandle(RpcLink.class, "lastReceivedNanos", long.class);
            FRAMES_IN = lookup.findVarHandle(RpcLink.class, "framesIn", long.class);
            BYTES_IN = lookup.findVarHandle(RpcLink.class, "bytesIn", long.class);
            BUSY_ON_READER = lookup.findVarHandle(RpcLink.class, "busyOnReader", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private volatile String closeReason;
    private volatile long heartbeatMillis;
    /** Decodes most frames with no JSON tree; made by {@link #fastPath()}; reader thread only. */
    private FastPath fastPath;
    /** Whether the frame being handled went through the byte fast path already; reader thread only. */
    private boolean fastPathTried;
    private volatile int peerMaxFrameBytes = Integer.MAX_VALUE;
    private volatile long lastPingNanos = System.nanoTime();

    /**
     * @param handlerExecutor where handlers run with {@link HandlerThreading#ORDERED_WORKER}; null
     *     for a new per-link ordered worker
     */
    protected RpcLink(TransportConnection connection, Settings settings, String peerName, Executor handlerExecutor)
            throws IOException {
        this.connection = connection;
        this.settings = settings;
        this.frames = settings.frames;
        this.peerName = peerName;
        this.heartbeatMillis = settings.heartbeatMillis;
        this.reader = new FrameReader(connection.input(), settings.maxFrameBytes, settings.inboundBudget);
        this.outbound = new Outbound(connection.output(), this, settings.outboundFrames, settings.outboundBytes);
        this.handlerExecutor = settings.threading == HandlerThreading.ORDERED_WORKER
                ? (handlerExecutor != null ? handlerExecutor : newOrderedWorker()) : null;
    }

    /** A new executor that runs tasks one at a time in order, for {@link HandlerThreading#ORDERED_WORKER}. */
    public static Executor newOrderedWorker() {
        return new SerialExecutor(WorkerThreads.shared());
    }

    /** Sets the heartbeat interval (the client learns it from the ack); 0 turns the check off. */
    protected final void heartbeat(long millis) {
        this.heartbeatMillis = millis;
    }

    /** Sets the largest frame read from now on (at most maxFrameBytes); reader thread only. */
    protected final void frameLimit(int bytes) {
        reader.limit(bytes);
    }

    /** The heartbeat interval in milliseconds (0: off). */
    protected final long heartbeatMillis() {
        return heartbeatMillis;
    }

    /** Starts the reader thread. */
    public final void start(ThreadFactory threads) {
        Thread thread = threads.newThread(this::readLoop);
        readerThread = thread;
        thread.start();
    }

    /** For logs and errors: "client a3f7b9c2d1e4 (pid 42)" or "server orchestrator". */
    @Override
    public final String peerName() {
        return peerName;
    }

    protected final void rename(String name) {
        this.peerName = name;
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends a request; the future completes with the result bound to {@code resultType}, or fails
     * with {@link RpcErrorException}, {@link RequestTimeoutException} or {@link ConnectionLostException}.
     */
    public final <T> CompletableFuture<T> request(String method, Object params, Type resultType, Duration timeout) {
        return request(method, params, resultType, timeout, callerMayBlock());
    }

    private <T> CompletableFuture<T> request(String method, Object params, Type resultType, Duration timeout, boolean mayBlock) {
        long id = nextId.getAndIncrement();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        CallFuture<T> call = new CallFuture<>(this, id, method, resultType, deadline);
        if (closed.get()) {
            call.completeExceptionally(lost(method));
            return call;
        }
        Utf8FrameWriter frame;
        try {
            frame = frames.encodeRequest(id, method, params);
        } catch (RuntimeException e) {
            call.completeExceptionally(new IllegalArgumentException("cannot turn the params of " + method
                    + " into JSON with Gson: " + e.getMessage(), e));
            return call;
        }
        try {
            int length = frame.length();
            if (length - 1 > peerMaxFrameBytes) {
                call.completeExceptionally(tooLarge(method, length - 1));
                return call;
            }
            pending.put(id, call);
            if (!outbound.send(frame.array(), length, mayBlock)) {
                pending.remove(id);
                call.completeExceptionally(lost(method));
            } else if (closed.get() && pending.remove(id) != null) {
                call.completeExceptionally(lost(method));
            }
            return call;
        } finally {
            frame.release();
        }
    }

    /**
     * Sends a notification.
     *
     * @throws ConnectionLostException if the link is closed or the frame was refused
     */
    public final void notify(String method, Object params) {
        Utf8FrameWriter frame = frames.encodeNotification(method, params);
        try {
            int length = frame.length();
            if (length - 1 > peerMaxFrameBytes) {
                throw tooLarge(method, length - 1);
            }
            if (closed.get() || !outbound.send(frame.array(), length, callerMayBlock())) {
                throw lost(method);
            }
        } finally {
            frame.release();
        }
    }

    /** The largest frame the peer accepts, when it said so (the server does, in its ack). */
    protected final void peerMaxFrameBytes(int bytes) {
        this.peerMaxFrameBytes = bytes;
    }

    private IllegalArgumentException tooLarge(String method, int bytes) {
        return new IllegalArgumentException(method + " would be a frame of " + bytes + " bytes, but " + peerName
                + " accepts at most " + peerMaxFrameBytes + " (its maxFrameBytes): send less per message");
    }

    /** Sends one encoded frame; false if refused (closed, overloaded). */
    public final boolean send(byte[] frame) {
        return outbound.send(frame, callerMayBlock());
    }

    /**
     * Whether the calling thread may write to this peer itself (and so wait if the peer is slow):
     * true on this link's handler threads, and on its reader thread when no more input is
     * buffered. A peer that pipelines requests has more input buffered: the answers to all but
     * the last of a read go to the queue (they count against its outbound limit, and a worker,
     * not the reader, waits if the peer does not read), so the reader goes on reading. A client
     * says yes for its application threads too.
     */
    protected boolean callerMayBlock() {
        if (Thread.currentThread() == readerThread) {
            return !reader.hasBufferedBytes();
        }
        return HANDLING.get() == this;
    }

    /** Sends {@code frame} as the last frame and closes once it is written (errors that close, ipc.bye). */
    public final void sendFinal(byte[] frame, String reason) {
        outbound.sendFinal(frame, reason, callerMayBlock());
    }

    // ---------------------------------------------------------------- state

    /** Whether the link is open. */
    public final boolean isOpen() {
        return !closed.get();
    }

    /** Why the link closed (null while open). */
    public final String closeReason() {
        return closeReason;
    }

    final boolean isReaderThread() {
        return Thread.currentThread() == readerThread;
    }

    final void forget(long id) {
        pending.remove(id);
    }

    /** Frames received. */
    public final long framesIn() {
        return (long) FRAMES_IN.getAcquire(this);
    }

    /** Bytes received. */
    public final long bytesIn() {
        return (long) BYTES_IN.getAcquire(this);
    }

    /** When the last frame arrived, in {@link System#nanoTime()} units. */
    protected final long lastReceivedNanos() {
        return (long) LAST_RECEIVED_NANOS.getAcquire(this);
    }

    @Override
    public final void closeNow(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        outbound.close();
        try {
            connection.close();
        } catch (IOException e) {
            LOG.debug("closing the connection to {} failed", peerName, e);
        }
        for (CallFuture<?> call : pending.values()) {
            if (pending.remove(call.id) != null) {
                call.completeExceptionally(new ConnectionLostException("the connection to " + peerName
                        + " was lost before the response to " + call.method + " (id " + call.id + ") arrived: " + reason
                        + ". The request may or may not have been carried out; it was not retried"));
            }
        }
        try {
            onClosed(reason);
        } catch (RuntimeException e) {
            LOG.error("cleaning up after the connection to {} closed failed", peerName, e);
        }
    }

    /**
     * Periodic check, from the shared timer: closes a link silent for three heartbeats and fails
     * the requests whose timeout passed.
     */
    public void tick(long now) {
        long heartbeat = heartbeatMillis;
        long stallLimitMillis = heartbeat > 0 ? 3 * heartbeat : NO_HEARTBEAT_STALL_MILLIS;
        long stalled = outbound.writeStalledNanos(now);
        if (stalled > stallLimitMillis * 1_000_000L) {
            LOG.warn("{} has not read for {} ms while a write to it waited (limit {} ms): it is overloaded; closing the"
                    + " connection (-32007 cannot reach a peer that does not read)", peerName, stalled / 1_000_000L,
                    stallLimitMillis);
            closeNow("overloaded: the peer did not read for more than " + stallLimitMillis + " ms");
            return;
        }
        long lastReceived = lastReceivedNanos();
        if (heartbeat > 0 && (boolean) BUSY_ON_READER.getAcquire(this)) {
            keepPeerAwake(now, heartbeat);
        } else if (heartbeat > 0 && now - lastReceived > 3 * heartbeat * 1_000_000L) {
            LOG.warn("{} sent nothing for {} ms (3 x heartbeat {} ms): treating the connection as dead", peerName,
                    (now - lastReceived) / 1_000_000L, heartbeat);
            closeNow("no data for more than 3 x heartbeat (" + 3 * heartbeat + " ms)");
            return;
        }
        if (pending.isEmpty()) {
            return;
        }
        for (CallFuture<?> call : pending.values()) {
            if (now - call.deadlineNanos > 0 && pending.remove(call.id) != null) {
                call.completeExceptionally(new RequestTimeoutException("no response to " + call.method + " (id " + call.id
                        + ") from " + peerName + " within the request timeout; raise requestTimeout if the handler is slow"));
            }
        }
    }

    /**
     * A handler is running on the reader thread, so nothing is read from the peer for now: that
     * is not the peer's silence, so the dead-peer check waits; and lest the peer think us dead,
     * an {@code ipc.ping} goes out when nothing was sent for a heartbeat (the peer answers; the
     * answer is read when the handler is done).
     */
    private void keepPeerAwake(long now, long heartbeat) {
        long interval = heartbeat * 1_000_000L;
        if (now - outbound.lastSentNanos() >= interval && now - lastPingNanos >= interval) {
            sendPing(now);
        }
    }

    /** Sends {@code ipc.ping} (never blocks); a failure is logged at debug level only. */
    protected final void sendPing(long now) {
        lastPingNanos = now;
        request("ipc.ping", null, JsonElement.class, null, false).whenComplete((pong, failure) -> {
            if (failure != null) {
                LOG.debug("ipc.ping to {} failed: {}", peerName, failure.toString());
            }
        });
    }

    // ---------------------------------------------------------------- hooks

    /** Called once when the link closed, on the thread that closed it. */
    protected abstract void onClosed(String reason);

    /** Handles a reserved {@code ipc.} request or notification; returns like {@link #call}. */
    protected abstract Object libraryCall(Message message);

    /** The context handed to application handlers. */
    protected abstract RequestContext context(String method);

    /** An error response with {@code "id":null}: the peer's complaint about the connection itself. */
    protected void onConnectionError(int code, String message) {
        LOG.warn("{} reported error {} for the connection: {}", peerName, code, message);
    }

    /** A frame larger than the limit arrived; default: answer -32002 and close. */
    protected void onFrameTooLarge(FrameTooLargeException e) {
        LOG.warn("{}: {}; answering -32002 and closing", peerName, e.getMessage());
        sendFinal(Frames.connectionError(IpcErrorCodes.FRAME_TOO_LARGE, e.wireMessage()), "frame too large");
    }

    /** A frame that is not UTF-8 arrived; default: answer -32700 and go on. */
    protected void onMalformedFrame(MalformedFrameException e) {
        LOG.warn("{} sent a frame that is not UTF-8: {}; answering -32700", peerName, e.getMessage());
        send(Frames.connectionError(IpcErrorCodes.PARSE_ERROR, "parse error: " + e.getMessage()));
    }

    // ---------------------------------------------------------------- reading

    private void readLoop() {
        try {
            while (!closed.get()) {
                try {
                    if (!reader.advance()) {
                        if (reader.discardedAtEnd() > 0) {
                            LOG.warn("{} closed the connection in the middle of a frame: {} bytes without a newline discarded",
                                    peerName, reader.discardedAtEnd());
                        }
                        endOfStream();
                        return;
                    }
                } catch (FrameTooLargeException e) {
                    FRAMES_IN.setRelease(this, framesIn + 1);
                    onFrameTooLarge(e);
                    return;
                }
                received();
                fastPathTried = fastPathOpen() && reader.frameIsAscii();
                FastPath.Decoded decoded = fastPathTried
                        ? fastPath().decode(reader.frameBytes(), reader.frameStart(), reader.frameLength()) : null;
                if (decoded != null) {
                    onDecoded(decoded);
                    continue;
                }
                String text;
                try {
                    text = reader.frameText();
                } catch (MalformedFrameException e) {
                    onMalformedFrame(e);
                    continue;
                }
                onFrame(text);
            }
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.debug("reading from {} failed", peerName, e);
                closeNow("read failed: " + e.getMessage());
            }
        } catch (RuntimeException | Error e) {
            LOG.error("unexpected failure reading from {}: closing the connection", peerName, e);
            closeNow("internal error: " + e);
        } finally {
            reader.release();
        }
    }

    /**
     * Whether frames may take the fast path now: application traffic is flowing (the server says
     * no until the handshake is done).
     */
    protected boolean fastPathOpen() {
        return true;
    }

    private void endOfStream() {
        if (outbound.isClosing()) {
            return;
        }
        closeNow("the peer closed the connection");
    }

    private void received() {
        outbound.received();
        FRAMES_IN.setRelease(this, framesIn + 1);
        BYTES_IN.setRelease(this, bytesIn + reader.lastFrameBytes());
        int reads = reader.reads();
        if (reads != readsAtLastFrame) {
            readsAtLastFrame = reads;
            LAST_RECEIVED_NANOS.setRelease(this, System.nanoTime());
        }
    }

    /** Handles one complete frame; overridden by the server to run the handshake first. */
    protected void onFrame(String text) {
        FastPath.Decoded decoded = fastPathTried ? null : fastPath().decode(text);
        if (decoded != null) {
            onDecoded(decoded);
            return;
        }
        JsonElement json;
        try {
            json = StrictJson.parse(text);
        } catch (JsonParseException e) {
            LOG.warn("{} sent a frame that is not JSON ({}): answering -32700", peerName, e.getMessage());
            send(Frames.connectionError(IpcErrorCodes.PARSE_ERROR, "parse error: " + e.getMessage()));
            return;
        }
        if (json.isJsonArray()) {
            onBatch(json.getAsJsonArray());
            return;
        }
        Message message = Message.of(json);
        switch (message.kind()) {
            case RESPONSE:
                onResponse(message);
                break;
            case INVALID:
                LOG.warn("{} sent an invalid message ({}): answering -32600", peerName, message.problem());
                send(Frames.errorFrame(message.id(), IpcErrorCodes.INVALID_REQUEST, "invalid request: " + message.problem(), null));
                break;
            default:
                Runnable early = onReaderThread(message);
                dispatch(early != null ? early : () -> deliver(call(message)));
        }
    }

    /** The fast path's decoder, made on the first frame that may take it: an idle connection holds none (a few KiB each). */
    private FastPath fastPath() {
        FastPath decoder = fastPath;
        if (decoder == null) {
            decoder = fastPath = new FastPath(settings.handlers, frames.gson(), pending::get);
        }
        return decoder;
    }

    /** Acts on a frame that {@link #fastPath} decoded. */
    private void onDecoded(FastPath.Decoded frame) {
        if (frame.kind == FastPath.Kind.RESULT) {
            @SuppressWarnings("unchecked")
            CallFuture<Object> call = (CallFuture<Object>) frame.call;
            if (pending.remove(frame.id, call)) {
                call.complete(frame.value);
            } else {
                notPending(new JsonPrimitive(frame.id));
            }
            return;
        }
        boolean request = frame.kind == FastPath.Kind.REQUEST;
        Message message = new Message(request ? Message.Kind.REQUEST : Message.Kind.NOTIFICATION,
                request ? new JsonPrimitive(frame.id) : null, frame.method, null, null, null, null);
        dispatch(() -> deliver(call(message, frame.entry, frame.value)));
    }

    /**
     * Lets a subclass handle a request or notification partly on the reader thread (in arrival
     * order, before dispatch); returns the work to dispatch instead of the normal handling, or null.
     */
    protected Runnable onReaderThread(Message message) {
        return null;
    }

    private void onBatch(JsonArray batch) {
        if (batch.isEmpty()) {
            LOG.warn("{} sent an empty batch: answering -32600", peerName);
            send(Frames.errorFrame(null, IpcErrorCodes.INVALID_REQUEST, "invalid request: empty batch", null));
            return;
        }
        List<Object> slots = new ArrayList<>(batch.size());
        boolean anyCall = false;
        for (JsonElement element : batch) {
            Message message = Message.of(element);
            switch (message.kind()) {
                case RESPONSE:
                    onResponse(message);
                    break;
                case INVALID:
                    LOG.warn("{} sent an invalid message in a batch ({}): answering -32600", peerName, message.problem());
                    slots.add(Frames.error(message.id(), IpcErrorCodes.INVALID_REQUEST, "invalid request: " + message.problem(), null));
                    break;
                default:
                    slots.add(message);
                    anyCall = true;
            }
        }
        if (slots.isEmpty()) {
            return;
        }
        Runnable work = () -> {
            List<Object> answers = new ArrayList<>(slots.size());
            for (Object slot : slots) {
                answers.add(slot instanceof Message ? call((Message) slot) : slot);
            }
            deliverBatch(answers);
        };
        if (anyCall) {
            dispatch(work);
        } else {
            work.run();
        }
    }

    protected final void dispatch(Runnable work) {
        if (handlerExecutor == null) {
            BUSY_ON_READER.setRelease(this, true);
            try {
                work.run();
            } finally {
                BUSY_ON_READER.setRelease(this, false);
            }
            return;
        }
        handlerExecutor.execute(() -> {
            HANDLING.set(this);
            try {
                work.run();
            } finally {
                HANDLING.remove();
            }
        });
    }

    protected final void deliver(Object answer) {
        if (answer == null) {
            return;
        }
        if (answer instanceof byte[]) {
            send((byte[]) answer);
            return;
        }
        if (answer instanceof String) {
            send(Frames.line((String) answer));
            return;
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<String> later = (CompletableFuture<String>) answer;
        later.thenAccept(json -> {
            if (json != null) {
                send(Frames.line(json));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void deliverBatch(List<Object> answers) {
        List<CompletableFuture<String>> all = new ArrayList<>(answers.size());
        for (Object answer : answers) {
            if (answer instanceof byte[]) {
                byte[] frame = (byte[]) answer;
                all.add(CompletableFuture.completedFuture(new String(frame, 0, frame.length - 1, StandardCharsets.UTF_8)));
            } else if (answer instanceof String) {
                all.add(CompletableFuture.completedFuture((String) answer));
            } else if (answer != null) {
                all.add((CompletableFuture<String>) answer);
            }
        }
        if (all.isEmpty()) {
            return;
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).thenRun(() -> {
            StringBuilder json = new StringBuilder().append('[');
            for (CompletableFuture<String> answer : all) {
                String text = answer.join();
                if (text != null) {
                    json.append(json.length() > 1 ? "," : "").append(text);
                }
            }
            if (json.length() > 1) {
                send(Frames.line(json.append(']')));
            }
        });
    }

    /**
     * Runs the handler for one request or notification. Returns the response JSON (a String, or a
     * whole frame as a byte[]), a {@code CompletableFuture<String>} for an asynchronous result, or
     * null when nothing is to be sent.
     */
    protected final Object call(Message message) {
        return call(message, null, null);
    }

    /** Like {@link #call(Message)}; with {@code entry} non-null, {@code bound} are the params already bound for it. */
    private Object call(Message message, HandlerTable.Entry boundEntry, Object bound) {
        String method = message.method();
        boolean request = message.kind() == Message.Kind.REQUEST;
        if (method.startsWith("ipc.")) {
            return libraryCall(message);
        }
        HandlerTable.Entry entry = boundEntry != null ? boundEntry
                : request ? settings.handlers.forRequest(method) : settings.handlers.forNotification(method);
        if (entry == null) {
            if (request) {
                return Frames.error(message.id(), IpcErrorCodes.METHOD_NOT_FOUND, "method not found: " + method, null);
            }
            LOG.warn("dropped notification {} from {}: no handler is registered for it", method, peerName);
            return null;
        }
        Object params;
        try {
            params = boundEntry != null ? bound : settings.binder.bind(message.params(), entry.paramsType, "params of ", method);
        } catch (RpcErrorException e) {
            if (request) {
                return Frames.error(message.id(), e.code(), e.getMessage(), e.data());
            }
            LOG.warn("dropped notification {} from {}: {}", method, peerName, e.getMessage());
            return null;
        }
        RequestContext ctx = context(method);
        try {
            Object result;
            if (entry.request != null) {
                result = entry.request.handle(ctx, params);
            } else {
                entry.notification.handle(ctx, params);
                result = null;
            }
            if (!request) {
                if (result instanceof CompletionStage) {
                    ((CompletionStage<?>) result).whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            LOG.error("the handler of notification {} from {} failed", method, peerName, failure);
                        }
                    });
                }
                return null;
            }
            if (result instanceof CompletionStage) {
                return ((CompletionStage<?>) result).toCompletableFuture()
                        .handle((value, failure) -> failure == null ? resultJson(message, value) : failureJson(message, failure));
            }
            return resultFrame(message, result);
        } catch (Exception | Error e) {
            if (!request) {
                LOG.error("the handler of notification {} from {} failed", method, peerName, e);
                return null;
            }
            return failureJson(message, e);
        }
    }

    private byte[] resultFrame(Message message, Object value) {
        try {
            return frames.resultFrame(message.id(), value);
        } catch (RuntimeException e) {
            LOG.error("cannot turn the result of {} into JSON with Gson: answering -32603", message.method(), e);
            return Frames.errorFrame(message.id(), IpcErrorCodes.INTERNAL_ERROR, "internal error", null);
        }
    }

    /** {@link #resultFrame} as text without its newline, for an asynchronous result (it may join a batch). */
    private String resultJson(Message message, Object value) {
        byte[] frame = resultFrame(message, value);
        return new String(frame, 0, frame.length - 1, StandardCharsets.UTF_8);
    }

    private String failureJson(Message message, Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RpcErrorException) {
            RpcErrorException error = (RpcErrorException) cause;
            return Frames.error(message.id(), error.code(), String.valueOf(error.getMessage()), error.data());
        }
        LOG.error("the handler of {} from {} failed: answering -32603 (the stack trace stays here)", message.method(),
                peerName, cause);
        return Frames.error(message.id(), IpcErrorCodes.INTERNAL_ERROR, "internal error", null);
    }

    // ---------------------------------------------------------------- responses

    private void onResponse(Message message) {
        Long id = numericId(message.id());
        CallFuture<?> call = id == null ? null : pending.remove(id);
        if (call == null) {
            if (message.error() != null && (message.id() == null || message.id().isJsonNull())) {
                onConnectionError(errorCode(message.error()), errorMessage(message.error()));
            } else {
                notPending(message.id());
            }
            return;
        }
        complete(call, message);
    }

    private void notPending(JsonElement id) {
        LOG.warn("{} answered a request that is not pending (id {}: unknown, timed out or cancelled); dropped", peerName, id);
    }

    /** Completes {@code call} from its response. */
    protected void complete(CallFuture<?> call, Message message) {
        @SuppressWarnings("unchecked")
        CallFuture<Object> target = (CallFuture<Object>) call;
        if (message.error() != null) {
            JsonObject error = message.error();
            target.completeExceptionally(new RpcErrorException(errorCode(error), errorMessage(error), error.get("data")));
            return;
        }
        try {
            Type type = call.resultType;
            Object value = type == Void.class || type == void.class ? null
                    : type == JsonElement.class ? message.result()
                    : settings.binder.readAsText(message.result(), type);
            target.complete(value);
        } catch (RuntimeException e) {
            LOG.warn("the result of {} from {} does not fit {}: {}", call.method, peerName, type(call.resultType), e.toString());
            target.completeExceptionally(new IllegalStateException("the result of " + call.method + " does not fit "
                    + type(call.resultType) + ": " + StrictJson.cleanMessage(e.getMessage())
                    + "; check the result type, or ask for JsonElement.class to see the raw result", e));
        }
    }

    private static String type(Type type) {
        return type instanceof Class<?> ? ((Class<?>) type).getSimpleName() : type.getTypeName();
    }

    static int errorCode(JsonObject error) {
        JsonElement code = error.get("code");
        try {
            return code == null ? IpcErrorCodes.INTERNAL_ERROR : code.getAsInt();
        } catch (RuntimeException e) {
            return IpcErrorCodes.INTERNAL_ERROR;
        }
    }

    static String errorMessage(JsonObject error) {
        JsonElement message = error.get("message");
        return message == null || !message.isJsonPrimitive() ? "(no message)" : message.getAsString();
    }

    private static Long numericId(JsonElement id) {
        if (id == null || !id.isJsonPrimitive() || !id.getAsJsonPrimitive().isNumber()) {
            return null;
        }
        try {
            return Long.parseLong(id.getAsString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private ConnectionLostException lost(String method) {
        String reason = closeReason;
        return new ConnectionLostException("cannot send " + method + " to " + peerName + ": the connection is "
                + (closed.get() ? "closed" + (reason == null ? "" : " (" + reason + ")") : "refusing frames (overloaded or closing)"));
    }
}
