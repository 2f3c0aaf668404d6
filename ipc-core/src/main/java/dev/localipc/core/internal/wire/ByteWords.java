package dev.localipc.core.internal.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Looking at a frame's bytes without decoding them: whether a few bytes are found at a place
 * ({@link #matchesAt}), and scanning eight at a time: a {@code long} read from a byte array (little-endian, so the
 * first byte is the lowest), and flags for the bytes of such a word that equal a value, are below
 * a value, or have their high bit set. A flag is the high bit of its byte; the lowest flagged byte
 * is exact, flags above it may be false (a borrow runs upwards), so a caller looks at the lowest
 * one ({@code Long.numberOfTrailingZeros(flags) >>> 3} is its index) or goes on byte by byte from
 * the word.
 *
 * <pre>{@code
 * long word = ByteWords.read(bytes, i);
 * long newlines = ByteWords.equalTo(word, ByteWords.repeat('\n'));
 * if (newlines != 0) {
 *     int newline = i + ByteWords.lowestIndex(newlines);
 * }
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
final class ByteWords {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    /** The high bit of every byte: AND a word with it to flag its bytes >= 0x80. */
    static final long HIGH_BITS = 0x8080808080808080L;

    private ByteWords() {
    }

    /**
     * Whether {@code expected} is found at {@code at} in {@code bytes}, which must hold that many
     * bytes from there (a plain loop: these are a few bytes, and {@code Arrays.equals}' range
     * checks and call cost more).
     */
    static boolean matchesAt(byte[] bytes, int at, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (bytes[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** The eight bytes at {@code index} (it and the seven after it must be in the array). */
    static long read(byte[] bytes, int index) {
        return (long) LONGS.get(bytes, index);
    }

    /** A word whose {@code count} (0 to 8) lowest bytes, the first ones in the array, are all ones. */
    static long lowBytes(int count) {
        return count >= Long.BYTES ? -1L : (1L << (Long.BYTES * count)) - 1;
    }

    /** The word {@link #read} would give for the {@code count} (0 to 8) bytes at {@code index}, the others zero. */
    static long assemble(byte[] bytes, int index, int count) {
        long word = 0;
        for (int i = count - 1; i >= 0; i--) {
            word = word << Long.BYTES | (bytes[index + i] & 0xff);
        }
        return word;
    }

    /** {@code value} in every byte of a word, for {@link #equalTo} and {@link #below}. */
    static long repeat(int value) {
        return ONES * (value & 0xff);
    }

    /** Flags the bytes of {@code word} equal to the byte repeated in {@code repeated}. */
    static long equalTo(long word, long repeated) {
        long difference = word ^ repeated;
        return (difference - ONES) & ~difference & HIGH_BITS;
    }

    /** Flags the bytes of {@code word} below the byte (at most 0x80) repeated in {@code repeated}, and those >= 0x80. */
    static long belowOrHigh(long word, long repeated) {
        return ((word - repeated) | word) & HIGH_BITS;
    }

    /** The index (0 to 7) of the lowest flagged byte. */
    static int lowestIndex(long flags) {
        return Long.numberOfTrailingZeros(flags) >>> 3;
    }
}
