package dev.localipc.core.internal.wire;

import java.lang.reflect.Type;

/**
 * Turns one frame into an {@link Inbound}, binding what it carries during the same pass. One per
 * connection, used by its reader thread only. Nothing a peer sends makes it throw.
 */
public interface FrameDecoder {
    /** Decodes the frame {@code bytes[from, from + length)} (no delimiter). */
    Inbound decode(byte[] bytes, int from, int length);

    /** The binding this decoder binds with. */
    Binding binding();

    /**
     * Binds the value at {@code [start, end)} of the frame being decoded (noted during the pass,
     * so it is JSON) to {@code type}: the value, or a {@link BindFailure} that says why not.
     *
     * @param what "data of topic " or the like, for the message
     */
    Object bindSpan(int start, int end, Type type, String what, String name);

    /**
     * Whether a target may bind a value straight from {@code reader} now: it is the reader of this
     * decoder's first pass over the frame, which binds as it reads. A value that does not bind then
     * must throw (not return a {@link BindFailure}): the decoder reads the frame again without
     * binding in the pass, and the target binds with {@link #bindSpan}.
     */
    default boolean bindsInPass(FrameJsonReader reader) {
        return false;
    }

    /** Why a value did not bind, in words. */
    record BindFailure(String message) {
    }
}
