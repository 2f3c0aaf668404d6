package dev.localipc.core.internal.wire;

import java.io.IOException;

/** A frame exceeded the frame size limit, or the buffer it needs; the reader stopped without buffering the rest. */
public final class FrameTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int limit;
    private final String wireMessage;

    FrameTooLargeException(int limit, long seen) {
        super("frame too large: more than " + limit + " bytes (" + seen + " read without a newline or in one line)"
                + "; raise maxFrameBytes on both sides or send smaller messages");
        this.limit = limit;
        this.wireMessage = "frame too large: the limit is " + limit + " bytes";
    }

    /** A frame within the limit that cannot be buffered now: {@code message} for the log, {@code wireMessage} for the peer. */
    FrameTooLargeException(int limit, String message, String wireMessage) {
        super(message);
        this.limit = limit;
        this.wireMessage = wireMessage;
    }

    /** The limit in bytes. */
    public int limit() {
        return limit;
    }

    /** The error message the peer gets with -32002. */
    public String wireMessage() {
        return wireMessage;
    }
}
