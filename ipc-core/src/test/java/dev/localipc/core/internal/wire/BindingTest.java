package dev.localipc.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.annotations.SerializedName;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.RpcErrorException;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class BindingTest {
    private final Binding binding = new Binding(new Frames(Frames.defaultGson()).gson());

    @Retention(RetentionPolicy.RUNTIME)
    @interface Nullable {
    }

    static final class Task {
        String name;
        int count;
        String mode = "fast";
        @Nullable String comment;
        @SerializedName("owner_id") String ownerId;
        Inner inner;
    }

    static final class Inner {
        String id;
    }

    record Point(int x, String label) {
    }

    /**
     * Binds as the decoder does: from the bytes in one pass, and when that refuses, the -32602
     * worded from the JSON tree; both ways must agree on whether the params fit.
     */
    private Object bind(String json, Class<?> type) {
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Object value;
        try {
            value = binding.read(new FrameJsonReader().reset(bytes, 0, bytes.length), type);
        } catch (Binding.Refusal refused) {
            throw new RpcErrorException(IpcErrorCodes.INVALID_PARAMS, "invalid params of M: " + refused.getMessage());
        } catch (java.io.IOException | RuntimeException failed) {
            RpcErrorException worded = binding.explain(StrictJson.parse(json), type, "params of ", "M");
            if (worded == null) {
                throw new AssertionError("the reader refused what Gson binds: " + json, failed);
            }
            throw worded;
        }
        assertNull(binding.explain(StrictJson.parse(json), type, "params of ", "M"), "Gson binds it too: " + json);
        return value;
    }

    private RpcErrorException fails(String json, Class<?> type) {
        RpcErrorException e = assertThrows(RpcErrorException.class, () -> bind(json, type));
        assertEquals(IpcErrorCodes.INVALID_PARAMS, e.code());
        return e;
    }

    @Test
    void numbersThatDoNotFitAnIntAreRefusedNotNarrowed() {
        assertEquals("invalid params of M: field 'x' has the wrong type: expected an integer, got the number 4294967296",
                fails("{\"x\":4294967296,\"label\":\"a\"}", Point.class).getMessage());
        assertEquals("invalid params of M: field 'x' has the wrong type: expected an integer, got the number 1.5",
                fails("{\"x\":1.5,\"label\":\"a\"}", Point.class).getMessage());
        assertEquals(2147483647, ((Point) bind("{\"x\":2147483647,\"label\":\"a\"}", Point.class)).x());
        assertEquals(3, ((Point) bind("{\"x\":3.0,\"label\":\"a\"}", Point.class)).x(), "an integral value is an integer");
    }

    @Test
    void bindsAndKeepsDefaults() {
        Task task = (Task) bind("{\"name\":\"a\",\"count\":2,\"owner_id\":\"o\",\"inner\":{\"id\":\"i\"}}", Task.class);
        assertEquals("a", task.name);
        assertEquals(2, task.count);
        assertEquals("fast", task.mode);
        assertNull(task.comment);
    }

    @Test
    void missingRequiredFieldIsNamed() {
        assertEquals("invalid params of M: field 'name' is required but missing or null",
                fails("{\"count\":2,\"owner_id\":\"o\",\"inner\":{\"id\":\"i\"}}", Task.class).getMessage());
        assertEquals("invalid params of M: field 'owner_id' is required but missing or null",
                fails("{\"name\":\"a\",\"inner\":{\"id\":\"i\"}}", Task.class).getMessage());
        assertEquals("invalid params of M: field 'inner.id' is required but missing or null",
                fails("{\"name\":\"a\",\"owner_id\":\"o\",\"inner\":{}}", Task.class).getMessage());
        assertEquals("invalid params of M: field 'name' is required but missing or null",
                fails("{\"name\":null,\"owner_id\":\"o\",\"inner\":{\"id\":\"i\"}}", Task.class).getMessage());
    }

    @Test
    void wrongTypeIsNamed() {
        assertEquals("invalid params of M: field 'count' has the wrong type: expected an integer, got the string \"many\"",
                fails("{\"name\":\"a\",\"count\":\"many\"}", Task.class).getMessage());
        assertEquals("invalid params of M: field 'inner' has the wrong type: expected an object (Inner), got the number 5",
                fails("{\"name\":\"a\",\"inner\":5}", Task.class).getMessage());
        assertEquals("invalid params of M: field 'inner.id' has the wrong type: expected a string, got an object",
                fails("{\"name\":\"a\",\"inner\":{\"id\":{}}}", Task.class).getMessage());
        assertEquals("invalid params of M: field 'x' has the wrong type: expected an integer, got the string \"one\"",
                fails("{\"x\":\"one\",\"label\":\"p\"}", Point.class).getMessage());
    }

    @Test
    void recordsAreChecked() {
        assertEquals(new Point(1, "p"), bind("{\"x\":1,\"label\":\"p\"}", Point.class));
        assertEquals("invalid params of M: field 'label' is required but missing or null",
                fails("{\"x\":1}", Point.class).getMessage());
    }

    @Test
    void arrayForAnObjectIsRefused() {
        assertEquals("invalid params of M: expected an object with named fields, got an array",
                fails("[1,2]", Task.class).getMessage());
    }

    @Test
    void specialTypes() throws java.io.IOException {
        assertNull(bind("{\"a\":1}", Void.class));
        assertEquals(StrictJson.parse("[1]"), bind("[1]", JsonElement.class));
        assertEquals(List.of(1.0, 2.0), bind("[1,2]", List.class));
        assertEquals(com.google.gson.JsonNull.INSTANCE, binding.absent(JsonElement.class), "absent params as JSON");
        assertNull(binding.absent(Void.class));
        assertEquals("field 'name' is required but missing or null",
                assertThrows(Binding.Refusal.class, () -> binding.absent(Task.class)).getMessage(),
                "absent params are an empty object: the required fields are missing");
    }

    @Test
    void mapsBindFromTheBytesAsGsonBindsThem() {
        assertEquals(java.util.Map.of("a", 1, "b", 2), ((MapHolder) bind("{\"counts\":{\"a\":1,\"b\":2}}", MapHolder.class)).counts);
        assertEquals("invalid params of M: field 'counts' has the wrong type: expected an object (Map), got the number 5",
                fails("{\"counts\":5}", MapHolder.class).getMessage());
    }

    static final class MapHolder {
        java.util.Map<String, Integer> counts;
    }
}
