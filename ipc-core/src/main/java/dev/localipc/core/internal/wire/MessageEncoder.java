package dev.localipc.core.internal.wire;

import com.google.gson.Gson;
import com.google.gson.JsonElement;

/**
 * How messages become frames on one wire format: the half of the seam that {@link FrameCodec}
 * names for writing. Every frame ends with the format's delimiter.
 *
 * <p>Thread-safe.
 */
public interface MessageEncoder {
    /** The Gson that params, results and event data are written (and read) with. */
    Gson gson();

    /**
     * A request frame in this thread's writer (no copy): send its {@code array()} up to its
     * {@code length()}, then {@code release()} it.
     */
    Utf8FrameWriter request(long id, String method, Object params);

    /** A notification frame in this thread's writer, as {@link #request}. */
    Utf8FrameWriter notification(String method, Object params);

    /** A notification frame of its own (sent to many connections). */
    default byte[] notificationFrame(String method, Object params) {
        return notification(method, params).toByteArray();
    }

    /** The frame of a success response. */
    byte[] result(JsonElement id, Object result);

    /** The frame of an error response; {@code id} null is the JSON null (an error about the connection). */
    byte[] error(JsonElement id, int code, String message, JsonElement data);

    /** An event of {@code topic}, its data serialized once, to stamp with each session's seq. */
    EventFrame event(String topic, Object data);

    /** One frame that holds the answers of a batch (each a frame of this encoder), in order. */
    byte[] batch(Iterable<byte[]> answers);
}
