package dev.localipc.core.internal.wire;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into newline-terminated UTF-8 frames (docs/PROTOCOL.md section 1).
 *
 * <p>Accepts {@code \r\n}, skips empty lines, and never holds more than {@code limit + 2}
 * bytes: a line that grows past the limit fails with {@link FrameTooLargeException} before the
 * rest of it is read. The limit is {@code maxFrameBytes}, or less for a while (a server reads
 * the first frame, the hello, with a small limit: see {@link #limit(int)}). Frames are bytes:
 * {@link MessageDecoder} reads them (and checks that they are UTF-8).
 *
 * <p>Memory: the buffer starts at 8 KiB and grows to {@value #STREAMING_CAPACITY} while reads keep
 * filling it; beyond that it grows only for a frame that needs it, with bytes taken from an
 * {@link InboundBudget} shared by all the connections of a server, and shrinks back (giving the
 * bytes back) once the large frame is done.
 *
 * <pre>{@code
 * FrameReader frames = new FrameReader(in, 16 << 20, budget, (byte) '\n');
 * while (frames.advance()) {
 *     decoder.decode(frames.frameBytes(), frames.frameStart(), frames.frameLength());
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one reader thread per connection.
 */
public final class FrameReader {
    private static final int INITIAL_CAPACITY = 8192;
    /**
     * The buffer of a connection whose reads keep filling it (a stream of frames): fewer, larger
     * reads. A buffer larger than this is taken from the {@link InboundBudget}.
     */
    public static final int STREAMING_CAPACITY = 64 * 1024;
    /** How long a connection that needs a larger buffer waits for the budget before its frame is refused. */
    static final long BUDGET_WAIT_MILLIS = 2000;

    private final InputStream in;
    private final int maxFrameBytes;
    private final byte delimiter;
    private final long delimiters;
    private final InboundBudget budget;
    /** The limit now: {@link #maxFrameBytes}, or less (see {@link #limit(int)}). */
    private int limit;
    /** Bytes of {@link #buffer} taken from {@link #budget}: its length beyond {@link #STREAMING_CAPACITY}. */
    private long budgeted;
    private byte[] buffer;
    private int start;
    private int end;
    private int scanned;
    private int lastFrameBytes;
    private int frameStart;
    private int frameLength;
    private int reads;
    /** Whether the last read filled all the space it was given: more was probably waiting. */
    private boolean backedUp;

    /** Reads frames of at most {@code maxFrameBytes} bytes (terminator excluded) from {@code in}, with no budget. */
    public FrameReader(InputStream in, int maxFrameBytes) {
        this(in, maxFrameBytes, InboundBudget.UNLIMITED, (byte) '\n');
    }

    /**
     * Reads frames of at most {@code maxFrameBytes} bytes (terminator excluded) from {@code in},
     * each ended by {@code delimiter} (a newline: a carriage return before it is dropped too); a
     * buffer beyond {@value #STREAMING_CAPACITY} bytes is taken from {@code budget}.
     */
    public FrameReader(InputStream in, int maxFrameBytes, InboundBudget budget, byte delimiter) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes " + maxFrameBytes + " must be positive");
        }
        this.in = in;
        this.maxFrameBytes = maxFrameBytes;
        this.limit = maxFrameBytes;
        this.budget = budget;
        this.delimiter = delimiter;
        this.delimiters = ByteWords.repeat(delimiter);
        this.buffer = new byte[(int) Math.min(INITIAL_CAPACITY, (long) maxFrameBytes + 2)];
    }

    /**
     * Sets the limit for the next frames: at most {@code maxFrameBytes}. A server reads the hello
     * with a small limit, then restores the full one.
     */
    public void limit(int bytes) {
        if (bytes < 1 || bytes > maxFrameBytes) {
            throw new IllegalArgumentException("frame limit " + bytes + " must be between 1 and " + maxFrameBytes);
        }
        this.limit = bytes;
    }

    /** The limit now. */
    public int limit() {
        return limit;
    }

    /** Gives back what the buffer took from the budget and lets go of the buffer; the reader is done. */
    public void release() {
        budget.release(budgeted);
        budgeted = 0;
        buffer = new byte[0];
        start = end = scanned = 0;
    }

    /** The buffer's size now (for tests of the memory bound). */
    int capacity() {
        return buffer.length;
    }

    /**
     * Moves to the next non-empty frame, whose bytes {@link #frameBytes()} then holds from
     * {@link #frameStart()} for {@link #frameLength()} bytes (valid until the next call); false at
     * the end of the stream.
     */
    public boolean advance() throws IOException {
        while (true) {
            int newline = indexOfNewline();
            if (newline >= 0) {
                int lineStart = start;
                int lineEnd = newline;
                start = newline + 1;
                scanned = start;
                lastFrameBytes = lineEnd - lineStart + 1;
                if (delimiter == '\n' && lineEnd > lineStart && buffer[lineEnd - 1] == '\r') {
                    lineEnd--;
                }
                int length = lineEnd - lineStart;
                if (length == 0) {
                    continue;
                }
                if (length > limit) {
                    throw new FrameTooLargeException(limit, length);
                }
                frameStart = lineStart;
                frameLength = length;
                return true;
            }
            if ((long) end - start >= (long) limit + 2) {
                throw new FrameTooLargeException(limit, (long) end - start);
            }
            if (!fill()) {
                frameLength = 0;
                return false;
            }
        }
    }

    /** The buffer that holds the current frame (see {@link #advance()}); overwritten by the next call. */
    public byte[] frameBytes() {
        return buffer;
    }

    /** Where the current frame starts in {@link #frameBytes()}. */
    public int frameStart() {
        return frameStart;
    }

    /** The current frame's length in bytes, line terminator excluded. */
    public int frameLength() {
        return frameLength;
    }

    /** The bytes the last frame took on the wire, terminator included. */
    public int lastFrameBytes() {
        return lastFrameBytes;
    }

    /** How many reads from the stream returned data so far (wraps around): frames of one read arrived together. */
    public int reads() {
        return reads;
    }

    /** Whether bytes after the current frame are already buffered (the peer sent more in the same read). */
    public boolean hasBufferedBytes() {
        return end > start;
    }

    /** Bytes of an incomplete last line that the end of the stream cut off (0 if none). */
    public int discardedAtEnd() {
        return end - start;
    }

    /** The next delimiter at or after {@link #start}, or -1 (the bytes before {@link #scanned} are known to hold none). */
    private int indexOfNewline() {
        byte[] bytes = buffer;
        int i = Math.max(scanned, start);
        // eight bytes at a time: the lowest byte equal to the delimiter sets the lowest flag bit
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long found = ByteWords.equalTo(ByteWords.read(bytes, i), delimiters);
            if (found != 0) {
                return i + ByteWords.lowestIndex(found);
            }
        }
        for (; i < end; i++) {
            if (bytes[i] == delimiter) {
                return i;
            }
        }
        scanned = end;
        return -1;
    }

    private boolean fill() throws IOException {
        if (start > 0 && (end == buffer.length || start == end)) {
            int pending = end - start;
            System.arraycopy(buffer, start, buffer, 0, pending);
            scanned -= start;
            start = 0;
            end = pending;
        }
        int pending = end - start;
        if (buffer.length > STREAMING_CAPACITY && pending <= STREAMING_CAPACITY / 2) {
            resize(STREAMING_CAPACITY);
        }
        boolean full = end == buffer.length;
        if (full || backedUp && buffer.length < STREAMING_CAPACITY && buffer.length < (long) limit + 2) {
            long wanted = full ? (long) buffer.length * 2 : Math.min((long) buffer.length * 2, STREAMING_CAPACITY);
            resize((int) Math.min(wanted, (long) limit + 2));
        }
        int space = buffer.length - end;
        int read = in.read(buffer, end, space);
        if (read < 0) {
            return false;
        }
        backedUp = read == space;
        end += read;
        reads++;
        return true;
    }

    /** Moves the pending bytes into a buffer of {@code capacity}, taking or giving back budget for what is beyond {@value #STREAMING_CAPACITY}. */
    private void resize(int capacity) throws IOException {
        long needed = Math.max(0, capacity - STREAMING_CAPACITY);
        if (needed > budgeted) {
            if (!budget.reserve(needed - budgeted, BUDGET_WAIT_MILLIS)) {
                throw new FrameTooLargeException(limit, "a frame needs a buffer of " + capacity + " bytes, but the"
                        + " server's inbound buffers are in use by other connections (" + budget.used() + " of "
                        + budget.limit() + " bytes) for more than " + BUDGET_WAIT_MILLIS + " ms; raise maxInboundBufferBytes"
                        + " if such frames are expected", "frame too large for now: the server's buffers for large"
                        + " frames are in use; send it again later");
            }
        } else {
            budget.release(budgeted - needed);
        }
        budgeted = needed;
        byte[] resized = new byte[capacity];
        System.arraycopy(buffer, start, resized, 0, end - start);
        end -= start;
        scanned -= start;
        start = 0;
        buffer = resized;
    }
}
