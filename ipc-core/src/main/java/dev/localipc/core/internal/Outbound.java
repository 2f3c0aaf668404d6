package dev.localipc.core.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 *   <li>Otherwise the frame is queued and a worker drains the queue, coalescing every frame
 *       waiting into as few writes as possible, flushing when the queue is empty.</li>
 *   <li>Queueing never blocks. When the queue is over its limit the connection is overloaded:
 *       the queued frames are dropped (logged), the peer gets {@code overflowFrame} (-32007) and
 *       the connection is closed; other connections are not affected.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class Outbound {
    private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);
    private static final int BATCH_BYTES = 64 * 1024;
    private static final long FORCE_CLOSE_MILLIS = 5000;
    /** Sends closer together than this (after the last write ended) form a burst, written in coalesced batches. */
    private static final long BURST_NANOS = 5_000;
    /** The batch a writing thread copies queued frames into: per thread, not per connection (idle connections hold none). */
    private static final ThreadLocal<byte[]> BATCH = ThreadLocal.withInitial(() -> new byte[BATCH_BYTES]);

    /** What the connection does when writing fails or it must close. */
    public interface Owner {
        /** Closes the connection for {@code reason}; idempotent. */
        void closeNow(String reason);

        /** The peer's name for logs, such as "client a3f7b9c2d1e4". */
        String peerName();
    }

    private final OutputStream out;
    private final Owner owner;
    private final int maxFrames;
    private final long maxBytes;
    private final Executor executor;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedFrames = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean overloaded = new AtomicBoolean();
    private final AtomicLong framesOut = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean coalesceBursts;
    private volatile boolean closed;
    private volatile String closeAfterDrain;
    private volatile long lastSentNanos = System.nanoTime();
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
        if (closed || closeAfterDrain != null) {
            drop(frame);
            return false;
        }
        boolean direct = mayBlock && queuedFrames.get() == 0
                && !(coalesceBursts && receivedSoFar() == receivedAtLastWrite && System.nanoTime() - burstEndNanos < 0);
        if (direct && writeLock.tryLock()) {
            boolean written = false;
            try {
                if (queuedFrames.get() == 0 && !closed) {
                    receivedAtLastWrite = receivedSoFar();
                    out.write(frame);
                    out.flush();
                    sent(1, frame.length);
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
            return enqueueOrWrite(frame);
        }
        return enqueue(frame);
    }

    /** For a caller that may block: queue, or when the queue is half full, write it all on this thread. */
    private boolean enqueueOrWrite(byte[] frame) {
        if (queuedFrames.get() < maxFrames / 2 && queuedBytes.get() + frame.length <= maxBytes / 2) {
            push(frame);
            scheduleDrain();
            return true;
        }
        push(frame);
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
        SharedScheduler.get().schedule(() -> owner.closeNow(reason + " (the peer did not read the last frame in time)"),
                FORCE_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
        if (mayBlock && queuedFrames.get() == 0 && writeLock.tryLock()) {
            try {
                if (queuedFrames.get() == 0) {
                    closeAfterDrain = reason;
                    out.write(frame);
                    out.flush();
                    sent(1, frame.length);
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
        push(frame);
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
        int left = queuedFrames.getAndSet(0);
        queue.clear();
        queuedBytes.set(0);
        long lost = dropped.get() + left;
        if (lost > 0) {
            LOG.warn("{}: {} outbound frame(s) were not delivered because the connection closed", owner.peerName(), lost);
        }
    }

    /** Whether every accepted frame has been written. */
    public boolean isDrained() {
        return queuedFrames.get() == 0 && !writeLock.isLocked();
    }

    /** Frames written. */
    public long framesOut() {
        return framesOut.get();
    }

    /** Bytes written. */
    public long bytesOut() {
        return bytesOut.get();
    }

    /** When the last write finished, in {@link System#nanoTime()} units. */
    public long lastSentNanos() {
        return lastSentNanos;
    }

    private boolean enqueue(byte[] frame) {
        int frames = queuedFrames.get();
        long bytes = queuedBytes.get();
        if (frames >= maxFrames || bytes + frame.length > maxBytes) {
            overflow(frames, bytes, frame);
            return false;
        }
        push(frame);
        scheduleDrain();
        return true;
    }

    private void push(byte[] frame) {
        queuedFrames.incrementAndGet();
        queuedBytes.addAndGet(frame.length);
        queue.add(frame);
    }

    private void overflow(int frames, long bytes, byte[] frame) {
        drop(frame);
        if (!overloaded.compareAndSet(false, true)) {
            return;
        }
        int discarded = 0;
        byte[] stale;
        while ((stale = queue.poll()) != null) {
            queuedFrames.decrementAndGet();
            queuedBytes.addAndGet(-stale.length);
            discarded++;
        }
        dropped.addAndGet(discarded);
        LOG.warn("{} reads too slowly: its outbound queue is full ({} frames, {} bytes; limits {} frames, {} bytes);"
                + " dropping {} queued frame(s), answering -32007 and disconnecting it", owner.peerName(), frames, bytes,
                maxFrames, maxBytes, discarded);
        sendFinal(Frames.connectionError(-32007, "overloaded: your outbound queue is full (" + frames
                + " frames waiting): read faster or subscribe to fewer topics"), "outbound queue full (slow consumer)", false);
    }

    private void drop(byte[] frame) {
        dropped.incrementAndGet();
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: dropped an outbound frame of {} bytes: connection closing", owner.peerName(), frame.length);
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
            if (queue.isEmpty() && !closed) {
                // a producer in a burst (a broadcast loop) is likely to queue more at once: letting it
                // run first saves handing the next frame to a new worker
                Thread.yield();
            }
            drainScheduled.set(false);
            if (queue.isEmpty() || closed || !drainScheduled.compareAndSet(false, true)) {
                break;
            }
        }
        String reason = closeAfterDrain;
        if (reason != null && queue.isEmpty()) {
            owner.closeNow(reason);
        }
    }

    private void writeQueued() throws IOException {
        byte[] batch = BATCH.get();
        receivedAtLastWrite = receivedSoFar();
        int used = 0;
        int frames = 0;
        long bytes = 0;
        byte[] frame;
        // taken frames stop counting against the queue's limits once per write, not once per frame
        // (the counters are shared with the senders' threads)
        int taken = 0;
        long takenBytes = 0;
        try {
            while (!closed && (frame = queue.poll()) != null) {
                if (used + frame.length > batch.length && used > 0) {
                    uncount(taken, takenBytes);
                    taken = 0;
                    takenBytes = 0;
                    out.write(batch, 0, used);
                    used = 0;
                }
                taken++;
                takenBytes += frame.length;
                frames++;
                bytes += frame.length;
                if (frame.length > batch.length) {
                    uncount(taken, takenBytes);
                    taken = 0;
                    takenBytes = 0;
                    out.write(frame);
                    continue;
                }
                System.arraycopy(frame, 0, batch, used, frame.length);
                used += frame.length;
            }
            uncount(taken, takenBytes);
            taken = 0;
            takenBytes = 0;
            if (used > 0) {
                out.write(batch, 0, used);
            }
        } finally {
            uncount(taken, takenBytes);
        }
        if (frames > 0) {
            out.flush();
            sent(frames, bytes);
        }
    }

    /** Frames taken from the queue (written, or lost with the connection) no longer count against its limits. */
    private void uncount(int frames, long bytes) {
        if (frames > 0 && !closed) {
            queuedFrames.addAndGet(-frames);
            queuedBytes.addAndGet(-bytes);
        }
    }

    private void sent(int frames, long bytes) {
        framesOut.addAndGet(frames);
        bytesOut.addAndGet(bytes);
        long now = System.nanoTime();
        lastSentNanos = now;
        burstEndNanos = now + BURST_NANOS;
    }

    private void writeFailed(IOException e) {
        if (!closed) {
            owner.closeNow("write failed: " + e.getMessage());
        }
    }
}
