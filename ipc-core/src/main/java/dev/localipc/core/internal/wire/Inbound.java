package dev.localipc.core.internal.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * One decoded frame: what {@link MessageDecoder} makes of a frame's bytes, with params, result or
 * event data already bound to the type their receiver asked for.
 *
 * <ul>
 *   <li>{@link Request}, {@link Notification}: a call; {@code target} null when nobody here
 *       handles its method (then its params were checked as JSON, not bound).</li>
 *   <li>{@link Response}: an answer to one of our requests ({@code call} null when none with its
 *       id is pending).</li>
 *   <li>{@link Batch}: several of the above (and {@link Invalid}s) in one frame.</li>
 *   <li>{@link Invalid}: a frame or batch member that is refused, with the error already worded.</li>
 * </ul>
 *
 * <p>Immutable (the bound values are the receivers' own objects).
 */
public sealed interface Inbound permits Inbound.Request, Inbound.Notification, Inbound.Response, Inbound.Batch,
        Inbound.Invalid {

    /** A request: answer it with {@code id}. */
    record Request(JsonElement id, String method, ParamsTarget target, Object params) implements Inbound {
    }

    /** A notification: never answered. */
    record Notification(String method, ParamsTarget target, Object params) implements Inbound {
    }

    /**
     * An answer: {@code error} for an error response, else {@code result} bound to the call's
     * result type; {@code mismatch} when the result does not fit that type (the call fails with it).
     */
    record Response(JsonElement id, PendingCall call, Object result, JsonObject error, String mismatch) implements Inbound {
    }

    /** A batch: its members in order. */
    record Batch(List<Inbound> members) implements Inbound {
    }

    /**
     * A refused frame or member: answer it with {@code code} and {@code message} (id {@code id},
     * JSON null when null) when {@code answer}; a refused notification is only logged.
     */
    record Invalid(JsonElement id, int code, String message, boolean answer) implements Inbound {
    }
}
