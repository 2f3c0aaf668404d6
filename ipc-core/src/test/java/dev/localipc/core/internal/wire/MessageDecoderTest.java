package dev.localipc.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one decoder (one pass, any member order, errors worded as the protocol says) and the encoder. */
class MessageDecoderTest {
    record Pair(Integer a, Integer b) {
    }

    private static final ParamsTarget PAIR = () -> Pair.class;
    private static final PendingCall PENDING = new PendingCall() {
        @Override
        public String method() {
            return "add";
        }

        @Override
        public java.lang.reflect.Type resultType() {
            return Pair.class;
        }
    };

    private final MessageDecoder decoder = new MessageDecoder(new Targets() {
        @Override
        public ParamsTarget target(String method, boolean request) {
            return method.equals("add") ? PAIR : null;
        }

        @Override
        public PendingCall pending(long id) {
            return id == 7 ? PENDING : null;
        }
    }, new Binding(new Frames(Frames.defaultGson()).gson()));

    private Inbound decode(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        return decoder.decode(bytes, 0, bytes.length);
    }

    private Inbound.Invalid refused(String frame) {
        Inbound decoded = decode(frame);
        org.junit.jupiter.api.Assertions.assertInstanceOf(Inbound.Invalid.class, decoded, frame);
        return (Inbound.Invalid) decoded;
    }

    @Test
    void readsEveryMemberOrderAndBindsTheParamsInTheSamePass() {
        for (String frame : new String[] {
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":{\"a\":2,\"b\":3}}",
            "{\"params\":{\"a\":2,\"b\":3},\"method\":\"add\",\"id\":1,\"jsonrpc\":\"2.0\"}",
            "{\"id\":1,\"params\":{\"b\":3,\"a\":2},\"jsonrpc\":\"2.0\",\"method\":\"add\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"id\":1,\"params\":{\"a\":9},\"method\":\"add\",\"params\":{\"a\":2,\"b\":3}}",
        }) {
            Inbound decoded = decode(frame);
            assertEquals(new Inbound.Request(new JsonPrimitive(1L), "add", PAIR, new Pair(2, 3)), decoded, frame);
        }
        assertEquals(new Inbound.Notification("add", PAIR, new Pair(1, 1)),
                decode("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":{\"a\":1,\"b\":1}}"));
        assertEquals(new Inbound.Request(new JsonPrimitive("s"), "nope", null, null),
                decode("{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"method\":\"nope\",\"params\":[1,{\"x\":\"\u00e9\"}]}"));
    }

    @Test
    void aMemberNamedTwiceHoldsItsLastValueAsInGsonsTreeAndJsonParse() {
        // found by fuzzing: the frame's first "a" does not fit an Integer; read in one pass it was
        // refused (-32602 "internal error" and an ERROR log), where the tree keeps the last "a" only
        assertEquals(new Inbound.Request(new JsonPrimitive(1L), "add", PAIR, new Pair(2, 3)),
                decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":{\"a\":21474147483,\"b\":3,\"a\":2}}"));
        assertEquals(new Pair(2, 3), ((Inbound.Response) decode("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"a\":\"x\",\"a\":2,\"b\":3}}"))
                .result());
        assertEquals("invalid params of add: field 'a' has the wrong type: expected an integer, got the number 21474147483",
                refused("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":{\"a\":2,\"a\":21474147483}}").message(),
                "the last value decides both ways");
    }

    @Test
    void bindsAResultToThePendingRequestsType() {
        Inbound.Response response = (Inbound.Response) decode("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"a\":1,\"b\":2}}");
        assertEquals(new Pair(1, 2), response.result());
        assertEquals(PENDING, response.call());
        Inbound.Response late = (Inbound.Response) decode("{\"result\":{\"a\":1},\"id\":8,\"jsonrpc\":\"2.0\"}");
        assertEquals(null, late.call());
        Inbound.Response mismatch = (Inbound.Response) decode("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"a\":\"x\"}}");
        assertEquals(PENDING, mismatch.call());
        org.junit.jupiter.api.Assertions.assertNotNull(mismatch.mismatch());
    }

    @Test
    void refusalsAreWordedAsThePeerSeesThem() {
        assertEquals("invalid request: \"jsonrpc\" must be \"2.0\"", refused("{\"id\":1,\"method\":\"m\"}").message());
        assertEquals("invalid request: \"jsonrpc\" must be \"2.0\"", refused("{\"jsonrpc\":2.0,\"id\":1,\"method\":\"m\"}").message());
        assertEquals("invalid request: \"method\" must be a string", refused("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}").message());
        assertEquals("invalid request: \"id\" must be a string, a number or null",
                refused("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"m\"}").message());
        assertEquals("invalid request: \"params\" must be an object or an array",
                refused("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":3}").message());
        assertEquals("invalid request: a JSON-RPC message must be an object, not a number", refused("42").message());
        assertEquals("invalid request: empty batch", refused("[]").message());
        Inbound.Invalid badParams = refused("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"add\",\"params\":{\"a\":\"two\"}}");
        assertEquals(-32602, badParams.code());
        assertEquals("invalid params of add: field 'a' has the wrong type: expected an integer, got the string \"two\"",
                badParams.message());
        assertEquals(new JsonPrimitive(4L), badParams.id());
        Inbound.Invalid badNotification = refused("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1]}");
        assertFalse(badNotification.answer(), "a notification is never answered, only logged");
        Inbound.Invalid notUtf8 = (Inbound.Invalid) decoder.decode(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, 0, 6);
        assertEquals(-32700, notUtf8.code());
        assertEquals("parse error: frame of 6 bytes is not valid UTF-8 (Input length = 1)", notUtf8.message());
        assertEquals(-32700, refused("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":{\"a\":1}} x").code());
        assertEquals("parse error: a string holds the lone surrogate \\ud800, which is not Unicode text; escape a character"
                + " outside the BMP as a surrogate pair", refused("{\"jsonrpc\":\"2.0\",\"method\":\"m\\ud800\"}").message());
    }

    @Test
    void aBatchBindsEachMemberAlone() {
        Inbound.Batch batch = (Inbound.Batch) decode("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":{\"a\":\"x\"}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"add\",\"params\":{\"a\":1,\"b\":2}},7]");
        assertEquals(-32602, ((Inbound.Invalid) batch.members().get(0)).code());
        assertEquals(new Pair(1, 2), ((Inbound.Request) batch.members().get(1)).params());
        assertEquals("invalid request: a JSON-RPC message must be an object, not a number",
                ((Inbound.Invalid) batch.members().get(2)).message());
    }


    @Test
    void methodNamesAreEncodedExactlyAsGsonEncodesThem() {
        Frames frames = new Frames(Frames.defaultGson());
        for (String method : new String[] {"bench.msg", "a\"b", "back\\slash", "tab\there", "del\u007f", "caf\u00e9",
                "line\u2028sep", "<html>&", ""}) {
            String quoted = Frames.defaultGson().toJson(method);
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":" + quoted + "}\n",
                    new String(frames.notificationFrame(method, null), StandardCharsets.UTF_8), method);
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":" + quoted + "}\n",
                    new String(frames.request(7, method, null).toByteArray(), StandardCharsets.UTF_8), method);
        }
    }

    @Test
    void loneSurrogatesAreRefusedAndPairsKept() {
        com.google.gson.JsonParseException lone = org.junit.jupiter.api.Assertions.assertThrows(com.google.gson.JsonParseException.class,
                () -> StrictJson.parse("[\"a\\ud800\"]"));
        assertEquals("a string holds the lone surrogate \\ud800, which is not Unicode text; escape a character outside the BMP"
                + " as a surrogate pair", lone.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(com.google.gson.JsonParseException.class, () -> StrictJson.parse("{\"\\uDFFF\":1}"));
        assertEquals("\uD83D\uDE00", StrictJson.parse("[\"\\ud83d\\ude00\"]").getAsJsonArray().get(0).getAsString());
        assertEquals("\\ud800", StrictJson.parse("[\"\\\\ud800\"]").getAsJsonArray().get(0).getAsString(), "an escaped backslash, then text");

        // found by fuzzing: the lone surrogate is in a value that a duplicate member replaces, so the tree
        // no longer holds it, but the frame decoder refuses the escape where it reads it
        String replaced = "{\"js.2.0ams\":{\"s\":\"j{sond@\\ude00\",\"s\":1.0}}";
        assertEquals("parse error: a string holds the lone surrogate \\ude00, which is not Unicode text; escape a character"
                + " outside the BMP as a surrogate pair", refused(replaced).message());
        org.junit.jupiter.api.Assertions.assertThrows(com.google.gson.JsonParseException.class, () -> StrictJson.parse("[\"\\ud800\\u0041\"]"),
                "a high surrogate followed by an escape that is not a low one");
    }

    @Test
    void strictParserRefusesLenientJson() {
        assertThrows(JsonParseException.class, () -> StrictJson.parse("{'a':1}"));
        assertThrows(JsonParseException.class, () -> StrictJson.parse("{a:1}"));
        assertThrows(JsonParseException.class, () -> StrictJson.parse("{\"a\":1} x"));
        assertThrows(JsonParseException.class, () -> StrictJson.parse("{\"a\":1"));
        assertThrows(JsonParseException.class, () -> StrictJson.parse("[1,]"));
    }

    @Test
    void framesAreCompactOneLineEvenWithAPrettyGson() {
        Frames frames = new Frames(new GsonBuilder().setPrettyPrinting().create());
        byte[] frame = frames.notificationFrame("note", Map.of("text", "a\nb<&>"));
        String text = new String(frame, StandardCharsets.UTF_8);
        assertEquals(text.indexOf('\n'), text.length() - 1);
        assertFalse(text.contains(" "), text);
    }

    @Test
    void clientInfoIsWrittenWithoutReflection() {
        Frames frames = new Frames(new GsonBuilder().create());
        dev.localipc.core.ClientInfo info = new dev.localipc.core.ClientInfo("a3f7b9c2d1e4", "s", 42, -1, "tool/1.0",
                java.time.Instant.parse("2026-01-01T00:00:00Z"), 1, 2, 3, 4);
        String json = new String(frames.result(new JsonPrimitive(1), java.util.List.of(info)), StandardCharsets.UTF_8).trim();
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{\"clientId\":\"a3f7b9c2d1e4\",\"session\":\"s\",\"pid\":42,"
                + "\"clientName\":\"tool/1.0\",\"connectedAt\":\"2026-01-01T00:00:00Z\",\"messagesIn\":1,\"messagesOut\":2,"
                + "\"bytesIn\":3,\"bytesOut\":4}]}", json);
        assertEquals(info.toString(), frames.gson().fromJson(json.substring(json.indexOf('[') + 1, json.length() - 2),
                dev.localipc.core.ClientInfo.class).toString());
    }

    @Test
    void exactEncodings() {
        Frames frames = new Frames(Frames.defaultGson());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"m\",\"params\":{\"a\":\"<b>\"}}\n",
                new String(frames.request(3, "m", Map.of("a", "<b>")).toByteArray(), StandardCharsets.UTF_8));
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.bye\"}\n",
                new String(frames.notificationFrame("ipc.bye", null), StandardCharsets.UTF_8));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":null}\n", new String(frames.result(new JsonPrimitive("x"), null), StandardCharsets.UTF_8));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32002,\"message\":\"too \\\"big\\\"\"}}\n",
                new String(Frames.connectionError(-32002, "too \"big\""), StandardCharsets.UTF_8));
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.event\",\"params\":{\"topic\":\"t\",\"seq\":42,\"data\":{\"n\":1}}}\n",
                new String(new EventFrame("t", "{\"n\":1}").withSeq(42), StandardCharsets.UTF_8));
    }
}
