package dev.localipc.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

    /** The next frame as text, or null at the end. */
    static String next(FrameReader frames) throws IOException {
        return frames.advance() ? new String(frames.frameBytes(), frames.frameStart(), frames.frameLength(), StandardCharsets.UTF_8)
                : null;
    }

    private static FrameReader reader(String text, int max) {
        return new FrameReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    }

    @Test
    void splitsOnNewlineAcceptsCrlfAndSkipsEmptyLines() throws IOException {
        FrameReader frames = reader("\n\r\n{\"a\":1}\r\n\n{\"b\":2}\n", 100);
        assertEquals("{\"a\":1}", next(frames));
        assertEquals(9, frames.lastFrameBytes());
        assertEquals("{\"b\":2}", next(frames));
        assertNull(next(frames));
    }

    @Test
    void decodesMultiByteUtf8() throws IOException {
        assertEquals("{\"t\":\"héllo €\"}", next(reader("{\"t\":\"héllo €\"}\n", 100)));
    }

    @Test
    void findsEveryNewlineAndNonAsciiByteWhateverItsPlaceInAWord() throws IOException {
        // the reader scans eight bytes at a time: put each newline and each non-ASCII character at
        // every offset within and across words, and deliver the bytes in chunks of every size
        StringBuilder all = new StringBuilder();
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (int length = 1; length <= 40; length++) {
            String ascii = "a".repeat(length - 1) + length % 10;
            expected.add(ascii);
            all.append(ascii).append('\n');
            String accented = "b".repeat(length - 1) + "é";
            expected.add(accented);
            all.append(accented).append('\n');
        }
        byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
        for (int chunk = 1; chunk <= 17; chunk++) {
            FrameReader frames = new FrameReader(new ChunkedStream(bytes, chunk), 1000);
            for (String frame : expected) {
                assertEquals(frame, next(frames), "chunks of " + chunk);
            }
            assertNull(next(frames));
        }
    }

    @Test
    void readsAStreamThatKeepsFillingItsBufferWhileItGrows() throws IOException {
        // a ByteArrayInputStream fills every read: the buffer grows from 8 KiB towards 64 KiB with
        // frames cut at every place, and a frame larger than the buffer in between
        java.util.Random random = new java.util.Random(7);
        java.util.List<String> expected = new java.util.ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            String frame = i == 5_000 ? "L".repeat(100_000) : "f" + i + "-" + "x".repeat(random.nextInt(300));
            expected.add(frame);
            all.append(frame).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        FrameReader frames = new FrameReader(new ByteArrayInputStream(all.toString().getBytes(StandardCharsets.UTF_8)), 200_000);
        for (String frame : expected) {
            assertTrue(frames.advance());
            assertEquals(frame, new String(frames.frameBytes(), frames.frameStart(), frames.frameLength(), StandardCharsets.US_ASCII));
        }
        assertEquals(false, frames.advance());
        assertTrue(frames.reads() < 200, "reads: " + frames.reads());
    }

    /** Serves its bytes at most {@code chunk} at a time. */
    private static final class ChunkedStream extends InputStream {
        private final byte[] bytes;
        private final int chunk;
        private int position;

        ChunkedStream(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, chunk), bytes.length - position);
            System.arraycopy(bytes, position, target, offset, n);
            position += n;
            return n;
        }
    }

    @Test
    void frameOfExactlyTheLimitIsAccepted() throws IOException {
        String frame = "x".repeat(64);
        FrameReader frames = reader(frame + "\r\n" + frame + "\n", 64);
        assertEquals(frame, next(frames));
        assertEquals(frame, next(frames));
    }

    @Test
    void lineOverTheLimitFails() {
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> next(reader("x".repeat(65) + "\n", 64)));
        assertEquals(64, e.limit());
    }

    @Test
    void endlessLineFailsWithoutReadingMoreThanTheLimit() {
        CountingEndlessStream endless = new CountingEndlessStream();
        FrameReader frames = new FrameReader(endless, 100_000);
        assertThrows(FrameTooLargeException.class, () -> next(frames));
        assertTrue(endless.served <= 100_002 + 8192, "read " + endless.served + " bytes for a 100000-byte limit");
    }

    @Test
    void bytesThatAreNotUtf8AreAFrameLikeAnyOther() throws IOException {
        // the reader only splits; the decoder refuses such a frame with -32700 and the next one is read
        byte[] bad = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n', '{', '}', '\n'};
        FrameReader frames = new FrameReader(new ByteArrayInputStream(bad), 100);
        assertTrue(frames.advance());
        assertEquals(6, frames.frameLength());
        assertEquals("{}", next(frames));
    }

    @Test
    void incompleteLastLineIsReported() throws IOException {
        FrameReader frames = reader("{}\n{\"half", 100);
        assertEquals("{}", next(frames));
        assertNull(next(frames));
        assertEquals(6, frames.discardedAtEnd());
    }

    @Test
    void framesSplitAcrossManySmallReads() throws IOException {
        String text = "{\"a\":1}\n{\"b\":\"" + "y".repeat(20_000) + "\"}\n";
        InputStream trickle = new InputStream() {
            private final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            private int position;

            @Override
            public int read() {
                return position < bytes.length ? bytes[position++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= bytes.length) {
                    return -1;
                }
                int n = Math.min(3, Math.min(len, bytes.length - position));
                System.arraycopy(bytes, position, b, off, n);
                position += n;
                return n;
            }
        };
        FrameReader frames = new FrameReader(trickle, 1 << 20);
        assertEquals("{\"a\":1}", next(frames));
        assertEquals(20_008, next(frames).length());
        assertNull(next(frames));
    }

    @Test
    void aLowerLimitAppliesUntilItIsRaisedAgain() throws IOException {
        FrameReader frames = reader("x".repeat(20) + "\n" + "y".repeat(30) + "\n", 100);
        frames.limit(20);
        assertEquals(20, next(frames).length());
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> next(frames));
        assertEquals("frame too large: the limit is 20 bytes", e.wireMessage());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> frames.limit(101));
        assertEquals("frame limit 101 must be between 1 and 100", refused.getMessage());
    }

    @Test
    void theBufferShrinksBackAfterALargeFrameAndGivesItsBudgetBack() throws IOException {
        InboundBudget budget = new InboundBudget(4 << 20);
        String large = "L".repeat(1 << 20);
        String text = "{}\n" + large + "\n" + "{\"small\":1}\n".repeat(50_000);
        FrameReader frames = new FrameReader(new ChunkedStream(text.getBytes(StandardCharsets.UTF_8), 4096), 2 << 20, budget, (byte) '\n');
        assertEquals("{}", next(frames));
        assertEquals(large, next(frames));
        assertTrue(frames.capacity() > 1 << 20, "a 1 MiB frame needs a 1 MiB buffer");
        assertTrue(budget.used() > 0, "taken from the budget");
        for (int i = 0; i < 50_000; i++) {
            assertEquals("{\"small\":1}", next(frames));
        }
        assertEquals(FrameReader.STREAMING_CAPACITY, frames.capacity(), "back to 64 KiB once small frames follow");
        assertEquals(0, budget.used(), "the budget is given back");
        frames.release();
        assertEquals(0, budget.used());
    }

    @Test
    void aFrameThatNeedsMoreThanTheBudgetHoldsIsRefusedAfterWaiting() throws IOException {
        InboundBudget budget = new InboundBudget(512 << 10);
        FrameReader holder = new FrameReader(new ChunkedStream(("H".repeat(200 << 10) + "\n").getBytes(StandardCharsets.UTF_8),
                8192), 1 << 20, budget, (byte) '\n');
        FrameReader asker = new FrameReader(new CountingEndlessStream(), 1 << 20, budget, (byte) '\n');
        assertEquals(200 << 10, next(holder).length(), "the first reader takes what it needs");
        long before = System.nanoTime();
        FrameTooLargeException refused = assertThrows(FrameTooLargeException.class, () -> next(asker));
        assertTrue(System.nanoTime() - before >= FrameReader.BUDGET_WAIT_MILLIS * 1_000_000L, "it waited for the budget first");
        assertEquals("frame too large for now: the server's buffers for large frames are in use; send it again later",
                refused.wireMessage());
        assertTrue(refused.getMessage().startsWith("a frame needs a buffer of "), refused.getMessage());
        assertTrue(budget.used() <= budget.limit());
        holder.release();
        asker.release();
        assertEquals(0, budget.used(), "both gave everything back");
    }

    private static final class CountingEndlessStream extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'x');
            served += len;
            return len;
        }
    }
}
