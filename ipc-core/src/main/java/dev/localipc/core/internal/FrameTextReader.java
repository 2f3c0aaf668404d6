package dev.localipc.core.internal;

import java.io.Reader;

/**
 * A {@link Reader} over one frame's text that is reset for each frame: the fast path's JSON reader
 * reads from it with no {@link java.io.StringReader} allocated, locked and delegated to per frame.
 *
 * <p>Not thread-safe: one per connection, used by its reader thread only.
 */
final class FrameTextReader extends Reader {
    private String text = "";
    private int next;
    private int end;

    /** Starts reading {@code frame} from its first character; returns this reader. */
    FrameTextReader reset(String frame) {
        return reset(frame, 0, frame.length());
    }

    /** Reads the characters of {@code frame} from {@code from} (inclusive) to {@code to} (exclusive); returns this reader. */
    FrameTextReader reset(String frame, int from, int to) {
        this.text = frame;
        this.next = from;
        this.end = to;
        return this;
    }

    @Override
    public int read(char[] target, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int count = Math.min(length, end - next);
        if (count <= 0) {
            return -1;
        }
        text.getChars(next, next + count, target, offset);
        next += count;
        return count;
    }

    @Override
    public void close() {
        text = "";
        next = 0;
        end = 0;
    }
}
