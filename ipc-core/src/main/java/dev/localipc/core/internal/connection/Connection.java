package dev.localipc.core.internal.connection;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.core.ConnectionLostException;
import dev.localipc.core.HandlerThreading;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.RequestContext;
import dev.localipc.core.RequestTimeoutException;
import dev.localipc.core.RpcErrorException;
import dev.localipc.core.internal.wire.EventFrame;
import dev.localipc.core.internal.wire.FrameDecoder;
import dev.localipc.core.internal.wire.FrameReader;
import dev.localipc.core.internal.wire.FrameTooLargeException;
import dev.localipc.core.internal.wire.Inbound;
import dev.localipc.core.internal.wire.LibraryMethods;
import dev.localipc.core.internal.wire.MessageEncoder;
import dev.localipc.core.internal.wire.ParamsTarget;
import dev.localipc.core.internal.wire.PendingCall;
import dev.localipc.core.internal.wire.Targets;
import dev.localipc.core.internal.wire.Utf8FrameWriter;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection, either side: it owns its reader (frames in, one decoder), the requests
 * waiting for an answer, and its writer ({@link Outbound}); it runs the application's handlers
 * and answers them. What differs between a server and a client (the hello, the reserved
 * {@code ipc.} methods, events) is the {@link Protocol} it is given.
 *
 * <p>The path of a frame: the reader thread reads it ({@link FrameReader}), the decoder turns it
 * into an {@link Inbound} with its params or result bound, then a request or notification is
 * dispatched to its handler (on the reader thread, or in order on a worker), and the answer is
 * encoded and written; a response completes the request waiting for it.
 *
 * <pre>{@code
 * Connection connection = new Connection(transport, settings, protocol, "client a3f7b9c2d1e4", null);
 * connection.start(readerThreads); // an Executor
 * CompletableFuture<Integer> sum = connection.request("add", new Pair(2, 3), Integer.class, timeout);
 * }</pre>
 *
 * <p>Thread-safe for sending and closing; one reader thread reads.
 */
public final class Connection implements Outbound.Owner, Targets {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final ThreadLocal<Connection> HANDLING = new ThreadLocal<>();
    /** How long a write may wait for a peer that does not read when heartbeats are off (with them: 3 x heartbeat). */
    static final long NO_HEARTBEAT_STALL_MILLIS = 30_000;
    /** Refused frames of one connection logged at WARN; the rest at DEBUG. */
    static final int REFUSALS_LOGGED = 10;
    private static final VarHandle LAST_RECEIVED_NANOS;
    private static final VarHandle FRAMES_IN;
    private static final VarHandle BYTES_IN;
    private static final VarHandle BUSY_ON_READER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LAST_RECEIVED_NANOS = lookup.findVarHandle(Connection.class, "lastReceivedNanos", long.class);
            FRAMES_IN = lookup.findVarHandle(Connection.class, "framesIn", long.class);
            BYTES_IN = lookup.findVarHandle(Connection.class, "bytesIn", long.class);
            BUSY_ON_READER = lookup.findVarHandle(Connection.class, "busyOnReader", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TransportConnection transport;
    private final ConnectionSettings settings;
    private final Protocol protocol;
    private final MessageEncoder encoder;
    private final Outbound outbound;
    private final FrameReader reader;
    /**
     * Made by the reader at a frame when there is none; let go by the timer once no frame came for
     * {@link #DECODER_IDLE_NANOS}: an idle connection holds no decoder (its reader's buffers and
     * name cache, about 4 KiB; 10,000 idle clients, 40 MiB).
     */
    private volatile FrameDecoder decoder;
    private final Executor handlerExecutor;
    private final Map<Long, CallFuture<?>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    /** How long a connection keeps its decoder without a frame. */
    static final long DECODER_IDLE_NANOS = 2_000_000_000L;
    private volatile String peerName;
    private volatile Thread readerThread;
    private volatile boolean readingStopped;
    private volatile HandlerContext lastContext;
    private volatile String closeReason;
    private volatile long heartbeatMillis;
    private volatile int peerMaxFrameBytes = Integer.MAX_VALUE;
    private volatile long lastPingNanos = System.nanoTime();
    /** Written by the reader thread only, with release stores (no fence per frame), read with acquire loads. */
    private long lastReceivedNanos = System.nanoTime();
    private long framesIn;
    private long bytesIn;
    private boolean busyOnReader;
    /** Refused frames so far (reader thread only). */
    private int refusals;
    /** {@link FrameReader#reads()} when {@link #lastReceivedNanos} was last set: frames of one read share its time. */
    private int readsAtLastFrame = -1;

    /**
     * @param handlerExecutor where handlers run with {@link HandlerThreading#ORDERED_WORKER}; null
     *     for a new ordered worker of this connection
     */
    public Connection(TransportConnection transport, ConnectionSettings settings, Protocol protocol, String peerName,
            Executor handlerExecutor) throws IOException {
        this.transport = transport;
        this.settings = settings;
        this.protocol = protocol;
        this.encoder = settings.encoder();
        this.peerName = peerName;
        this.heartbeatMillis = settings.heartbeatMillis();
        this.reader = new FrameReader(transport.input(), settings.maxFrameBytes(), settings.inboundBudget(),
                settings.wire().delimiter());
        this.outbound = new Outbound(transport.output(), this, settings.outboundFrames(), settings.outboundBytes());
        this.handlerExecutor = settings.threading() == HandlerThreading.ORDERED_WORKER
                ? (handlerExecutor != null ? handlerExecutor : newOrderedWorker()) : null;
    }

    /** A new executor that runs tasks one at a time in order, for {@link HandlerThreading#ORDERED_WORKER}. */
    public static Executor newOrderedWorker() {
        return new SerialExecutor(WorkerThreads.shared());
    }

    /** Whether this connection holds a decoder now (it lets it go when idle). */
    boolean holdsDecoder() {
        return decoder != null;
    }

    /**
     * Starts reading on a thread of {@code readers}, which it keeps until the connection ends; if
     * {@code readers} was shut down meanwhile (the server is closing), the connection is closed.
     */
    public void start(Executor readers) {
        try {
            readers.execute(this::readLoop);
        } catch (RejectedExecutionException closing) {
            closeNow("the server is shutting down");
        }
    }

    // ---------------------------------------------------------------- what the sides set and read

    /** The transport connection (peer identity, address). */
    public TransportConnection transport() {
        return transport;
    }

    /** Whether this connection's wire format starts with localipc's handshake (it has library methods). */
    public boolean wireHasHandshake() {
        return settings.wire().handshake();
    }

    /** The encoder of this connection's wire format. */
    public MessageEncoder encoder() {
        return encoder;
    }

    /** For logs and errors: "client a3f7b9c2d1e4 (pid 42)" or "server at /run/user/1000/app/x.sock". */
    @Override
    public String peerName() {
        return peerName;
    }

    @Override
    public byte[] overloadedFrame(int framesWaiting) {
        return encoder.error(null, IpcErrorCodes.OVERLOADED, "overloaded: your outbound queue is full (" + framesWaiting
                + " frames waiting): read faster or subscribe to fewer topics", null);
    }

    /** Renames the peer (once the handshake tells who it is). */
    public void rename(String name) {
        this.peerName = name;
    }

    /** Sets the heartbeat interval (the client learns it from the ack); 0 turns the check off. */
    public void heartbeat(long millis) {
        this.heartbeatMillis = millis;
    }

    /** The heartbeat interval in milliseconds (0: off). */
    public long heartbeatMillis() {
        return heartbeatMillis;
    }

    /** The largest frame the peer accepts, when it said so (the server does, in its ack). */
    public void peerMaxFrameBytes(int bytes) {
        this.peerMaxFrameBytes = bytes;
    }

    /** Sets the largest frame read from now on (at most maxFrameBytes); reader thread only. */
    public void frameLimit(int bytes) {
        reader.limit(bytes);
    }

    /** Outbound coalescing of bursts from application threads (see {@link Outbound#coalesceBursts()}). */
    public void coalesceBursts() {
        outbound.coalesceBursts();
    }

    /** Frames received. */
    public long framesIn() {
        return (long) FRAMES_IN.getAcquire(this);
    }

    /** Bytes received. */
    public long bytesIn() {
        return (long) BYTES_IN.getAcquire(this);
    }

    /** Frames written. */
    public long framesOut() {
        return outbound.framesOut();
    }

    /** Bytes written. */
    public long bytesOut() {
        return outbound.bytesOut();
    }

    /** When the last frame arrived, in {@link System#nanoTime()} units. */
    public long lastReceivedNanos() {
        return (long) LAST_RECEIVED_NANOS.getAcquire(this);
    }

    /** When the last write finished, in {@link System#nanoTime()} units. */
    public long lastSentNanos() {
        return outbound.lastSentNanos();
    }

    /** Whether the connection is open. */
    public boolean isOpen() {
        return !closed.get();
    }

    /** Why the connection closed (null while open). */
    public String closeReason() {
        return closeReason;
    }

    /** Whether the calling thread is this connection's reader. */
    public boolean isReaderThread() {
        return Thread.currentThread() == readerThread;
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends a request; the future completes with the result bound to {@code resultType}, or fails
     * with {@link RpcErrorException}, {@link RequestTimeoutException} or {@link ConnectionLostException}.
     */
    public <T> CompletableFuture<T> request(String method, Object params, Type resultType, Duration timeout) {
        return request(method, params, resultType, timeout, null, callerMayBlock());
    }

    /**
     * Like {@link #request(String, Object, Type, Duration)}; {@code onReader} runs with the result
     * on the reader thread before the future completes and before the next frame is read (the
     * client's hello: the session must be known before the events that follow the ack).
     */
    public <T> CompletableFuture<T> request(String method, Object params, Type resultType, Duration timeout,
            Consumer<T> onReader) {
        return request(method, params, resultType, timeout, onReader, callerMayBlock());
    }

    private <T> CompletableFuture<T> request(String method, Object params, Type resultType, Duration timeout,
            Consumer<T> onReader, boolean mayBlock) {
        long id = nextId.getAndIncrement();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        CallFuture<T> call = new CallFuture<>(this, id, method, resultType, deadline, onReader);
        if (closed.get()) {
            call.completeExceptionally(lost(method));
            return call;
        }
        Utf8FrameWriter frame;
        try {
            frame = encoder.request(id, method, params);
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
     * @throws ConnectionLostException if the connection is closed or the frame was refused
     */
    public void notify(String method, Object params) {
        Utf8FrameWriter frame = encoder.notification(method, params);
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

    private IllegalArgumentException tooLarge(String method, int bytes) {
        return new IllegalArgumentException(method + " would be a frame of " + bytes + " bytes, but " + peerName
                + " accepts at most " + peerMaxFrameBytes + " (its maxFrameBytes): send less per message");
    }

    /** Sends one encoded frame; false if refused (closed, overloaded). */
    public boolean send(byte[] frame) {
        return outbound.send(frame, callerMayBlock());
    }

    /** Queues a frame without ever blocking (events, acks): for threads other than this connection's. */
    public boolean sendQueued(byte[] frame) {
        return outbound.send(frame, false);
    }

    /** Queues the frame of {@code event} for {@code seq} without ever blocking, written straight into the queue. */
    public boolean sendQueued(EventFrame event, long seq) {
        return outbound.send(event, seq);
    }

    /** Sends {@code frame} as the last frame and closes once it is written (errors that close, ipc.bye). */
    public void sendFinal(byte[] frame, String reason) {
        outbound.sendFinal(frame, reason, callerMayBlock());
    }

    /**
     * Sends {@code frame} as the last frame from a thread that knows the write cannot wait (nothing
     * was ever written to this connection), then closes.
     */
    public void sendFinalNow(byte[] frame, String reason) {
        outbound.sendFinal(frame, reason, true);
    }

    /**
     * Whether the calling thread may write to this peer itself (and so wait if the peer is slow):
     * true on this connection's handler threads, and on its reader thread when no more input is
     * buffered. A peer that pipelines requests has more input buffered: the answers to all but
     * the last of a read go to the queue (they count against its outbound limit, and a worker,
     * not the reader, waits if the peer does not read), so the reader goes on reading. The
     * protocol may let other threads write too (a client's application threads).
     */
    private boolean callerMayBlock() {
        if (Thread.currentThread() == readerThread) {
            return !reader.hasBufferedBytes();
        }
        return settings.applicationThreadsWrite() || HANDLING.get() == this; // the cheap test first
    }

    // ---------------------------------------------------------------- closing and timers

    @Override
    public void closeNow(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        outbound.close();
        try {
            transport.close();
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
            protocol.closed(this, reason);
        } catch (RuntimeException e) {
            LOG.error("cleaning up after the connection to {} closed failed", peerName, e);
        }
    }

    /** Forgets a request (cancelled): a late answer is logged and dropped. */
    void forget(long id) {
        pending.remove(id);
    }

    /**
     * Periodic check, from the shared timer: closes a connection whose peer does not read or has
     * been silent for three heartbeats, fails the requests whose timeout passed, then the
     * protocol's own work.
     */
    public void tick(long now) {
        if (!protocol.ready()) {
            return; // the handshake has its own timer
        }
        if (decoder != null && now - lastReceivedNanos() > DECODER_IDLE_NANOS) {
            decoder = null; // idle: the reader makes another at the next frame
        }
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
        if (heartbeat > 0 && (boolean) BUSY_ON_READER.getAcquire(this)) {
            keepPeerAwake(now, heartbeat);
        } else if (heartbeat > 0 && now - lastReceivedNanos() > 3 * heartbeat * 1_000_000L) {
            LOG.info("{} sent nothing for {} ms (3 x heartbeat {} ms): treating the connection as dead", peerName,
                    (now - lastReceivedNanos()) / 1_000_000L, heartbeat);
            closeNow("no data for more than 3 x heartbeat (" + 3 * heartbeat + " ms)");
            return;
        }
        for (CallFuture<?> call : pending.values()) {
            if (now - call.deadlineNanos > 0 && pending.remove(call.id) != null) {
                call.completeExceptionally(new RequestTimeoutException("no response to " + call.method + " (id " + call.id
                        + ") from " + peerName + " within the request timeout; raise requestTimeout if the handler is slow"));
            }
        }
        protocol.tick(this, now);
    }

    /**
     * A handler is running on the reader thread, so nothing is read from the peer for now: that
     * is not the peer's silence, so the dead-peer check waits; and lest the peer think us dead,
     * an {@code ipc.ping} goes out when nothing was sent for a heartbeat.
     */
    private void keepPeerAwake(long now, long heartbeat) {
        long interval = heartbeat * 1_000_000L;
        if (now - outbound.lastSentNanos() >= interval && now - lastPingNanos >= interval) {
            sendPing(now);
        }
    }

    /** Sends {@code ipc.ping} (never blocks); a failure is logged at debug level only. */
    public void sendPing(long now) {
        lastPingNanos = now;
        request(LibraryMethods.PING, null, JsonElement.class, null, null, false).whenComplete((pong, failure) -> {
            if (failure != null) {
                LOG.debug("ipc.ping to {} failed: {}", peerName, failure.toString());
            }
        });
    }

    /** When the last {@code ipc.ping} went out. */
    public long lastPingNanos() {
        return lastPingNanos;
    }

    // ---------------------------------------------------------------- what the decoder asks

    @Override
    public ParamsTarget target(String method, boolean request) {
        if (LibraryMethods.isReserved(method)) {
            return protocol.libraryTarget(method, request);
        }
        return request ? settings.handlers().forRequest(method) : settings.handlers().forNotification(method);
    }

    @Override
    public PendingCall pending(long id) {
        return pending.get(id);
    }

    /** The context of a handler of {@code method}: immutable, so the calls of one method share it. */
    private RequestContext context(String method) {
        HandlerContext last = lastContext;
        if (last == null || !last.method().equals(method)) {
            last = new HandlerContext(method, protocol, this);
            lastContext = last;
        }
        return last;
    }

    // ---------------------------------------------------------------- reading

    /**
     * Stops reading once the frame being handled returns, without closing: a final answer is on
     * its way (a refusal delayed on the timer) and closes the connection when it is written. A
     * peer that half-closes after its hello still gets that answer; one that floods is not read.
     * Called from the reader thread.
     */
    public void stopReading() {
        readingStopped = true;
    }

    private void readLoop() {
        readerThread = Thread.currentThread();
        try {
            while (!closed.get() && !readingStopped) {
                try {
                    if (!reader.advance()) {
                        if (reader.discardedAtEnd() > 0) {
                            LOG.debug("{} closed the connection in the middle of a frame: {} bytes without a newline discarded",
                                    peerName, reader.discardedAtEnd());
                        }
                        if (!outbound.isClosing()) {
                            closeNow("the peer closed the connection");
                        }
                        return;
                    }
                } catch (FrameTooLargeException e) {
                    FRAMES_IN.setRelease(this, framesIn + 1);
                    if (!protocol.frameTooLarge(this, e)) {
                        LOG.info("{}: {}; answering -32002 and closing", peerName, e.getMessage());
                        sendFinal(encoder.error(null, IpcErrorCodes.FRAME_TOO_LARGE, e.wireMessage(), null), "frame too large");
                    }
                    return;
                }
                received();
                FrameDecoder frames = decoder;
                if (frames == null) {
                    frames = decoder = settings.wire().decoder(this, settings.binding());
                }
                Inbound frame = frames.decode(reader.frameBytes(), reader.frameStart(), reader.frameLength());
                if (protocol.ready()) {
                    handle(frame);
                } else {
                    protocol.beforeReady(this, frame);
                }
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
            readerThread = null; // a pooled thread may read another connection next
        }
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

    /** Acts on one decoded frame (reader thread). */
    private void handle(Inbound frame) {
        if (frame instanceof Inbound.Response response) {
            complete(response);
        } else if (frame instanceof Inbound.Request || frame instanceof Inbound.Notification) {
            Runnable early = frame instanceof Inbound.Notification notification && notification.target() != null
                    && LibraryMethods.isReserved(notification.method()) ? protocol.onReaderThread(this, notification) : null;
            dispatch(early != null ? early : () -> deliver(call(frame)));
        } else if (frame instanceof Inbound.Batch batch) {
            batch(batch);
        } else {
            Inbound.Invalid invalid = (Inbound.Invalid) frame;
            refuse(invalid);
            if (invalid.answer()) {
                send(encoder.error(invalid.id(), invalid.code(), invalid.message(), null));
            }
        }
    }

    /**
     * Logs a refused frame: at DEBUG when the peer is answered (it knows); a dropped one (a
     * notification, a node-ipc frame: nobody else will know) at WARN for the first
     * {@value #REFUSALS_LOGGED} of a connection, then at DEBUG, so that a peer sending nothing but
     * bad frames cannot flood the log.
     */
    private void refuse(Inbound.Invalid invalid) {
        if (invalid.answer()) {
            LOG.debug("{} sent a frame that is refused (the peer is told): {} {}", peerName, invalid.code(), invalid.message());
            return;
        }
        int count = ++refusals;
        if (count > REFUSALS_LOGGED) {
            LOG.debug("dropped a frame from {}: {}", peerName, invalid.message());
            return;
        }
        String more = count == REFUSALS_LOGGED ? " (further refusals on this connection are logged at DEBUG)" : "";
        LOG.warn("dropped a frame from {}: {}{}", peerName, invalid.message(), more);
    }

    private void batch(Inbound.Batch batch) {
        List<Inbound> calls = new ArrayList<>(batch.members().size());
        for (Inbound member : batch.members()) {
            if (member instanceof Inbound.Response response) {
                complete(response);
            } else {
                if (member instanceof Inbound.Invalid invalid) {
                    refuse(invalid);
                }
                calls.add(member);
            }
        }
        if (calls.isEmpty()) {
            return;
        }
        Runnable work = () -> {
            List<CompletableFuture<byte[]>> answers = new ArrayList<>(calls.size());
            for (Inbound member : calls) {
                Object answer = member instanceof Inbound.Invalid invalid
                        ? invalid.answer() ? encoder.error(invalid.id(), invalid.code(), invalid.message(), null) : null
                        : call(member);
                if (answer instanceof byte[] bytes) {
                    answers.add(CompletableFuture.completedFuture(bytes));
                } else if (answer != null) {
                    @SuppressWarnings("unchecked")
                    CompletableFuture<byte[]> later = (CompletableFuture<byte[]>) answer;
                    answers.add(later);
                }
            }
            if (answers.isEmpty()) {
                return;
            }
            CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).thenRun(() -> {
                List<byte[]> frames = new ArrayList<>(answers.size());
                for (CompletableFuture<byte[]> answer : answers) {
                    byte[] bytes = answer.join();
                    if (bytes != null) {
                        frames.add(bytes);
                    }
                }
                if (!frames.isEmpty()) {
                    send(encoder.batch(frames));
                }
            });
        };
        if (calls.stream().anyMatch(member -> !(member instanceof Inbound.Invalid))) {
            dispatch(work);
        } else {
            work.run();
        }
    }

    private void dispatch(Runnable work) {
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

    private void deliver(Object answer) {
        if (answer instanceof byte[] frame) {
            send(frame);
        } else if (answer != null) {
            @SuppressWarnings("unchecked")
            CompletableFuture<byte[]> later = (CompletableFuture<byte[]>) answer;
            later.thenAccept(frame -> {
                if (frame != null) {
                    send(frame);
                }
            });
        }
    }

    /**
     * Runs the handler of one request or notification. Returns the answer's frame, a
     * {@code CompletableFuture<byte[]>} for an asynchronous result, or null when nothing is to be sent.
     */
    private Object call(Inbound frame) {
        boolean request = frame instanceof Inbound.Request;
        String method = request ? ((Inbound.Request) frame).method() : ((Inbound.Notification) frame).method();
        ParamsTarget target = request ? ((Inbound.Request) frame).target() : ((Inbound.Notification) frame).target();
        JsonElement id = request ? ((Inbound.Request) frame).id() : null;
        if (LibraryMethods.isReserved(method) && target != null) {
            return protocol.library(this, frame);
        }
        if (!(target instanceof HandlerTable.Entry entry)) {
            if (request) {
                return encoder.error(id, IpcErrorCodes.METHOD_NOT_FOUND, "method not found: " + method, null);
            }
            LOG.warn("dropped notification {} from {}: no handler is registered for it", method, peerName);
            return null;
        }
        Object params = request ? ((Inbound.Request) frame).params() : ((Inbound.Notification) frame).params();
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
                if (result instanceof CompletionStage<?> stage) {
                    stage.whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            LOG.error("the handler of notification {} from {} failed", method, peerName, failure);
                        }
                    });
                }
                return null;
            }
            if (result instanceof CompletionStage<?> stage) {
                return stage.toCompletableFuture().handle((value, failure) -> failure == null
                        ? resultFrame(id, method, value) : failureFrame(id, method, failure));
            }
            return resultFrame(id, method, result);
        } catch (Exception | Error e) {
            if (!request) {
                LOG.error("the handler of notification {} from {} failed", method, peerName, e);
                return null;
            }
            return failureFrame(id, method, e);
        }
    }

    private byte[] resultFrame(JsonElement id, String method, Object value) {
        try {
            return encoder.result(id, value);
        } catch (RuntimeException e) {
            LOG.error("cannot turn the result of {} into JSON with Gson: answering -32603", method, e);
            return encoder.error(id, IpcErrorCodes.INTERNAL_ERROR, "internal error", null);
        }
    }

    private byte[] failureFrame(JsonElement id, String method, Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RpcErrorException error) {
            return encoder.error(id, error.code(), String.valueOf(error.getMessage()), error.data());
        }
        LOG.error("the handler of {} from {} failed: answering -32603 (the stack trace stays here)", method, peerName, cause);
        return encoder.error(id, IpcErrorCodes.INTERNAL_ERROR, "internal error", null);
    }

    // ---------------------------------------------------------------- responses

    private void complete(Inbound.Response response) {
        PendingCall waiting = response.call();
        if (!(waiting instanceof CallFuture<?> call) || !pending.remove(call.id, call)) {
            JsonObject error = response.error();
            if (error != null && (response.id() == null || response.id().isJsonNull())) {
                protocol.connectionError(this, errorCode(error), errorMessage(error));
            } else {
                LOG.debug("{} answered a request that is not pending (id {}: unknown, timed out or cancelled); dropped",
                        peerName, response.id());
            }
            return;
        }
        if (response.error() != null) {
            call.fail(new RpcErrorException(errorCode(response.error()), errorMessage(response.error()),
                    response.error().get("data")));
        } else if (response.mismatch() != null) {
            LOG.debug("the result of {} from {} does not fit {}: {}", call.method, peerName, typeName(call.resultType),
                    response.mismatch());
            call.fail(new IllegalStateException("the result of " + call.method + " does not fit " + typeName(call.resultType)
                    + ": " + response.mismatch() + "; check the result type, or ask for JsonElement.class to see the raw result"));
        } else {
            call.succeed(response.result());
        }
    }

    private static String typeName(Type type) {
        return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
    }

    private static int errorCode(JsonObject error) {
        JsonElement code = error.get("code");
        try {
            return code == null ? IpcErrorCodes.INTERNAL_ERROR : code.getAsInt();
        } catch (RuntimeException e) {
            return IpcErrorCodes.INTERNAL_ERROR;
        }
    }

    private static String errorMessage(JsonObject error) {
        JsonElement message = error.get("message");
        return message == null || !message.isJsonPrimitive() ? "(no message)" : message.getAsString();
    }

    private ConnectionLostException lost(String method) {
        String reason = closeReason;
        return new ConnectionLostException("cannot send " + method + " to " + peerName + ": the connection is "
                + (closed.get() ? "closed" + (reason == null ? "" : " (" + reason + ")") : "refusing frames (overloaded or closing)"));
    }
}
