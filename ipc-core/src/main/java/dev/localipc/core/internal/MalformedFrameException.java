package dev.localipc.core.internal;

import java.io.IOException;

/** A complete frame whose bytes are not valid UTF-8; the reader skipped it and can go on. */
public final class MalformedFrameException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedFrameException(String message) {
        super(message);
    }
}
