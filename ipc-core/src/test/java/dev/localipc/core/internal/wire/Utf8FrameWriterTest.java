package dev.localipc.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8FrameWriterTest {

    /** Characters that exercise every branch: ASCII, 2- and 3-byte, both surrogate halves alone and paired. */
    private static final char[] ALPHABET = {'a', 'Z', '"', '\\', '\n', '\u0000', '\u007f', '\u0080', '\u00e9', '\u07ff', '\u0800',
        '\u20ac', '\u2028', '\uffff', '\ud83d', '\ude00', '\ud800', '\udfff'};

    @Test
    void encodesExactlyAsStringGetBytesWhateverTheChunks() {
        Random random = new Random(20261121);
        for (int round = 0; round < 20_000; round++) {
            char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
            }
            String text = new String(chars);
            Utf8FrameWriter out = new Utf8FrameWriter();
            int i = 0;
            while (i < chars.length) {
                int chunk = Math.min(chars.length - i, 1 + random.nextInt(5));
                switch (random.nextInt(3)) {
                    case 0:
                        out.write(chars, i, chunk);
                        break;
                    case 1:
                        out.write(text, i, chunk);
                        break;
                    default:
                        for (int k = 0; k < chunk; k++) {
                            out.write(chars[i + k]);
                        }
                }
                i += chunk;
            }
            assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), out.toByteArray(), "text " + escape(text));
        }
    }

    @Test
    void aLoneHighSurrogateAtTheEndOrBeforeBytesIsAQuestionMark() {
        Utf8FrameWriter out = new Utf8FrameWriter();
        out.write("a\ud83d");
        out.appendBytes(new byte[] {'}'});
        out.write("\ud83d");
        assertEquals("a?}?", new String(out.toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void writesDecimalsAndIsEmptyAfterReset() {
        Utf8FrameWriter out = new Utf8FrameWriter();
        for (long value : new long[] {0, 7, 10, -1, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(Long.toString(value), new String(out.reset().appendDecimal(value).toByteArray(), StandardCharsets.US_ASCII));
        }
        assertEquals(0, out.reset().toByteArray().length);
    }

    @Test
    void growsForLargeFramesAndLetsGoOfThemOnReset() {
        Utf8FrameWriter out = Utf8FrameWriter.forThisThread();
        String large = "x".repeat(200_000) + "\u20ac";
        out.write(large);
        assertArrayEquals(large.getBytes(StandardCharsets.UTF_8), out.toByteArray());
        assertEquals(0, Utf8FrameWriter.forThisThread().toByteArray().length);
    }

    @Test
    void framesAreTheBytesGsonWritesIntoAStringBuilder() {
        Gson gson = new GsonBuilder().disableHtmlEscaping().create();
        Frames frames = new Frames(gson);
        JsonObject tree = new JsonObject();
        tree.addProperty("t", "h\u00e9llo \ud83d\ude00 \u2028 \"q\" \\ \ud800");
        List<Object> values = List.of(Map.of("a", 1), tree, List.of("x", 2.5, true), "plain", 42, new Sample());
        for (Object params : values) {
            String expected = "{\"jsonrpc\":\"2.0\",\"method\":\"m\u00e9th\\\"od\",\"params\":" + frames.gson().toJson(params) + "}\n";
            assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), frames.notificationFrame("m\u00e9th\"od", params), expected);
            String request = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"plain\",\"params\":" + frames.gson().toJson(params) + "}\n";
            assertArrayEquals(request.getBytes(StandardCharsets.UTF_8), frames.request(9, "plain", params).toByteArray(), request);
            String result = "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":" + frames.gson().toJson(params) + "}\n";
            assertArrayEquals(result.getBytes(StandardCharsets.UTF_8),
                    frames.result(new com.google.gson.JsonPrimitive("x"), params), result);
        }
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":null}\n", new String(frames.result(null, null), StandardCharsets.UTF_8));
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"n\"}\n", new String(frames.notificationFrame("n", null), StandardCharsets.UTF_8));
    }

    @Test
    void aFrameEncodedWhileAnotherIsBeingEncodedOnTheSameThreadGetsItsOwnBuffer() {
        // an application's type adapter that sends a frame of its own while its value is written
        java.util.List<byte[]> inner = new java.util.ArrayList<>();
        Frames[] frames = new Frames[1];
        Gson gson = new GsonBuilder().registerTypeAdapter(Sample.class, new com.google.gson.TypeAdapter<Sample>() {
            @Override
            public void write(com.google.gson.stream.JsonWriter out, Sample value) throws java.io.IOException {
                inner.add(frames[0].notificationFrame("inner", Map.of("k", "v")));
                out.value(value.name);
            }

            @Override
            public Sample read(com.google.gson.stream.JsonReader in) {
                throw new UnsupportedOperationException();
            }
        }).create();
        frames[0] = new Frames(gson);
        Utf8FrameWriter outer = frames[0].request(5, "outer", new Sample());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"outer\",\"params\":\"\u00e9t\u00e9\"}\n",
                new String(outer.array(), 0, outer.length(), StandardCharsets.UTF_8));
        outer.release();
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"inner\",\"params\":{\"k\":\"v\"}}\n", new String(inner.get(0), StandardCharsets.UTF_8));
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"n\"}\n", new String(frames[0].notificationFrame("n", null), StandardCharsets.UTF_8));
    }

    /** A class bound by Gson's reflective adapter, with a non-ASCII string. */
    static final class Sample {
        String name = "\u00e9t\u00e9";
        int count = 3;
        double ratio = 0.5;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }
}
