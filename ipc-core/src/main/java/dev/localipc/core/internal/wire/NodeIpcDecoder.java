package dev.localipc.core.internal.wire;

import com.google.gson.stream.JsonToken;
import dev.localipc.core.IpcErrorCodes;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes node-ipc frames, {@code {"type":T,"data":D}}, into the notification {@code T} whose
 * params are {@code D}, bound in the same pass to the type of the handler of {@code T}. The
 * members may come in any order; others are ignored. A frame that is not UTF-8, not JSON, not
 * an object or has no string {@code type} is dropped (node-ipc answers nothing either): it
 * becomes an {@link Inbound.Invalid} that is logged, never answered, and the connection goes on.
 *
 * <pre>{@code
 * FrameDecoder decoder = FrameCodec.nodeIpc().decoder(connection, binding);
 * }</pre>
 *
 * <p>Not thread-safe: one per connection, used by its reader thread only.
 */
final class NodeIpcDecoder implements FrameDecoder {
    private final Targets targets;
    private final Binding binding;
    private final FrameJsonReader in = new FrameJsonReader();
    private final FrameJsonReader data = new FrameJsonReader();
    private byte[] frame;

    NodeIpcDecoder(Targets targets, Binding binding) {
        this.targets = targets;
        this.binding = binding;
    }

    @Override
    public Binding binding() {
        return binding;
    }

    @Override
    public Inbound decode(byte[] bytes, int from, int length) {
        frame = bytes;
        try {
            in.reset(bytes, from, from + length);
            if (in.peek() != JsonToken.BEGIN_OBJECT) {
                in.skipValue();
                return dropped("it is not a JSON object");
            }
            String type = null;
            int dataStart = -1;
            int dataEnd = -1;
            in.beginObject();
            while (in.hasNext()) {
                switch (in.nextName()) {
                    case "type" -> {
                        if (in.peek() == JsonToken.STRING) {
                            type = in.nextKnownString();
                        } else {
                            in.skipValue();
                            type = null;
                        }
                    }
                    case "data" -> {
                        dataStart = in.valueStart();
                        in.skipValue();
                        dataEnd = in.position();
                    }
                    default -> in.skipValue();
                }
            }
            in.endObject();
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalStateException("data after the value");
            }
            if (type == null) {
                return dropped("its envelope has no string \"type\"");
            }
            ParamsTarget target = targets.target(type, false);
            if (target == null) {
                return new Inbound.Notification(type, null, null);
            }
            Object params = dataStart < 0 ? absent(target.paramsType())
                    : bindSpan(dataStart, dataEnd, target.paramsType(), "data of ", type);
            if (params instanceof BindFailure failure) {
                return dropped(failure.message());
            }
            return new Inbound.Notification(type, target, params);
        } catch (IOException | RuntimeException | StackOverflowError notJson) {
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, from, length));
            } catch (CharacterCodingException e) {
                return dropped("it is not UTF-8");
            }
            return dropped("it is not JSON (" + notJson.getMessage() + ")");
        } finally {
            frame = null;
        }
    }

    private Object absent(Type type) {
        try {
            return binding.absent(type);
        } catch (Binding.Refusal | IOException refused) {
            return new BindFailure("invalid data: " + refused.getMessage());
        }
    }

    @Override
    public Object bindSpan(int start, int end, Type type, String what, String name) {
        return binding.bindValue(data, frame, start, end, type, what, name);
    }

    private static Inbound dropped(String why) {
        return new Inbound.Invalid(null, IpcErrorCodes.INVALID_REQUEST, "node-ipc frame dropped: " + why, false);
    }
}
