package dev.localipc.core.internal;

import java.io.IOException;

/** A frame exceeded the frame size limit; the reader stopped without buffering the rest. */
public final class FrameTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int limit;

    FrameTooLargeException(int limit, long seen) {
        super("frame too large: more than " + limit + " bytes (" + seen + " read without a newline or in one line)"
                + "; raise maxFrameBytes on both sides or send smaller messages");
        this.limit = limit;
    }

    /** The limit in bytes. */
    public int limit() {
        return limit;
    }
}
