package dev.localipc.core.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.core.ConnectionLostException;
import dev.localipc.core.HandlerThreading;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.RequestContext;
import dev.localipc.core.RequestTimeoutException;
import dev.localipc.core.RpcErrorException;
import java.io.IOException;
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

        /** Creates settings; see the builders of IpcServer and IpcClient for the meaning of each. */
        public Settings(Frames frames, HandlerTable handlers, HandlerThreading threading, int maxFrameBytes,
                int outboundFrames, long outboundBytes, long heartbeatMillis, Duration requestTimeout) {
            this.frames = frames;
            this.binder = new ParamsBinder(frames.gson());
            this.handlers = handlers;
            this.threading = threading;
            this.maxFrameBytes = maxFrameBytes;
            this.outboundFrames = outboundFrames;
            this.outboundBytes = outboundBytes;
            this.heartbeatMillis = heartbeatMillis;
            this.requestTimeout = requestTimeout;
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
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile long framesIn;
    private volatile long bytesIn;
    private volatile String closeReason;
    private volatile long heartbeatMillis;
    private volatile boolean busyOnReader;
    /** The last type the fast path bound (it passed {@link #bindsDirectly}) and Gson's adapter for it; reader thread only. */
    private Class<?> adapterType;
    /** How {@link Frames} starts a notification, and the member that follows its method. */
    private static final String NOTIFICATION_PREFIX = "{\"jsonrpc\":\"2.0\",\"method\":\"";
    private static final String PARAMS_MEMBER = "\",\"params\":";
    /** The fast path's source of characters, reset for each frame; reader thread only. */
    private final FrameTextReader frameText = new FrameTextReader();
    private TypeAdapter<?> adapter;
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
        this.reader = new FrameReader(connection.input(), settings.maxFrameBytes);
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
        byte[] frame;
        try {
            frame = frames.request(id, method, params);
        } catch (RuntimeException e) {
            call.completeExceptionally(new IllegalArgumentException("cannot turn the params of " + method
                    + " into JSON with Gson: " + e.getMessage(), e));
            return call;
        }
        if (frame.length - 1 > peerMaxFrameBytes) {
            call.completeExceptionally(tooLarge(method, frame.length - 1));
            return call;
        }
        pending.put(id, call);
        if (!outbound.send(frame, mayBlock)) {
            pending.remove(id);
            call.completeExceptionally(lost(method));
        } else if (closed.get() && pending.remove(id) != null) {
            call.completeExceptionally(lost(method));
        }
        return call;
    }

    /**
     * Sends a notification.
     *
     * @throws ConnectionLostException if the link is closed or the frame was refused
     */
    public final void notify(String method, Object params) {
        byte[] frame = frames.notification(method, params);
        if (frame.length - 1 > peerMaxFrameBytes) {
            throw tooLarge(method, frame.length - 1);
        }
        if (closed.get() || !send(frame)) {
            throw lost(method);
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
     * true on this link's own reader and handler threads. A client says yes for every thread.
     */
    protected boolean callerMayBlock() {
        return Thread.currentThread() == readerThread || HANDLING.get() == this;
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
        return framesIn;
    }

    /** Bytes received. */
    public final long bytesIn() {
        return bytesIn;
    }

    /** When the last frame arrived, in {@link System#nanoTime()} units. */
    protected final long lastReceivedNanos() {
        return lastReceivedNanos;
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
        if (heartbeat > 0 && busyOnReader) {
            keepPeerAwake(now, heartbeat);
        } else if (heartbeat > 0 && now - lastReceivedNanos > 3 * heartbeat * 1_000_000L) {
            LOG.warn("{} sent nothing for {} ms (3 x heartbeat {} ms): treating the connection as dead", peerName,
                    (now - lastReceivedNanos) / 1_000_000L, heartbeat);
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
        LOG.warn("{} sent a frame over the {}-byte limit: answering -32002 and closing", peerName, e.limit());
        sendFinal(Frames.connectionError(IpcErrorCodes.FRAME_TOO_LARGE, "frame too large: the limit is " + e.limit()
                + " bytes"), "frame too large");
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
                String text;
                try {
                    text = reader.next();
                } catch (FrameTooLargeException e) {
                    framesIn++;
                    onFrameTooLarge(e);
                    return;
                } catch (MalformedFrameException e) {
                    received();
                    onMalformedFrame(e);
                    continue;
                }
                if (text == null) {
                    if (reader.discardedAtEnd() > 0) {
                        LOG.warn("{} closed the connection in the middle of a frame: {} bytes without a newline discarded",
                                peerName, reader.discardedAtEnd());
                    }
                    endOfStream();
                    return;
                }
                received();
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
        }
    }

    private void endOfStream() {
        if (outbound.isClosing()) {
            return;
        }
        closeNow("the peer closed the connection");
    }

    private void received() {
        outbound.received();
        framesIn++;
        bytesIn += reader.lastFrameBytes();
        lastReceivedNanos = System.nanoTime();
    }

    /** Handles one complete frame; overridden by the server to run the handshake first. */
    protected void onFrame(String text) {
        if (decodeDirectly(text)) {
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

    /**
     * The fast path for the frames that make up nearly all traffic: an application request or
     * notification with object params, or a success response to a typed request, with members in
     * the order {@link Frames} writes them ({@code jsonrpc, id, method, params} or
     * {@code jsonrpc, id, result}). They are read with a strict streaming reader and the params or
     * result are bound straight to their type, with no tree in between. Anything else (another
     * member order, a batch, an error response, a reserved {@code ipc.} method, params that do not
     * bind or lack a required field) returns false untouched, and the general path handles it with
     * its exact errors.
     *
     * @return whether the frame was handled
     */
    private boolean decodeDirectly(String text) {
        if (text.isEmpty() || text.charAt(0) != '{') {
            return false;
        }
        if (text.startsWith(NOTIFICATION_PREFIX) && decodeNotificationByPrefix(text)) {
            return true;
        }
        JsonReader in = new JsonReader(frameText.reset(text));
        in.setStrictness(Strictness.STRICT);
        try {
            in.beginObject();
            if (!in.hasNext() || !"jsonrpc".equals(in.nextName()) || in.peek() != JsonToken.STRING
                    || !"2.0".equals(in.nextString()) || !in.hasNext()) {
                return false;
            }
            String name = in.nextName();
            Long id = null;
            if (name.equals("id")) {
                if (in.peek() != JsonToken.NUMBER) {
                    return false;
                }
                id = Long.parseLong(in.nextString());
                if (!in.hasNext()) {
                    return false;
                }
                name = in.nextName();
            }
            if (name.equals("method")) {
                return decodeCall(in, id);
            }
            if (name.equals("result") && id != null) {
                return decodeResult(in, id);
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A notification exactly as {@link Frames} writes it, {@code {"jsonrpc":"2.0","method":"m","params":{...}}}
     * with a method name of plain printable ASCII: the envelope is matched as text, and only the
     * params object goes through a JSON reader (strict, and it must be all that is left before the
     * closing brace). Anything else returns false untouched.
     */
    private boolean decodeNotificationByPrefix(String text) {
        int start = NOTIFICATION_PREFIX.length();
        int end = start;
        int length = text.length();
        while (end < length) {
            char c = text.charAt(end);
            if (c == '"') {
                break;
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return false;
            }
            end++;
        }
        int paramsStart = end + PARAMS_MEMBER.length();
        if (end == start || paramsStart + 2 > length || !text.startsWith(PARAMS_MEMBER, end) || text.charAt(paramsStart) != '{'
                || text.charAt(length - 1) != '}') {
            return false;
        }
        String method = text.substring(start, end);
        if (method.startsWith("ipc.")) {
            return false;
        }
        HandlerTable.Entry entry = settings.handlers.forNotification(method);
        TypeAdapter<?> paramsAdapter = entry != null && entry.paramsType instanceof Class
                ? directAdapter((Class<?>) entry.paramsType) : null;
        if (paramsAdapter == null) {
            return false;
        }
        Object params;
        try {
            JsonReader in = new JsonReader(frameText.reset(text, paramsStart, length - 1));
            in.setStrictness(Strictness.STRICT);
            params = paramsAdapter.read(in);
            if (in.peek() != JsonToken.END_DOCUMENT) {
                return false;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if (params == null || RequiredFields.firstMissing(params, frames.gson().fieldNamingStrategy()) != null) {
            return false;
        }
        Message message = new Message(Message.Kind.NOTIFICATION, null, method, null, null, null, null);
        dispatch(() -> deliver(call(message, entry, params)));
        return true;
    }

    private boolean decodeCall(JsonReader in, Long id) throws IOException {
        if (in.peek() != JsonToken.STRING) {
            return false;
        }
        String method = in.nextString();
        if (method.startsWith("ipc.") || !in.hasNext() || !"params".equals(in.nextName()) || in.peek() != JsonToken.BEGIN_OBJECT) {
            return false;
        }
        HandlerTable.Entry entry = id != null ? settings.handlers.forRequest(method) : settings.handlers.forNotification(method);
        TypeAdapter<?> paramsAdapter = entry != null && entry.paramsType instanceof Class
                ? directAdapter((Class<?>) entry.paramsType) : null;
        if (paramsAdapter == null) {
            return false;
        }
        Object params = paramsAdapter.read(in);
        in.endObject();
        if (in.peek() != JsonToken.END_DOCUMENT || params == null
                || RequiredFields.firstMissing(params, frames.gson().fieldNamingStrategy()) != null) {
            return false;
        }
        Message message = new Message(id != null ? Message.Kind.REQUEST : Message.Kind.NOTIFICATION,
                id != null ? new JsonPrimitive(id) : null, method, null, null, null, null);
        dispatch(() -> deliver(call(message, entry, params)));
        return true;
    }

    private boolean decodeResult(JsonReader in, long id) throws IOException {
        CallFuture<?> call = pending.get(id);
        TypeAdapter<?> resultAdapter = call == null || call.method.startsWith("ipc.") || !(call.resultType instanceof Class) ? null
                : directAdapter((Class<?>) call.resultType);
        if (resultAdapter == null) {
            return false;
        }
        Object value = resultAdapter.read(in);
        in.endObject();
        if (in.peek() != JsonToken.END_DOCUMENT || pending.remove(id) == null) {
            return false;
        }
        @SuppressWarnings("unchecked")
        CallFuture<Object> target = (CallFuture<Object>) call;
        target.complete(value);
        return true;
    }

    /**
     * Gson's adapter for {@code type} if the fast path binds it, else null; the last type that binds
     * is remembered with its adapter (reader thread only: no checks or lookups per frame).
     */
    private TypeAdapter<?> directAdapter(Class<?> type) {
        if (type != adapterType) {
            if (!bindsDirectly(type)) {
                return null;
            }
            adapter = frames.gson().getAdapter(type);
            adapterType = type;
        }
        return adapter;
    }

    /** Types the fast path binds: application classes, not the raw-JSON or nothing types. */
    private static boolean bindsDirectly(Class<?> type) {
        return type != Void.class && type != void.class && !JsonElement.class.isAssignableFrom(type) && !type.isPrimitive()
                && !type.isArray() && RequiredFields.isApplicationClass(type);
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
            busyOnReader = true;
            try {
                work.run();
            } finally {
                busyOnReader = false;
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
            params = boundEntry != null ? bound : settings.binder.bind(message.params(), entry.paramsType, "params of " + method);
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

    private String resultJson(Message message, Object value) {
        try {
            return frames.result(message.id(), value);
        } catch (RuntimeException e) {
            LOG.error("cannot turn the result of {} into JSON with Gson: answering -32603", message.method(), e);
            return Frames.error(message.id(), IpcErrorCodes.INTERNAL_ERROR, "internal error", null);
        }
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
                LOG.warn("{} answered a request that is not pending (id {}: unknown, timed out or cancelled); dropped",
                        peerName, message.id());
            }
            return;
        }
        complete(call, message);
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
                    : frames.gson().fromJson(message.result(), com.google.gson.reflect.TypeToken.get(type));
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
