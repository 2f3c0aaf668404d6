package dev.localipc.core.internal.connection;

import dev.localipc.core.internal.wire.EventFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound side of one connection: a bounded queue of encoded frames and the writes that
 * drain it.
 *
 * <ul>
 *   <li>{@link #send(byte[], boolean)} with {@code mayBlock} writes directly on the calling thread
 *       when nothing is queued and no write is in progress: no thread hand-off on the
 *       request/response path.</li>
 *   <li>Otherwise the frame's bytes are appended to the queue, one growing byte array (no object
 *       per frame: a frame costs a copy under a short lock), and a worker drains it, writing
 *       everything waiting in one write, flushing when the queue is empty.</li>
 *   <li>Queueing never blocks. When the queue is over its limit the connection is overloaded:
 *       the queued frames are dropped (logged), the peer gets {@code overflowFrame} (-32007) and
 *       the connection is closed; other connections are not affected.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class Outbound {
    private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);
    /** While frames flow, a drained queue array up to this size is kept for the next frames (no allocation per batch). */
    private static final int KEEP_BYTES = 1024 * 1024;
    private static final long FORCE_CLOSE_MILLIS = 5000;
    /** Sends closer together than this (after the last write ended) form a burst, written in coalesced batches. */
    private static final long BURST_NANOS = 5_000;
    /** The queue's smallest array; it doubles as frames wait. */
    private static final int QUEUE_INITIAL_BYTES = 1024;
    /** A connection with nothing left to write keeps arrays up to this size (idle connections hold little). */
    private static final int IDLE_KEEP_BYTES = 4096;

    /** What the connection does when writing fails or it must close. */
    public interface Owner {
        /** Closes the connection for {@code reason}; idempotent. */
        void closeNow(String reason);

        /** The peer's name for logs, such as "client a3f7b9c2d1e4". */
        String peerName();

        /** The -32007 frame that tells the peer its queue overflowed with {@code framesWaiting} frames. */
        byte[] overloadedFrame(int framesWaiting);
    }

    private final OutputStream out;
    private final Owner owner;
    private final int maxFrames;
    private final long maxBytes;
    private final Executor executor;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Guards {@link #queue}, {@link #queuedBytes} and {@link #queuedFrames}; held only to copy or take bytes. */
    private final Object queueLock = new Object();
    /** The frames waiting, back to back; null while nothing waits and no array is kept. */
    private byte[] queue;
    private int queuedBytes;
    private int queuedFrames;
    /** {@link #queuedFrames}, readable without the lock. */
    private volatile int waiting;
    /** The array the writer drained last, reused as the next queue; touched only with {@link #writeLock} held. */
    private byte[] spare;
    /** The size of the last batch taken, so that a streaming connection's next array is allocated at about that size. */
    private int lastBatchBytes;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean overloaded = new AtomicBoolean();
    private final AtomicLong framesOut = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean coalesceBursts;
    private volatile boolean closed;
    private volatile String closeAfterDrain;
    private volatile long lastSentNanos = System.nanoTime();
    /** When the write in progress started ({@link System#nanoTime()}), or 0 while no write is in progress. */
    private volatile long writeStartedNanos;
    private volatile long burstEndNanos = lastSentNanos;
    /** Frames received from the peer; written by the reader thread only (a release store: no fence per frame). */
    private long received;
    private volatile long receivedAtLastWrite;
    private static final VarHandle RECEIVED;

    static {
        try {
            RECEIVED = MethodHandles.lookup().findVarHandle(Outbound.class, "received", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * @param maxFrames frames that may wait in the queue before the peer counts as overloaded
     * @param maxBytes bytes that may wait in the queue before the peer counts as overloaded
     */
    public Outbound(OutputStream out, Owner owner, int maxFrames, long maxBytes) {
        this.out = out;
        this.owner = owner;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
        this.executor = WorkerThreads.shared();
    }

    /**
     * Coalesces bursts from callers that may block (a client's application threads): a frame sent
     * within {@value #BURST_NANOS} ns of the last write, with nothing received from the peer in
     * between, is queued and written in a batch by a
     * worker; when the queue is half full the caller writes the queue itself (back-pressure)
     * instead of overflowing. A lone frame, e.g. a request waiting for its response, is still
     * written directly.
     */
    public void coalesceBursts() {
        this.coalesceBursts = true;
    }

    /**
     * The peer sent a frame: the next send answers it rather than continuing a burst (a request
     * after a response is written at once), see {@link #coalesceBursts()}. Called by the reader.
     */
    public void received() {
        RECEIVED.setRelease(this, received + 1);
    }

    private long receivedSoFar() {
        return (long) RECEIVED.getAcquire(this);
    }

    /**
     * Sends one encoded frame (ending in a newline). With {@code mayBlock} the caller accepts to
     * write it itself (it is this connection's own thread, or a client's application thread).
     *
     * @return false if the frame was not accepted (closed or overloaded); the reason is logged
     */
    public boolean send(byte[] frame, boolean mayBlock) {
        return send(frame, frame.length, mayBlock);
    }

    /**
     * Sends the frame held in {@code frame[0, length)}. The array is not kept: it is written, or
     * its bytes are copied into the queue, before this returns, so the caller may reuse it.
     *
     * @return false if the frame was not accepted (closed or overloaded); the reason is logged
     */
    public boolean send(byte[] frame, int length, boolean mayBlock) {
        if (closed || closeAfterDrain != null) {
            drop(length);
            return false;
        }
        boolean direct = mayBlock && waiting == 0
                && !(coalesceBursts && receivedSoFar() == receivedAtLastWrite && System.nanoTime() - burstEndNanos < 0);
        if (direct && writeLock.tryLock()) {
            boolean written = false;
            try {
                if (waiting == 0 && !closed) {
                    receivedAtLastWrite = receivedSoFar();
                    count(1, length);
                    writing();
                    out.write(frame, 0, length);
                    out.flush();
                    wrote();
                    written = true;
                }
            } catch (IOException e) {
                writeFailed(e);
                return false;
            } finally {
                writeLock.unlock();
            }
            if (written) {
                return true;
            }
        }
        if (mayBlock && coalesceBursts) {
            return enqueueOrWrite(frame, length);
        }
        return enqueue(frame, length);
    }

    /** For a caller that may block: queue, or when the queue is half full, write it all on this thread. */
    private boolean enqueueOrWrite(byte[] frame, int length) {
        boolean halfFull;
        synchronized (queueLock) {
            append(frame, length);
            halfFull = queuedFrames > maxFrames / 2 || queuedBytes > maxBytes / 2;
        }
        if (!halfFull) {
            scheduleDrain();
            return true;
        }
        writeLock.lock();
        try {
            writeQueued();
            return true;
        } catch (IOException e) {
            writeFailed(e);
            return false;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Queues {@code frame} as the last one, then closes the connection once it is written (or
     * after five seconds if the peer does not read). Used for errors that close and for ipc.bye.
     */
    public void sendFinal(byte[] frame, String reason, boolean mayBlock) {
        if (closed || closeAfterDrain != null) {
            return;
        }
        if (mayBlock && waiting == 0 && writeLock.tryLock()) {
            try {
                if (waiting == 0) {
                    closeAfterDrain = reason;
                    count(1, frame.length);
                    writing();
                    out.write(frame);
                    out.flush();
                    wrote();
                    owner.closeNow(reason);
                    return;
                }
            } catch (IOException e) {
                writeFailed(e);
                return;
            } finally {
                writeLock.unlock();
            }
        }
        SharedScheduler.get().schedule(() -> owner.closeNow(reason + " (the peer did not read the last frame in time)"),
                FORCE_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
        synchronized (queueLock) {
            append(frame, frame.length);
        }
        closeAfterDrain = reason;
        scheduleDrain();
    }

    /** Whether a final frame was sent and the connection is about to close. */
    public boolean isClosing() {
        return closeAfterDrain != null;
    }

    /** Marks the outbound side closed: later frames are dropped and counted. */
    public void close() {
        closed = true;
        int left;
        synchronized (queueLock) {
            left = queuedFrames;
            clearQueue();
        }
        long lost = dropped.get() + left;
        if (lost > 0) {
            LOG.warn("{}: {} outbound frame(s) were not delivered because the connection closed", owner.peerName(), lost);
        }
    }

    /** Whether every accepted frame has been written. */
    public boolean isDrained() {
        return waiting == 0 && !writeLock.isLocked();
    }

    /** Frames written (counted as each write starts). */
    public long framesOut() {
        return framesOut.get();
    }

    /** Bytes written (counted as each write starts). */
    public long bytesOut() {
        return bytesOut.get();
    }

    /** When the last write finished, in {@link System#nanoTime()} units. */
    public long lastSentNanos() {
        return lastSentNanos;
    }

    /**
     * Queues the event frame of {@code event} for {@code seq}, written straight into the queue (no
     * frame of its own is made): never blocks, like {@link #send(byte[], boolean)} without
     * {@code mayBlock}.
     *
     * @return false if the frame was not accepted (closed or overloaded); the reason is logged
     */
    public boolean send(EventFrame event, long seq) {
        int length = event.length(seq);
        if (closed || closeAfterDrain != null) {
            drop(length);
            return false;
        }
        return enqueue(null, length, event, seq);
    }

    private boolean enqueue(byte[] frame, int length) {
        return enqueue(frame, length, null, 0);
    }

    /** Queues {@code frame[0, length)}, or when {@code event} is given its frame for {@code seq}. */
    private boolean enqueue(byte[] frame, int length, EventFrame event, long seq) {
        int frames;
        long bytes;
        synchronized (queueLock) {
            frames = queuedFrames;
            bytes = queuedBytes;
            if (frames < maxFrames && bytes + length <= maxBytes) {
                if (event != null) {
                    int at = reserve(length); // before reading queue: reserve may replace it
                    event.writeTo(queue, at, seq);
                } else {
                    append(frame, length);
                }
                frames = -1;
            }
        }
        if (frames >= 0) {
            overflow(frames, bytes, length);
            return false;
        }
        scheduleDrain();
        return true;
    }

    /** Copies {@code frame[0, length)} to the end of the queue; {@link #queueLock} is held. */
    private void append(byte[] frame, int length) {
        int at = reserve(length); // before reading queue: reserve may replace it
        System.arraycopy(frame, 0, queue, at, length);
    }

    /** Makes room for {@code length} more bytes at the end of the queue and returns where they go; {@link #queueLock} is held. */
    private int reserve(int length) {
        byte[] bytes = queue;
        int needed = queuedBytes + length;
        if (bytes == null || needed > bytes.length) {
            int capacity = Math.max(needed, bytes == null ? Math.max(QUEUE_INITIAL_BYTES, Math.min(lastBatchBytes, 64 * 1024))
                    : (int) Math.min(Integer.MAX_VALUE - 16, 2L * bytes.length));
            byte[] larger = new byte[capacity];
            if (queuedBytes > 0) {
                System.arraycopy(bytes, 0, larger, 0, queuedBytes);
            }
            queue = bytes = larger;
        }
        int at = queuedBytes;
        queuedBytes = needed;
        waiting = ++queuedFrames;
        return at;
    }

    /** Forgets every frame waiting; {@link #queueLock} is held. */
    private void clearQueue() {
        queue = null;
        queuedBytes = 0;
        queuedFrames = 0;
        waiting = 0;
    }

    private void overflow(int frames, long bytes, int length) {
        drop(length);
        if (!overloaded.compareAndSet(false, true)) {
            return;
        }
        int discarded;
        synchronized (queueLock) {
            discarded = queuedFrames;
            clearQueue();
        }
        dropped.addAndGet(discarded);
        LOG.warn("{} reads too slowly: its outbound queue is full ({} frames, {} bytes; limits {} frames, {} bytes);"
                + " dropping {} queued frame(s), answering -32007 and disconnecting it", owner.peerName(), frames, bytes,
                maxFrames, maxBytes, discarded);
        sendFinal(owner.overloadedFrame(frames), "outbound queue full (slow consumer)", false);
    }

    private void drop(int length) {
        dropped.incrementAndGet();
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: dropped an outbound frame of {} bytes: connection closing", owner.peerName(), length);
        }
    }

    private void scheduleDrain() {
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            writeLock.lock();
            try {
                writeQueued();
            } catch (IOException e) {
                writeFailed(e);
            } finally {
                writeLock.unlock();
            }
            if (waiting == 0 && !closed) {
                // a producer in a burst (a broadcast loop) is likely to queue more at once: letting it
                // run first saves handing the next frame to a new worker
                Thread.yield();
            }
            drainScheduled.set(false);
            if (waiting == 0 || closed || !drainScheduled.compareAndSet(false, true)) {
                break;
            }
        }
        if (waiting == 0 && writeLock.tryLock()) {
            try {
                keepLittle();
            } finally {
                writeLock.unlock();
            }
        }
        String reason = closeAfterDrain;
        if (reason != null && waiting == 0) {
            owner.closeNow(reason);
        }
    }

    /** Nothing is waiting: lets go of large arrays (an idle connection holds at most a few KiB); {@link #writeLock} is held. */
    private void keepLittle() {
        if (spare != null && spare.length > IDLE_KEEP_BYTES) {
            spare = null;
        }
        synchronized (queueLock) {
            if (queuedFrames == 0 && queue != null && queue.length > IDLE_KEEP_BYTES) {
                queue = null;
            }
        }
    }

    /** Writes everything waiting, taking the queue's array as a whole each time; {@link #writeLock} is held. */
    private void writeQueued() throws IOException {
        receivedAtLastWrite = receivedSoFar();
        boolean wroteAny = false;
        while (!closed) {
            byte[] batch;
            int size;
            int count;
            synchronized (queueLock) {
                count = queuedFrames;
                if (count == 0) {
                    break;
                }
                batch = queue;
                size = queuedBytes;
                lastBatchBytes = size;
                queue = spare;
                queuedBytes = 0;
                queuedFrames = 0;
                waiting = 0;
            }
            spare = null;
            count(count, size);
            writing();
            out.write(batch, 0, size);
            wroteAny = true;
            if (batch.length <= KEEP_BYTES) {
                spare = batch;
            }
        }
        if (wroteAny) {
            out.flush();
            wrote();
        }
    }

    /**
     * Counts frames as they are handed to the socket, before the write: a peer that has read a
     * frame must find it counted ({@code ClientInfo.messagesOut}); a write that fails closes the
     * connection anyway.
     */
    private void count(long frames, long bytes) {
        framesOut.addAndGet(frames);
        bytesOut.addAndGet(bytes);
    }

    /** A write starts: the stall check ({@link #writeStalledNanos}) runs from now until {@link #wrote()}. */
    private void writing() {
        if (writeStartedNanos == 0) {
            writeStartedNanos = System.nanoTime() | 1;
        }
    }

    /** A write ended: the burst window starts from now. */
    private void wrote() {
        long now = System.nanoTime();
        writeStartedNanos = 0;
        lastSentNanos = now;
        burstEndNanos = now + BURST_NANOS;
    }

    /**
     * How long the write in progress has waited for the peer to make room, at {@code now}; 0
     * when no write is in progress. A peer that does not read at all leaves it growing: the
     * connection closes it once past its limit (see {@code Connection.tick}).
     */
    public long writeStalledNanos(long now) {
        long started = writeStartedNanos;
        return started == 0 ? 0 : Math.max(0, now - started);
    }

    private void writeFailed(IOException e) {
        writeStartedNanos = 0;
        if (!closed) {
            owner.closeNow("write failed: " + e.getMessage());
        }
    }
}
