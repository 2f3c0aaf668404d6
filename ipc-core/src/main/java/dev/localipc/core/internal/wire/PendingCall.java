package dev.localipc.core.internal.wire;

import java.lang.reflect.Type;

/** One of our requests waiting for its answer, as the decoder needs it: the type its result is bound to. */
public interface PendingCall {
    /** The method of the request (for messages). */
    String method();

    /** The result type ({@code Void.class}: ignored; {@code JsonElement.class}: as JSON). */
    Type resultType();
}
