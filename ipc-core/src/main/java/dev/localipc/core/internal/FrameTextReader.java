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

    /** Starts reading {@code frame} from its first character; returns this reader. */
    FrameTextReader reset(String frame) {
        this.text = frame;
        this.next = 0;
        return this;
    }

    @Override
    public int read(char[] target, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int count = Math.min(length, text.length() - next);
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
    }
}
