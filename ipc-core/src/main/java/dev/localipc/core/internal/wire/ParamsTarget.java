package dev.localipc.core.internal.wire;

import java.io.IOException;
import java.lang.reflect.Type;

/**
 * Who receives the params of one method, and so what they are bound to: an application handler,
 * or one of the library's {@code ipc.} methods. The decoder reads the params with
 * {@link #read}, during its one pass over the frame.
 */
public interface ParamsTarget {
    /** The type the params are bound to ({@code Void.class}: ignored; {@code JsonElement.class}: as JSON). */
    Type paramsType();

    /**
     * Reads the params (an object or an array, peeked) from {@code in} and returns them bound.
     * The default binds with the decoder's {@link Binding}; a library method may read its own way
     * (and bind parts of them with {@link FrameDecoder#bindSpan}).
     *
     * @throws Binding.Refusal when they were read whole but are refused
     * @throws IOException or another RuntimeException when they cannot be read or bound: the
     *     decoder then words the -32602 from the frame (see {@link MessageDecoder})
     */
    default Object read(FrameJsonReader in, FrameDecoder decoder) throws IOException {
        return decoder.binding().read(in, paramsType());
    }
}
