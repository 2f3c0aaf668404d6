package dev.localipc.core.internal.wire;

import java.io.Writer;
import java.util.Arrays;

/**
 * A {@link Writer} that encodes a frame's text as UTF-8 straight into a growing byte array, so
 * that a frame is encoded once, with no {@code StringBuilder}, {@code String} or second encoding
 * pass in between. Encodes exactly as {@code String.getBytes(UTF_8)} does, including a lone
 * surrogate written as {@code '?'}.
 *
 * <pre>{@code
 * Utf8FrameWriter out = Utf8FrameWriter.forThisThread();  // emptied, ready for one frame
 * out.append("{\"a\":1}").append('\n');
 * byte[] frame = out.toByteArray();                        // a copy; the writer is released
 * }</pre>
 *
 * <p>Not thread-safe: {@link #forThisThread()} gives each thread its own, which is reused for
 * every frame that thread encodes (it shrinks back after a large frame).
 */
public final class Utf8FrameWriter extends Writer {
    private static final int INITIAL = 512;
    private static final int KEEP_AT_MOST = 64 * 1024;
    private static final ThreadLocal<Utf8FrameWriter> PER_THREAD = ThreadLocal.withInitial(Utf8FrameWriter::new);

    private byte[] bytes = new byte[INITIAL];
    private int size;
    /** A high surrogate written last, waiting for its low half; 0 if none. */
    private char pendingHigh;
    /** Whether a frame is being encoded into this writer or sent from it. */
    private boolean inUse;

    /**
     * This thread's writer, emptied. If this thread's writer is already in use (a frame is being
     * encoded and the encoding, through an application's type adapter, sends another one), a new
     * writer is returned instead. Call {@link #release()} when the frame's bytes are no longer needed.
     */
    static Utf8FrameWriter forThisThread() {
        Utf8FrameWriter writer = PER_THREAD.get();
        if (writer.inUse) {
            writer = new Utf8FrameWriter();
        }
        writer.inUse = true;
        return writer.reset();
    }

    /** The frame's bytes are no longer needed: the writer may be handed out again. */
    public void release() {
        inUse = false;
    }

    /** The array holding the bytes written so far, from index 0 to {@link #length()} (valid until the next reset). */
    public byte[] array() {
        flushPendingHigh();
        return bytes;
    }

    /** How many bytes were written. */
    public int length() {
        flushPendingHigh();
        return size;
    }

    /** Empties this writer (and lets go of a large array). */
    Utf8FrameWriter reset() {
        size = 0;
        pendingHigh = 0;
        if (bytes.length > KEEP_AT_MOST) {
            bytes = new byte[INITIAL];
        }
        return this;
    }

    /** The bytes written so far, as a new array; releases the writer (see {@link #release()}). */
    public byte[] toByteArray() {
        flushPendingHigh();
        inUse = false;
        return Arrays.copyOf(bytes, size);
    }

    /** Appends bytes that are already UTF-8 (such as an ASCII constant). */
    Utf8FrameWriter appendBytes(byte[] utf8) {
        flushPendingHigh();
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
        return this;
    }

    /** Appends the decimal digits of {@code value}. */
    Utf8FrameWriter appendDecimal(long value) {
        flushPendingHigh();
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                return append(Long.toString(value));
            }
            ensure(1);
            bytes[size++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = size + digits - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += digits;
        return this;
    }

    @Override
    public void write(int c) {
        // JsonWriter writes its punctuation one character at a time
        if (c < 0x80 && pendingHigh == 0 && size < bytes.length) {
            bytes[size++] = (byte) c;
        } else {
            put((char) c);
        }
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        // rare: Gson writes strings; the fast loop is in write(String, int, int)
        for (int i = offset; i < offset + length; i++) {
            put(chars[i]);
        }
    }

    @Override
    public void write(String text, int offset, int length) {
        ensure(length);
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = text.charAt(i);
            if (c < 0x80 && pendingHigh == 0) {
                bytes[size++] = (byte) c;
            } else {
                put(c);
                ensure(end - i);
            }
        }
    }

    @Override
    public void write(String text) {
        write(text, 0, text.length());
    }

    @Override
    public Utf8FrameWriter append(CharSequence text) {
        if (text instanceof String) {
            write((String) text, 0, text.length());
        } else {
            CharSequence chars = text == null ? "null" : text;
            for (int i = 0; i < chars.length(); i++) {
                put(chars.charAt(i));
            }
        }
        return this;
    }

    @Override
    public Utf8FrameWriter append(char c) {
        write(c);
        return this;
    }

    @Override
    public void flush() {
        // nothing is buffered elsewhere
    }

    @Override
    public void close() {
        // reused: nothing to release
    }

    private void put(char c) {
        if (pendingHigh != 0) {
            char high = pendingHigh;
            pendingHigh = 0;
            if (Character.isLowSurrogate(c)) {
                int codePoint = Character.toCodePoint(high, c);
                ensure(4);
                bytes[size++] = (byte) (0xF0 | codePoint >> 18);
                bytes[size++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
                bytes[size++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
                bytes[size++] = (byte) (0x80 | codePoint & 0x3F);
                return;
            }
            ensure(1);
            bytes[size++] = '?';
        }
        ensure(3);
        if (c < 0x80) {
            bytes[size++] = (byte) c;
        } else if (c < 0x800) {
            bytes[size++] = (byte) (0xC0 | c >> 6);
            bytes[size++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
        } else if (Character.isLowSurrogate(c)) {
            bytes[size++] = '?';
        } else {
            bytes[size++] = (byte) (0xE0 | c >> 12);
            bytes[size++] = (byte) (0x80 | c >> 6 & 0x3F);
            bytes[size++] = (byte) (0x80 | c & 0x3F);
        }
    }

    private void flushPendingHigh() {
        if (pendingHigh != 0) {
            pendingHigh = 0;
            ensure(1);
            bytes[size++] = '?';
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
