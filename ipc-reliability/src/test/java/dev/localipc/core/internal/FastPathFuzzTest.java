package dev.localipc.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import dev.localipc.core.RpcErrorException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing (Jazzer) of the fast path against the general path: whatever frame
 * {@link FastPath} decodes (from its bytes with {@link FrameJsonReader}, or from its text with
 * Gson's reader), the general path ({@link StrictJson}, {@link Message}, {@link ParamsBinder} for
 * params and results) must accept too and read as the same message: same kind, id and method, and
 * params or result equal field by field. A frame the fast path leaves alone is not checked here
 * (the general path's answers are checked by the protocol suite and {@code FrameDecoderFuzzTest}).
 *
 * <p>In the normal build Jazzer runs the seeds under
 * {@code src/test/resources/dev/localipc/core/internal/FastPathFuzzTestInputs/} only. To fuzz:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl ipc-reliability -am verify -Dtest=FastPathFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false '-Dsurefire.argLine=-Djazzer.instrument=dev.localipc.**,com.google.gson.**'}
 * (5 minutes; docs/RELIABILITY.md).
 */
class FastPathFuzzTest {
    /** Params with a field of each kind that Gson binds differently; only {@code s} is required. */
    static final class Params {
        String s;
        int i;
        long l;
        double d;
        boolean b;
        @Nullable
        Integer boxed;
        @Nullable
        List<String> list;
        @Nullable
        Inner inner;
        @Nullable
        Kind kind;
    }

    /** The same with a map, which the byte reader leaves to Gson's reader over the text. */
    static final class MapParams {
        String s;
        @Nullable
        Map<String, Integer> map;
    }

    /** An enum field. */
    enum Kind { ONE, TWO }

    /** A nested application class (its required fields are checked too). */
    static final class Inner {
        String name;
        int n;
    }

    /** Any annotation named Nullable makes a field optional (docs/PROTOCOL.md, "Typed params"). */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @interface Nullable {
    }

    private static final Gson GSON = Frames.defaultGson();
    private static final HandlerTable HANDLERS;

    static {
        HandlerTable.Builder handlers = HandlerTable.builder();
        handlers.<Params>notification("n", Params.class, (ctx, p) -> { });
        handlers.<Params>request("r", Params.class, (ctx, p) -> p);
        handlers.<MapParams>notification("m", MapParams.class, (ctx, p) -> { });
        HANDLERS = handlers.build();
    }

    @FuzzTest(maxDuration = "5m")
    void fastPathAgreesWithTheGeneralPath(byte[] frame) {
        Map<Long, CallFuture<?>> pending = new HashMap<>();
        for (long id = 0; id < 4; id++) {
            pending.put(id, new CallFuture<>(null, id, "r", Params.class, Long.MAX_VALUE));
        }
        FastPath fastPath = new FastPath(HANDLERS, GSON, pending::get);
        boolean ascii = true;
        for (byte b : frame) {
            ascii &= b >= 0 && b != '\n';
        }
        FastPath.Decoded decoded;
        String text;
        if (ascii) {
            decoded = fastPath.decode(frame, 0, frame.length);
            text = new String(frame, StandardCharsets.ISO_8859_1);
        } else {
            text = new String(frame, StandardCharsets.UTF_8);
            if (text.indexOf('\n') >= 0 || text.indexOf('\ufffd') >= 0) {
                return; // not a frame the reader would hand over as text
            }
            decoded = fastPath.decode(text);
        }
        if (decoded == null) {
            return;
        }
        JsonElement json;
        try {
            json = StrictJson.parse(text);
        } catch (JsonParseException e) {
            fail("the fast path decoded a frame that the general path refuses (" + e.getMessage() + "): " + text);
            return;
        }
        Message message = Message.of(json);
        switch (decoded.kind) {
            case RESULT:
                assertEquals(Message.Kind.RESPONSE, message.kind(), text);
                assertEquals(new JsonPrimitive(decoded.id), message.id(), text);
                Object result;
                try {
                    result = new ParamsBinder(GSON).readAsText(message.result(), Params.class);
                } catch (JsonParseException e) {
                    fail("the fast path bound a result that the general path refuses (" + e.getMessage() + "): " + text);
                    return;
                }
                assertEquals(GSON.toJson(result), GSON.toJson(decoded.value), text);
                return;
            case REQUEST:
                assertEquals(Message.Kind.REQUEST, message.kind(), text);
                assertEquals(new JsonPrimitive(decoded.id), message.id(), text);
                break;
            default:
                assertEquals(Message.Kind.NOTIFICATION, message.kind(), text);
        }
        assertEquals(message.method(), decoded.method, text);
        Object bound;
        try {
            bound = new ParamsBinder(GSON).bind(message.params(), message.method().equals("m") ? MapParams.class : Params.class,
                    "params of ", message.method());
        } catch (RpcErrorException e) {
            fail("the fast path bound params that the general path refuses (" + e.getMessage() + "): " + text);
            return;
        }
        assertNotNull(bound, text);
        assertEquals(GSON.toJson(bound), GSON.toJson(decoded.value), text);
    }
}
