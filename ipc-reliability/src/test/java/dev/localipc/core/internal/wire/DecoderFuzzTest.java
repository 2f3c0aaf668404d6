package dev.localipc.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import dev.localipc.core.RpcErrorException;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing (Jazzer) of the one decoder against Gson as the oracle: for any bytes,
 * {@link MessageDecoder} must decide what Gson's strict parser and JSON-RPC's rules decide
 * ({@link StrictJson}, the reference classifier {@code Message} in ipc-core's tests, Gson's
 * binding from the text), with the same words: the same -32700 for bytes that are not UTF-8 or
 * not JSON, the same -32600 for JSON that is not JSON-RPC, the same kind, id and method, params
 * and results equal field by field where Gson binds them, and the same -32602 where it does not.
 * Before the redesign this test held the fast path to the general path; its seeds (F5, F6)
 * are kept.
 *
 * <p>In the normal build Jazzer runs the seeds under
 * {@code src/test/resources/dev/localipc/core/internal/wire/DecoderFuzzTestInputs/} only. To fuzz:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl ipc-reliability -am verify -Dtest=DecoderFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false '-Dsurefire.argLine=-Djazzer.instrument=dev.localipc.**,com.google.gson.**'}
 * (5 minutes; docs/RELIABILITY.md).
 */
class DecoderFuzzTest {
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

    /** The same with a map (read through {@code MapKeys}). */
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

    private static final Gson GSON = new Frames(Frames.defaultGson()).gson();
    private static final Binding BINDING = new Binding(GSON);
    private static final ParamsTarget PARAMS = () -> Params.class;
    private static final ParamsTarget MAP_PARAMS = () -> MapParams.class;
    private static final PendingCall PENDING = new PendingCall() {
        @Override
        public String method() {
            return "r";
        }

        @Override
        public java.lang.reflect.Type resultType() {
            return Params.class;
        }
    };
    private static final Targets TARGETS = new Targets() {
        @Override
        public ParamsTarget target(String method, boolean request) {
            return switch (method) {
                case "n", "r" -> PARAMS;
                case "m" -> MAP_PARAMS;
                default -> null;
            };
        }

        @Override
        public PendingCall pending(long id) {
            return id >= 0 && id < 4 ? PENDING : null;
        }
    };

    @FuzzTest(maxDuration = "5m")
    void decoderAgreesWithGson(byte[] frame) {
        for (byte b : frame) {
            if (b == '\n') {
                return; // not a frame: the reader splits there
            }
        }
        Inbound decoded = new MessageDecoder(TARGETS, BINDING).decode(frame, 0, frame.length);
        String text;
        try {
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(frame)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            assertRefused(decoded, -32700, "not UTF-8");
            return;
        }
        JsonElement json;
        try {
            json = StrictJson.parse(text);
        } catch (JsonParseException e) {
            assertEquals(new Inbound.Invalid(null, -32700, "parse error: " + e.getMessage(), true), decoded, text);
            return;
        }
        if (json.isJsonArray()) {
            if (json.getAsJsonArray().isEmpty()) {
                assertEquals(new Inbound.Invalid(null, -32600, "invalid request: empty batch", true), decoded, text);
                return;
            }
            Inbound.Batch batch = (Inbound.Batch) decoded;
            assertEquals(json.getAsJsonArray().size(), batch.members().size(), text);
            for (int i = 0; i < batch.members().size(); i++) {
                agree(json.getAsJsonArray().get(i), batch.members().get(i), text);
            }
            return;
        }
        agree(json, decoded, text);
    }

    /** The decoder read {@code element} of the frame {@code text} as {@code decoded}: as Gson and JSON-RPC's rules read it. */
    private static void agree(JsonElement element, Inbound decoded, String text) {
        Message message = Message.of(element);
        switch (message.kind()) {
            case INVALID -> assertEquals(new Inbound.Invalid(message.id(), -32600, "invalid request: " + message.problem(), true),
                    decoded, text);
            case RESPONSE -> {
                Inbound.Response response = (Inbound.Response) decoded;
                assertEquals(message.id(), response.id(), text);
                assertEquals(message.error(), response.error(), text);
                if (response.call() != null && message.error() == null && element.getAsJsonObject().has("result")) {
                    String mismatch = BINDING.resultMismatch(message.result(), Params.class);
                    assertEquals(mismatch, response.mismatch(), text);
                    if (mismatch == null) {
                        assertEquals(GSON.toJson(GSON.fromJson(message.result().toString(), Params.class)),
                                GSON.toJson(response.result()), text);
                    }
                }
            }
            default -> {
                boolean request = message.kind() == Message.Kind.REQUEST;
                ParamsTarget target = TARGETS.target(message.method(), request);
                if (target == null) {
                    assertEquals(request ? new Inbound.Request(message.id(), message.method(), null, null)
                            : new Inbound.Notification(message.method(), null, null), decoded, text);
                    return;
                }
                RpcErrorException refused = BINDING.explain(message.params(), target.paramsType(), "params of ", message.method());
                if (refused != null) {
                    assertEquals(new Inbound.Invalid(request ? message.id() : null, -32602, refused.getMessage(), request),
                            decoded, text);
                    return;
                }
                Object bound = request ? ((Inbound.Request) decoded).params() : ((Inbound.Notification) decoded).params();
                if (request) {
                    assertEquals(message.id(), ((Inbound.Request) decoded).id(), text);
                }
                Object expected = message.params() == null ? null : GSON.fromJson(message.params().toString(), target.paramsType());
                assertEquals(GSON.toJson(expected), GSON.toJson(bound), text);
            }
        }
    }

    private static void assertRefused(Inbound decoded, int code, String why) {
        if (!(decoded instanceof Inbound.Invalid invalid) || invalid.code() != code) {
            fail("expected " + code + " (" + why + "), got " + decoded);
        }
    }
}
