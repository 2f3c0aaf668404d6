package dev.localipc.core.internal;

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

class ParamsBinderTest {
    private final ParamsBinder binder = new ParamsBinder(Frames.defaultGson());

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

    private Object bind(String json, Class<?> type) {
        return binder.bind(StrictJson.parse(json), type, "params of M");
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
    void specialTypes() {
        assertNull(binder.bind(StrictJson.parse("{\"a\":1}"), Void.class, "params of M"));
        JsonElement raw = StrictJson.parse("[1]");
        assertEquals(raw, binder.bind(raw, JsonElement.class, "params of M"));
        assertEquals(List.of(1.0, 2.0), binder.bind(StrictJson.parse("[1,2]"), List.class, "params of M"));
        assertEquals("invalid params of M: field 'name' is required but missing or null",
                assertThrows(RpcErrorException.class, () -> binder.bind(null, Task.class, "params of M")).getMessage());
    }
}
