package dev.localipc.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageAndFramesTest {

    @Test
    void classifiesMessages() {
        assertEquals(Message.Kind.REQUEST, Message.of(StrictJson.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"}")).kind());
        assertEquals(Message.Kind.NOTIFICATION, Message.of(StrictJson.parse("{\"jsonrpc\":\"2.0\",\"method\":\"m\"}")).kind());
        assertEquals(Message.Kind.RESPONSE, Message.of(StrictJson.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}")).kind());
        assertEquals(Message.Kind.RESPONSE, Message.of(StrictJson.parse(
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"x\"}}")).kind());
    }

    @Test
    void methodNamesAreEncodedExactlyAsGsonEncodesThem() {
        Frames frames = new Frames(Frames.defaultGson());
        for (String method : new String[] {"bench.msg", "a\"b", "back\\slash", "tab\there", "del\u007f", "caf\u00e9",
                "line\u2028sep", "<html>&", ""}) {
            String quoted = Frames.defaultGson().toJson(method);
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":" + quoted + "}\n",
                    new String(frames.notification(method, null), StandardCharsets.UTF_8), method);
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":" + quoted + "}\n",
                    new String(frames.request(7, method, null), StandardCharsets.UTF_8), method);
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
    }

    @Test
    void rejectsWhatIsNotJsonRpc() {
        assertEquals("\"jsonrpc\" must be \"2.0\"", Message.of(StrictJson.parse("{\"id\":1,\"method\":\"m\"}")).problem());
        assertEquals("\"jsonrpc\" must be \"2.0\"", Message.of(StrictJson.parse("{\"jsonrpc\":2.0,\"id\":1,\"method\":\"m\"}")).problem(),
                "the version is the string \"2.0\", not the number");
        assertEquals(Message.Kind.INVALID, Message.of(StrictJson.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}")).kind());
        assertEquals(Message.Kind.INVALID, Message.of(StrictJson.parse("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"m\"}")).kind());
        assertEquals(Message.Kind.INVALID, Message.of(StrictJson.parse("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":3}")).kind());
        assertEquals(Message.Kind.INVALID, Message.of(StrictJson.parse("42")).kind());
        assertEquals(Message.Kind.INVALID, Message.of(StrictJson.parse("{\"jsonrpc\":\"2.0\"}")).kind());
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
        byte[] frame = frames.notification("note", Map.of("text", "a\nb<&>"));
        String text = new String(frame, StandardCharsets.UTF_8);
        assertEquals(text.indexOf('\n'), text.length() - 1);
        assertFalse(text.contains(" "), text);
    }

    @Test
    void clientInfoIsWrittenWithoutReflection() {
        Frames frames = new Frames(new GsonBuilder().create());
        dev.localipc.core.ClientInfo info = new dev.localipc.core.ClientInfo("a3f7b9c2d1e4", "s", 42, -1, "tool/1.0",
                java.time.Instant.parse("2026-01-01T00:00:00Z"), 1, 2, 3, 4);
        String json = frames.result(new JsonPrimitive(1), java.util.List.of(info));
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
                new String(frames.request(3, "m", Map.of("a", "<b>")), StandardCharsets.UTF_8));
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.bye\"}\n",
                new String(frames.notification("ipc.bye", null), StandardCharsets.UTF_8));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":null}", frames.result(new JsonPrimitive("x"), null));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32002,\"message\":\"too \\\"big\\\"\"}}\n",
                new String(Frames.connectionError(-32002, "too \"big\""), StandardCharsets.UTF_8));
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.event\",\"params\":{\"topic\":\"t\",\"seq\":42,\"data\":{\"n\":1}}}\n",
                new String(new EventFrame("t", "{\"n\":1}").withSeq(42), StandardCharsets.UTF_8));
    }
}
