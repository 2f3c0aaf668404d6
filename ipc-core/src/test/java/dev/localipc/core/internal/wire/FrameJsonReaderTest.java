package dev.localipc.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.annotations.SerializedName;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameJsonReader} against Gson's strict {@link JsonReader}: for every input (as UTF-8) and
 * every way of reading it, the same record of tokens and values, or a throw where Gson throws too
 * or where the protocol refuses more on purpose (a lone escaped surrogate, a control character in
 * a skipped string).
 */
class FrameJsonReaderTest {
    private static final String THREW = "THREW";
    private static final Pattern ESCAPED_SURROGATE = Pattern.compile("\\\\u[dD][89a-fA-F]");
    /** Bytes around the range read: a reader that reads past its end would see them. */
    private static final byte[] BEFORE = "[{\"".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] AFTER = "\"}]1 ".getBytes(StandardCharsets.ISO_8859_1);
    private static final Gson GSON = new Gson();

    /** How the walker reads numbers (and whether it skips). */
    enum Mode { STRING, LONG, INT, DOUBLE, SKIP }

    // ---------------------------------------------------------------- the walker

    private static JsonReader gsonReader(String text) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        return reader;
    }

    /** A FrameJsonReader over {@code text}'s UTF-8 bytes in the middle of a larger array. */
    private static FrameJsonReader frameReader(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[BEFORE.length + bytes.length + AFTER.length];
        System.arraycopy(BEFORE, 0, frame, 0, BEFORE.length);
        System.arraycopy(bytes, 0, frame, BEFORE.length, bytes.length);
        System.arraycopy(AFTER, 0, frame, BEFORE.length + bytes.length, AFTER.length);
        return new FrameJsonReader().reset(frame, BEFORE.length, BEFORE.length + bytes.length);
    }

    /** Reads everything generically, recording each token with its value; a throw ends the record. */
    static List<String> walk(JsonReader reader, Mode mode) {
        List<String> record = new ArrayList<>();
        try {
            for (int step = 0; step < 100_000; step++) {
                if (mode != Mode.SKIP) {
                    record.add("has " + reader.hasNext());
                }
                JsonToken token = reader.peek();
                if (mode == Mode.SKIP && step % 3 == 1) {
                    reader.skipValue();
                    record.add("skip " + token);
                    if (token == JsonToken.END_DOCUMENT) {
                        return record;
                    }
                    continue;
                }
                switch (token) {
                    case BEGIN_ARRAY -> {
                        reader.beginArray();
                        record.add("[");
                    }
                    case END_ARRAY -> {
                        reader.endArray();
                        record.add("]");
                    }
                    case BEGIN_OBJECT -> {
                        reader.beginObject();
                        record.add("{");
                    }
                    case END_OBJECT -> {
                        reader.endObject();
                        record.add("}");
                    }
                    case NAME -> record.add("N:" + reader.nextName());
                    case STRING -> record.add("S:" + reader.nextString());
                    case BOOLEAN -> record.add("B:" + reader.nextBoolean());
                    case NULL -> {
                        reader.nextNull();
                        record.add("null");
                    }
                    case NUMBER -> record.add(switch (mode) {
                        case LONG -> "L:" + reader.nextLong();
                        case INT -> "I:" + reader.nextInt();
                        case DOUBLE -> "D:" + reader.nextDouble();
                        default -> "#:" + reader.nextString();
                    });
                    case END_DOCUMENT -> {
                        record.add("END");
                        return record;
                    }
                }
            }
            record.add("too many steps");
        } catch (IOException | RuntimeException e) {
            record.add(THREW);
        }
        return record;
    }

    /**
     * Walks {@code text} with both readers and asserts FrameJsonReader's record is Gson's, or Gson's
     * up to a throw of FrameJsonReader where Gson throws too or that is a refusal on purpose.
     * Returns FrameJsonReader's record.
     */
    private static List<String> compare(String given, Mode mode, String context) {
        // what a peer can send: the text as UTF-8 (a lone surrogate char cannot be; it becomes '?')
        String text = new String(given.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        List<String> gson = walk(gsonReader(text), mode);
        FrameJsonReader reader = frameReader(text);
        List<String> ours = walk(reader, mode);
        String where = context + " mode " + mode + " input <" + printable(text) + ">\n gson " + gson + "\n ours " + ours;
        if (ours.equals(gson)) {
            boolean complete = last(ours).equals("END") || last(ours).equals("skip END_DOCUMENT");
            assertEquals(complete, reader.atEnd(), "atEnd: " + where);
            return ours;
        }
        int k = ours.size() - 1;
        assertEquals(THREW, ours.get(k), "differs without throwing: " + where);
        assertTrue(k < gson.size() && ours.subList(0, k).equals(gson.subList(0, k)), "differs before throwing: " + where);
        assertFalse(reader.atEnd(), "atEnd after a throw: " + where);
        assertTrue(refusedOnPurpose(text, mode, k, gson.get(k)), "threw where Gson returned " + gson.get(k) + ": " + where);
        return ours;
    }

    /** Whether FrameJsonReader may throw at step {@code k} of {@code mode} where Gson returned {@code gsonEvent}. */
    private static boolean refusedOnPurpose(String text, Mode mode, int k, String gsonEvent) {
        if (gsonEvent.startsWith("S:") || gsonEvent.startsWith("N:")) {
            return hasLoneSurrogate(gsonEvent);
        }
        if (gsonEvent.startsWith("skip ")) {
            return ESCAPED_SURROGATE.matcher(text).find() || controlCharacterInString(text);
        }
        return false;
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** True if a string in {@code text} (as far as quotes and backslashes tell) holds a raw control character. */
    private static boolean controlCharacterInString(String text) {
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                inString = !inString;
            } else if (inString && c == '\\') {
                i++;
            } else if (inString && c < 0x20) {
                return true;
            }
        }
        return false;
    }


    private static String printable(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.length() > 600 ? sb.substring(0, 600) + "...(" + text.length() + " chars)" : sb.toString();
    }

    private static void compareAllModes(String text, String context) {
        for (Mode mode : Mode.values()) {
            compare(text, mode, context);
        }
    }

    // ---------------------------------------------------------------- hand corpus

    private static final String DEEP_255 = "[".repeat(255) + "]".repeat(255);
    private static final String DEEP_256 = "[".repeat(256) + "]".repeat(256);

    /** Gson (strict) reads these completely; so must FrameJsonReader, with the same record. */
    static final List<String> VALID = List.of(
            "{}", "[]", "{\"a\":1}", " {\"a\" : [1, 2.5, -3e2, 0, -0, 0.0, 1E+2, 1e-2, -0.0, 1.5E-7]} ",
            "\"plain\"", "\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041\\u00e9\\u00C9\\u0000\\u007F\\uD7FF\\uE000\\uFFFF\"",
            "1", "-0", "0", "123", "-9223372036854775808", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "18446744073709551616", "12345678901234567890123", "9007199254740993",
            "2147483647", "2147483648", "-2147483648", "-2147483649", "1.0", "1e2", "1.5e-3", "0e0", "-0E-0",
            "true", "false", "null", "[true,false,null]", "{\"a\":{\"b\":{\"c\":[[],{}]}}}", "\t\r\n [ 1 ] \n",
            "{\"\":\"\"}", "{\"a\":\"\",\"b\":null}", "[1,[2,[3,[4]]]]", "\"x\"   ", "[1e400]", "{\"a\":1,\"a\":2}",
            "[0.1,1.7976931348623157e308,4.9e-324,2.2250738585072014E-308]", "[\"\u007f\"]",
            "{\"name with spaces and \\\"quotes\\\"\":1}", "[1 ,2 , 3]", "[true ]", "{\"a\":true }",
            "[\"" + "x".repeat(5000) + "\"]", "{\"" + "k".repeat(100) + "\":[\"\\n" + "y".repeat(3000) + "\"]}",
            DEEP_255, "[1" + "1".repeat(1022) + "]", "1" + "0".repeat(64), "-1" + "0".repeat(63),
            "{\"a\":[{\"b\":[{\"c\":null}]}],\"d\":{}}", "[{},[],{},[]]", "[\"\\\\u0041\"]",
            "\"\u00e9\"", "{\"\u00e9\":1}", "[\"caf\u00e9\"]", "\"\\uD83D\\uDE00\"", "[\"\u00ff\"]", "[\"\u2028 \u4e2d \ud83d\ude00\"]",
            "{\"\ud83d\ude00\":\"\u0800\u07ff\uffff\"}");

    /** Gson (strict) refuses these (at some point of the walk); so must FrameJsonReader. */
    static final List<String> INVALID = List.of(
            "", "   ", "{", "[", "[1,]", "[,1]", "{\"a\":1,}", "{,}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{a:1}",
            "{'a':1}", "['a']", "[1 2]", "{\"a\":1 \"b\":2}", "[01]", "[-01]", "[00]", "[+1]", "[.5]", "[1.]", "[1.e5]",
            "[1e]", "[1e+]", "[-]", "[--1]", "[1-]", "[0x10]", "[NaN]", "[Infinity]", "[-Infinity]", "[TRUE]", "[True]",
            "[nul]", "[truex]", "[true1]", "[nullnull]", "[tru]", "[false\"]", "\"unterminated", "\"bad escape \\x\"",
            "\"bad \\u12\"", "\"bad \\u12G4\"", "\"\\'\"", "\"\\\n\"", "\"raw control \u0001 char\"", "\"raw tab\t\"",
            "\"raw newline\n\"", "\"raw nul\u0000\"", "/* comment */ [1]", "// c\n[1]", "# c\n[1]", "[1] // trailing",
            "[1]x", "{\"a\":1}{\"b\":2}", "{\"a\":1},{\"b\":2}", "[1;2]", "{\"a\"=1}", "{\"a\"=>1}", ")]}'\n[1]", "[1}",
            "{\"a\":1]", "]", "}", ":", ",", "[1]]", "[true\f]", "\f[1]", "[1\f]", "1 2", "\"a\" \"b\"", DEEP_256,
            "[1" + "1".repeat(1023) + "]", "1" + "1".repeat(1023), "1" + "0".repeat(65), "184467440737095516160",
            "[\u00a01]", "[\"a\"\"b\"]", "{\"a\":1,\"b\"}", "{\"a\"::1}", "[1,,2]", "{\"a\":1 , , \"b\":2}", "\"\\",
            "\"\\u", "[\"a\\u00\"]", "{\"a\":[}", "{\"a\":{]}", "[{]}", "nul", "tru", "fals", "-", "1e", "\"abc",
            "[true/]", "[1#]", "[1/]", "[null;]", "[1=]", "[\\u0041]");

    /** Gson (strict) reads these; FrameJsonReader refuses them on purpose, as the protocol does (a lone escaped surrogate). */
    static final List<String> REFUSED_ON_PURPOSE = List.of(
            "\"\\uD800\"", "\"\\udfff\"", "{\"\\ud800\":1}", "[\"a\\ud800b\"]", "[\"\\udc00\\ud800\"]");

    @Test
    void handCorpusIsReadAsGsonReadsItOrRefused() {
        assertTrue(VALID.size() + INVALID.size() + REFUSED_ON_PURPOSE.size() >= 80);
        for (String text : VALID) {
            assertEquals("END", last(walk(gsonReader(text), Mode.STRING)), "Gson reads " + printable(text));
            assertEquals(walk(gsonReader(text), Mode.STRING), compare(text, Mode.STRING, "valid"), printable(text));
            compareAllModes(text, "valid");
        }
        for (String text : INVALID) {
            assertEquals(THREW, last(walk(gsonReader(text), Mode.STRING)), "Gson refuses " + printable(text));
            assertEquals(THREW, last(compare(text, Mode.STRING, "invalid")), printable(text));
            compareAllModes(text, "invalid");
        }
        for (String text : REFUSED_ON_PURPOSE) {
            assertEquals("END", last(walk(gsonReader(text), Mode.STRING)), "Gson reads " + printable(text));
            assertEquals(THREW, last(compare(text, Mode.STRING, "refused")), printable(text));
            compareAllModes(text, "refused");
        }
    }

    private static String last(List<String> record) {
        return record.get(record.size() - 1);
    }

    @Test
    void everySpecialByteIsFoundWhateverItsPlaceInAWordOfAStringOrName() {
        // strings are scanned eight bytes at a time: put a quote, a backslash escape, each control
        // character and a byte >= 0x80 at every offset of long and short strings and names
        String[] specials = {"\\\"", "\\\\", "\\n", "\\u0041", "\u0000", "\u0001", "\u001f", "\t", "\u0080", "\u00ff", "\u007f", " "};
        for (String special : specials) {
            for (int before = 0; before <= 19; before++) {
                for (int after : new int[] {0, 1, 7, 8, 9, 17}) {
                    String text = "x".repeat(before) + special + "y".repeat(after);
                    compareAllModes("{\"" + text + "\":\"" + text + "\",\"k\":[\"" + text + "\"]}", "special " + printable(special)
                            + " after " + before);
                }
            }
        }
    }

    @Test
    void numbersAreReadAsGsonReadsThemOrRefusedForIntegersThatAreNot() throws IOException {
        assertEquals(9007199254740992.0, frameReader("9007199254740993").nextDouble());
        assertEquals(gsonReader("9007199254740993").nextDouble(), frameReader("9007199254740993").nextDouble());
        assertEquals(gsonReader("-9223372036854775808").nextDouble(), frameReader("-9223372036854775808").nextDouble());
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(frameReader("-0").nextDouble()));
        assertEquals("-0", frameReader("-0").nextString());
        assertEquals(Long.MIN_VALUE, frameReader("-9223372036854775808").nextLong());
        assertEquals(Integer.MIN_VALUE, frameReader("-2147483648").nextInt());
        assertEquals(0, frameReader("0").nextInt());
        // Gson reads these as integers (when they are exactly one), and so does FrameJsonReader.
        for (String literal : new String[] {"1.0", "1e2", "-0", "9223372036854775808", "-9223372036854775809", "1E0", "1.5",
            "4294967296", "2147483648", "-2147483649", "1e19"}) {
            for (Mode mode : new Mode[] {Mode.LONG, Mode.INT, Mode.DOUBLE}) {
                compare(literal, mode, "number");
            }
        }
        assertEquals(2147483648L, frameReader("2147483648").nextLong());
        for (String quoted : new String[] {"\"5\"", "\"1.5\"", "\"x\"", "\"1e2\"", "\" 7 \"", "\"NaN\"", "\"0x10\""}) {
            for (Mode mode : new Mode[] {Mode.LONG, Mode.INT, Mode.DOUBLE}) {
                compare("[" + quoted + "]", mode, "quoted number");
            }
        }
        assertThrows(IOException.class, () -> frameReader("1e400").nextDouble());
        assertThrows(IOException.class, () -> frameReader("-1e400").nextDouble());
        assertThrows(IllegalStateException.class, () -> frameReader("true").nextString());
        assertThrows(IllegalStateException.class, () -> frameReader("null").nextString());
    }

    @Test
    void skipValueSkipsANameOrClosesAContainerAsGsonDoesAndChecksWhatItSkips() throws IOException {
        FrameJsonReader reader = frameReader("{\"a\":1,\"b\":[2,{\"c\":\"d\"}]}");
        reader.beginObject();
        reader.skipValue(); // the name "a"
        assertEquals(JsonToken.NUMBER, reader.peek());
        assertEquals(1, reader.nextInt());
        assertEquals("b", reader.nextName());
        reader.beginArray();
        assertEquals(2, reader.nextInt());
        reader.skipValue(); // the object
        reader.skipValue(); // the END_ARRAY
        reader.endObject();
        reader.skipValue(); // END_DOCUMENT: nothing
        assertEquals(JsonToken.END_DOCUMENT, reader.peek());
        assertTrue(reader.atEnd());

        for (String unknown : new String[] {"[1,}", "{\"x\" 1}", "\"\\x\"", "01", "tru", "[\"\\uD800\"]", "\"\u0001\""}) {
            FrameJsonReader skipping = frameReader("{\"u\":" + unknown + ",\"k\":1}");
            skipping.beginObject();
            skipping.nextName();
            assertThrows(Exception.class, () -> {
                skipping.skipValue();
                skipping.nextName();
                skipping.nextInt();
                skipping.endObject();
            }, unknown);
            assertFalse(skipping.atEnd());
        }
    }

    // ---------------------------------------------------------------- random documents

    private static final String[] NAMES = {"seq", "op", "body", "id", "a", "b", "name", "list", "x", "", "with space"};
    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "7", "42", "-42", "0.0", "-0.0", "0.5", "1.0", "1.5", "-1.5",
        "1e2", "1E2", "1e+2", "1e-2", "1E-0", "0e5", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "9007199254740993", "18446744073709551616", "123456789012345678901234567890", "1e308", "1e309", "1e400",
        "-1e400", "4.9e-324", "1e-400", "3.141592653589793", "1.7976931348623157e308", "100", "10", "1000000"};

    private static void value(Random random, StringBuilder out, int depth) {
        int kind = depth >= 6 ? random.nextInt(4) : random.nextInt(8);
        switch (kind) {
            case 0, 1 -> string(random, out);
            case 2 -> number(random, out);
            case 3 -> out.append(random.nextInt(3) == 0 ? "true" : random.nextBoolean() ? "false" : "null");
            case 4, 5 -> {
                out.append('[');
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    ws(random, out);
                    value(random, out, depth + 1);
                    ws(random, out);
                }
                out.append(']');
            }
            default -> {
                out.append('{');
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    ws(random, out);
                    if (random.nextInt(3) == 0) {
                        string(random, out);
                    } else {
                        out.append('"').append(NAMES[random.nextInt(NAMES.length)]).append('"');
                    }
                    ws(random, out);
                    out.append(':');
                    ws(random, out);
                    value(random, out, depth + 1);
                    ws(random, out);
                }
                out.append('}');
            }
        }
    }

    private static void ws(Random random, StringBuilder out) {
        if (random.nextInt(4) == 0) {
            out.append(new String[] {" ", "\t", "\n", "\r\n", "  "}[random.nextInt(5)]);
        }
    }

    private static void number(Random random, StringBuilder out) {
        switch (random.nextInt(4)) {
            case 0 -> out.append(NUMBERS[random.nextInt(NUMBERS.length)]);
            case 1 -> out.append(random.nextInt());
            case 2 -> out.append(random.nextLong() >> random.nextInt(64));
            default -> {
                if (random.nextBoolean()) {
                    out.append('-');
                }
                out.append(random.nextInt(10) == 0 ? "0" : String.valueOf(1 + random.nextInt(999)));
                if (random.nextBoolean()) {
                    out.append('.').append(random.nextInt(100000));
                }
                if (random.nextBoolean()) {
                    out.append(random.nextBoolean() ? 'e' : 'E').append(new String[] {"", "+", "-"}[random.nextInt(3)])
                            .append(random.nextInt(400));
                }
            }
        }
    }

    private static void string(Random random, StringBuilder out) {
        out.append('"');
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(20);
            if (kind < 12) {
                out.append((char) ('a' + random.nextInt(26)));
            } else if (kind < 14) {
                char c = (char) (0x20 + random.nextInt(0x60));
                out.append(c == '"' || c == '\\' ? "\\" + c : String.valueOf(c));
            } else if (kind < 18) {
                out.append('\\').append("\"\\/bfnrt".charAt(random.nextInt(8)));
            } else if (kind < 19) {
                int code = random.nextInt(50) == 0 ? 0xd800 + random.nextInt(0x800) : random.nextInt(0x10000);
                String hex = String.format("%04x", code);
                out.append("\\u").append(random.nextBoolean() ? hex : hex.toUpperCase());
            } else {
                out.append(random.nextInt(40) == 0 ? (char) (0x80 + random.nextInt(0x80)) : (char) ('0' + random.nextInt(10)));
            }
        }
        out.append('"');
    }

    /** Bytes a mutation inserts or writes: structure, number and string characters, control and non-ASCII bytes. */
    private static final String MUTATION_BYTES = "{}[]:,\" \t\n\r\f\\/'0123456789-+.eEtrufalsnxu#;=\u0000\u0001\u001f\u007f\u0080\u00ff";

    private static String mutate(Random random, String text) {
        StringBuilder sb = new StringBuilder(text);
        int edits = 1 + random.nextInt(2);
        for (int e = 0; e < edits; e++) {
            int at = sb.length() == 0 ? 0 : random.nextInt(sb.length());
            char c = MUTATION_BYTES.charAt(random.nextInt(MUTATION_BYTES.length()));
            switch (sb.length() == 0 ? 1 : random.nextInt(3)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, c);
                default -> sb.setCharAt(at, c);
            }
        }
        return sb.toString();
    }

    @Test
    void randomDocumentsAndMutationsAreReadAsGsonReadsThemOrRefused() {
        long seed = 0x5eed_1234_abcdL;
        Random random = new Random(seed);
        int documents = 20_000;
        int[] outcomes = new int[2]; // [0]: mutants Gson reads completely, [1]: mutants Gson refuses
        for (int i = 0; i < documents; i++) {
            StringBuilder sb = new StringBuilder();
            ws(random, sb);
            value(random, sb, random.nextInt(3));
            ws(random, sb);
            String text = sb.toString();
            String context = "seed " + seed + " document " + i;
            assertEquals("END", last(walk(gsonReader(text), Mode.STRING)), "the generator makes valid JSON: " + context + " " + printable(text));
            compareAllModes(text, context);
            for (int m = 0; m < 2; m++) {
                String mutant = mutate(random, text);
                compareAllModes(mutant, context + " mutant " + m);
                outcomes[last(walk(gsonReader(mutant), Mode.STRING)).equals("END") ? 0 : 1]++;
            }
        }
        assertTrue(outcomes[0] > 1000 && outcomes[1] > 10_000, "mutants read/refused by Gson: " + Arrays.toString(outcomes));
    }

    // ---------------------------------------------------------------- binding

    enum Color { RED, GREEN, @SerializedName("dark-blue") BLUE }

    static final class Inner {
        String id;
        int n;
        List<String> tags;
    }

    static final class Everything {
        String s;
        int i;
        long l;
        double d;
        Integer boxed;
        boolean flag;
        Inner inner;
        List<String> strings;
        List<Inner> inners;
        Color color;
        @SerializedName("renamed_field") String renamed;
        Integer missing = 7;
        String nothing = "default";
    }

    static final class Bench {
        String seq;
        String op;
        String body;
    }

    static final class WithMap {
        String name;
        Map<String, Integer> counts;
    }

    private static <T> T viaGson(Class<T> type, String json) throws IOException {
        return GSON.getAdapter(type).read(gsonReader(json));
    }

    private static <T> T viaFrame(Class<T> type, String json) throws IOException {
        FrameJsonReader reader = frameReader(json);
        T value = GSON.getAdapter(type).read(reader);
        if (!reader.atEnd()) {
            throw new IOException("not at the end: " + json);
        }
        return value;
    }

    private static void bindsTheSame(Class<?> type, String json) throws IOException {
        assertEquals(GSON.toJson(viaGson(type, json)), GSON.toJson(viaFrame(type, json)), json);
    }

    @Test
    void bindsClassesExactlyAsGsonDoes() throws IOException {
        bindsTheSame(Everything.class, "{\"s\":\"str\\n\\u0041\",\"i\":-12,\"l\":9223372036854775807,\"d\":2.5e-3,\"boxed\":5,"
                + "\"flag\":true,\"inner\":{\"id\":\"in\",\"n\":3,\"tags\":[\"t1\",\"t2\"]},\"strings\":[\"a\",\"\",\"c\"],"
                + "\"inners\":[{\"id\":\"x\",\"n\":1,\"tags\":[]},{\"id\":\"y\",\"n\":2,\"tags\":null}],\"color\":\"dark-blue\","
                + "\"renamed_field\":\"r\",\"nothing\":null}");
        bindsTheSame(Everything.class, "{\"unknown\":{\"deep\":[1,{\"x\":[true,null,\"s\\\"\"]},-0.5e3]},\"s\":\"a\","
                + "\"extra\":[[],{}],\"i\":7,\"more\":null,\"color\":\"GREEN\",\"last\":\"z\"}");
        bindsTheSame(Everything.class, "{}");
        bindsTheSame(Everything.class, " { \"d\" : 9007199254740993 , \"boxed\" : null , \"inner\" : null , \"strings\" : [ ] } ");
        bindsTheSame(Everything.class, "{\"s\":12.50,\"d\":-0,\"color\":\"PURPLE\",\"inners\":[]}");
        bindsTheSame(Everything.class, "null");
        bindsTheSame(Inner.class, "{\"id\":null,\"n\":2147483647,\"tags\":[\"\\t\",\"\\/\"]}");

        Bench bench = viaFrame(Bench.class, "{\"seq\":\"00000042\",\"op\":\"req\",\"body\":\"abcdefghijklmnopqrstuvwxy\"}");
        assertEquals("00000042", bench.seq);
        assertEquals("req", bench.op);
        assertEquals("abcdefghijklmnopqrstuvwxy", bench.body);
        bindsTheSame(Bench.class, "{\"seq\":\"00000042\",\"op\":\"req\",\"body\":\"abcdefghijklmnopqrstuvwxy\"}");

        String tree = "{\"a\":[1,-0,1.50,9223372036854775808,1e2,\"s\\n\",true,null,{}],\"b\":{\"c\":{\"d\":[[]]}},\"e\":-7}";
        bindsTheSame(JsonElement.class, tree);
        bindsTheSame(Object.class, tree);
        assertEquals(viaGson(JsonElement.class, tree), viaFrame(JsonElement.class, tree));
        assertEquals(viaGson(Object.class, tree), viaFrame(Object.class, tree));

        Everything everything = viaFrame(Everything.class, "{\"i\":3,\"color\":\"dark-blue\",\"renamed_field\":\"r\",\"missing\":null}");
        assertEquals(3, everything.i);
        assertEquals(Color.BLUE, everything.color);
        assertEquals("r", everything.renamed);
        assertEquals(null, everything.missing);
        assertEquals("default", everything.nothing);
    }

    @Test
    void bindingThrowsWhereGsonThrowsOrFrameJsonReaderRefuses() throws IOException {
        for (String json : new String[] {"{\"i\":1.5}", "{\"i\":4294967296}", "{\"s\":\"a\",\"unknown\":[1,}", "{\"unknown\":{\"a\" 1}}",
                "{\"s\":\"a\"} x", "{\"inner\":[]}", "{\"flag\":\"maybe\"", "{\"s\":\"a\",}"}) {
            assertThrows(Exception.class, () -> viaGsonCompletely(json), json);
            assertThrows(Exception.class, () -> viaFrame(Everything.class, json), json);
        }
        // Gson binds these, and so does FrameJsonReader, the same way.
        for (String json : new String[] {"{\"i\":1.0}", "{\"l\":\"5\"}", "{\"s\":\"\u00e9\"}", "{\"s\":\"\\ud83d\\ude00\"}"}) {
            assertEquals(GSON.toJson(viaGson(Everything.class, json)), GSON.toJson(viaFrame(Everything.class, json)), json);
        }
        // The protocol refuses a raw control character even in a member nobody reads.
        assertThrows(Exception.class, () -> viaFrame(Everything.class, "{\"unknown\":\"\u0001\"}"));
    }

    private static void viaGsonCompletely(String json) throws IOException {
        JsonReader reader = gsonReader(json);
        GSON.getAdapter(Everything.class).read(reader);
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new IOException("trailing data");
        }
    }

    @Test
    void aMapFieldThrowsWithPlainGsonAndBindsWithTheFramesGson() throws IOException {
        TypeAdapter<WithMap> adapter = GSON.getAdapter(WithMap.class);
        String json = "{\"name\":\"n\",\"counts\":{\"a\":1,\"b\":2}}";
        assertEquals(Map.of("a", 1, "b", 2), adapter.read(gsonReader(json)).counts);
        FrameJsonReader reader = frameReader(json);
        assertThrows(Exception.class, () -> adapter.read(reader));
        assertFalse(reader.atEnd());
        FrameJsonReader again = new FrameJsonReader();
        byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) {
            assertThrows(Exception.class, () -> adapter.read(again.reset(bytes, 0, bytes.length)));
        }
        // An empty map needs no key: read as Gson reads it.
        assertEquals(Map.of(), viaFrame(WithMap.class, "{\"counts\":{}}").counts);
        // With the Gson of the frames (MapKeys), a map binds from the bytes as Gson binds it.
        Gson frames = new Frames(GSON).gson();
        FrameJsonReader withKeys = frameReader(json);
        assertEquals(Map.of("a", 1, "b", 2), frames.getAdapter(WithMap.class).read(withKeys).counts);
        assertTrue(withKeys.atEnd());
        assertThrows(Exception.class, () -> frames.getAdapter(WithMap.class).read(frameReader("{\"counts\":{\"a\":4294967296}}")),
                "a value that does not fit is refused, not narrowed");
    }

    // ---------------------------------------------------------------- reuse, atEnd, names

    static final class Item {
        String seq;
        int n;
        long big;
        double d;
        String s;
        List<Object> list;
    }

    @Test
    void oneReaderResetForEachOfManyFramesInOneArrayReadsEachRightAndRecoversFromFailures() throws IOException {
        int frames = 1000;
        StringBuilder all = new StringBuilder("garbage{\"");
        int[] from = new int[frames];
        int[] to = new int[frames];
        for (int i = 0; i < frames; i++) {
            from[i] = all.length();
            all.append(String.format("{\"seq\":\"%08d\",\"n\":%d,\"big\":%d,\"d\":%d.25,\"s\":\"line\\n%d\",\"list\":[%d,\"x\"]}",
                    i, i - 500, i * 10_000_000_000L, i, i, i));
            to[i] = all.length();
            all.append(i % 2 == 0 ? "\n" : "]\"x{");
        }
        int badFrom = all.length();
        all.append("{\"seq\":\"1\",\"n\":[1,}");
        int badTo = all.length();
        byte[] bytes = all.toString().getBytes(StandardCharsets.US_ASCII);

        TypeAdapter<Item> adapter = GSON.getAdapter(Item.class);
        FrameJsonReader reader = new FrameJsonReader();
        for (int iteration = 0; iteration < 100_000; iteration++) {
            if (iteration % 1000 == 999) {
                assertThrows(Exception.class, () -> adapter.read(reader.reset(bytes, badFrom, badTo)));
                assertFalse(reader.atEnd());
                assertThrows(IllegalStateException.class, reader::peek, "failed until reset");
                continue;
            }
            int i = (int) ((iteration * 7919L) % frames);
            Item item = adapter.read(reader.reset(bytes, from[i], to[i]));
            assertTrue(reader.atEnd());
            if (!(String.format("%08d", i).equals(item.seq) && item.n == i - 500 && item.big == i * 10_000_000_000L
                    && item.d == i + 0.25 && ("line\n" + i).equals(item.s) && item.list.equals(List.of((double) i, "x")))) {
                fail("iteration " + iteration + " frame " + i + ": " + GSON.toJson(item));
            }
        }
        reader.close();
        assertThrows(IllegalStateException.class, reader::peek);
        assertFalse(reader.atEnd());
        assertEquals("00000003", adapter.read(reader.reset(bytes, from[3], to[3])).seq, "usable again after close and reset");
    }

    @Test
    void bindingTheBenchPayloadAllocatesLittleMoreThanTheObjectAndItsThreeStrings() throws IOException {
        // By reflection: the module (whose test sources these are) does not read java.management.
        Object threads;
        Method allocated;
        try {
            threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            allocated = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
            assumeTrue((long) allocated.invoke(threads) > 0, "no allocation counter");
        } catch (ReflectiveOperationException | ClassCastException e) {
            assumeTrue(false, "no allocation counter: " + e);
            return;
        }
        byte[] frame = "{\"seq\":\"00000042\",\"op\":\"req\",\"body\":\"abcdefghijklmnopqrstuvwxy\"}".getBytes(StandardCharsets.US_ASCII);
        TypeAdapter<Bench> adapter = GSON.getAdapter(Bench.class);
        FrameJsonReader reader = new FrameJsonReader();
        int binds = 20_000;
        long perBind = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = allocatedBytes(allocated, threads);
            for (int i = 0; i < binds; i++) {
                adapter.read(reader.reset(frame, 0, frame.length));
            }
            perBind = Math.min(perBind, (allocatedBytes(allocated, threads) - before) / binds);
        }
        // A Bench and its three Strings are about 200 bytes; three name Strings more would be about 350, a
        // JsonReader per frame (its 1024-char buffer) over 2 KiB.
        assertTrue(perBind < 320, perBind + " bytes per bind");
    }

    private static long allocatedBytes(Method allocated, Object threads) {
        try {
            return (long) allocated.invoke(threads);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void atEndOnlyAfterOneCompleteValueAndWhitespace() throws IOException {
        assertTrue(readObject("{\"a\":1}").atEnd());
        assertTrue(readObject("{\"a\":1}  \t\r\n").atEnd());
        assertFalse(readObject("{\"a\":1}x").atEnd());
        assertFalse(readObject("{\"a\":1},{\"b\":2}").atEnd());
        assertFalse(readObject("{\"a\":1}\f").atEnd());

        FrameJsonReader partial = frameReader("{\"a\":1}");
        assertFalse(partial.atEnd());
        partial.beginObject();
        assertFalse(partial.atEnd());
        partial.nextName();
        partial.nextInt();
        assertFalse(partial.atEnd());
        partial.endObject();
        assertTrue(partial.atEnd());
        assertEquals(JsonToken.END_DOCUMENT, partial.peek());
        assertTrue(partial.atEnd());
        assertFalse(partial.hasNext());

        FrameJsonReader peekedOnly = frameReader("\"s\"");
        assertEquals(JsonToken.STRING, peekedOnly.peek());
        assertFalse(peekedOnly.atEnd(), "peeked but not read");
        assertEquals("s", peekedOnly.nextString());
        assertTrue(peekedOnly.atEnd());

        FrameJsonReader trailing = frameReader("[1] 2");
        trailing.beginArray();
        trailing.nextInt();
        trailing.endArray();
        assertFalse(trailing.atEnd());
        assertThrows(IOException.class, trailing::peek, "END_DOCUMENT only if only whitespace remains");
        assertFalse(new FrameJsonReader().atEnd());
    }

    private static FrameJsonReader readObject(String text) throws IOException {
        FrameJsonReader reader = frameReader(text);
        reader.beginObject();
        while (reader.hasNext()) {
            reader.nextName();
            reader.skipValue();
        }
        reader.endObject();
        return reader;
    }

    @Test
    void repeatedNamesAreTheSameStringInstances() throws IOException {
        String longName = "n".repeat(FrameJsonReader.MAX_CACHED_NAME + 1);
        String json = "{\"alpha\":1,\"beta\":{\"gamma\":2},\"a\\u0062c\":3,\"" + longName + "\":4}";
        byte[] first = ("xx" + json).getBytes(StandardCharsets.US_ASCII);
        byte[] second = ("yyyy" + json + "zz").getBytes(StandardCharsets.US_ASCII);
        FrameJsonReader reader = new FrameJsonReader();
        List<String> once = names(reader.reset(first, 2, first.length));
        List<String> twice = names(reader.reset(second, 4, second.length - 2));
        assertEquals(List.of("alpha", "beta", "gamma", "abc", longName), once);
        assertEquals(once, twice);
        for (int i = 0; i < 3; i++) {
            assertSame(once.get(i), twice.get(i), once.get(i));
        }
        assertNotSame(once.get(3), twice.get(3), "a name with an escape is not cached");
        assertNotSame(once.get(4), twice.get(4), "a long name is not cached");

        // Binding the same class twice: the names the adapter sees are the cached ones.
        byte[] frame = "{\"seq\":\"1\",\"op\":\"req\",\"body\":\"b\"}".getBytes(StandardCharsets.US_ASCII);
        GSON.getAdapter(Bench.class).read(reader.reset(frame, 0, frame.length));
        List<String> bound = names(reader.reset(frame, 0, frame.length));
        List<String> boundAgain = names(reader.reset(frame, 0, frame.length));
        for (int i = 0; i < bound.size(); i++) {
            assertSame(bound.get(i), boundAgain.get(i));
        }
    }

    @Test
    void namesOfEveryShortLengthReadRightAndCachedWhereverTheyLieEvenAtTheArraysEnd() throws IOException {
        FrameJsonReader reader = new FrameJsonReader();
        for (int length = 0; length <= 20; length++) {
            String name = "abcdefghijklmnopqrstuvwxyz".substring(0, length);
            String similar = length == 0 ? "z" : name.substring(0, length - 1) + "Z"; // same length, last byte differs
            String three = "{\"" + name + "\":1,\"" + similar + "\":2,\"" + name + "x\":3}";
            String alone = "{\"" + name + "\":1}"; // nothing else in the cache's way
            String first = null;
            for (int slack = 0; slack <= 17; slack++) { // bytes after the frame in the array: 0 is the array's end
                String where = "length " + length + ", " + slack + " bytes after the frame";
                byte[] bytes = ("##" + three + "#".repeat(slack)).getBytes(StandardCharsets.US_ASCII);
                assertEquals(List.of(name, similar, name + "x"), names(reader.reset(bytes, 2, 2 + three.length())), where);
                bytes = ("##" + alone + "#".repeat(slack)).getBytes(StandardCharsets.US_ASCII);
                String read = names(reader.reset(bytes, 2, 2 + alone.length())).get(0);
                assertEquals(name, read, where);
                if (first == null) {
                    first = read;
                } else {
                    assertSame(first, read, "cached: " + where);
                }
            }
        }
    }

    @Test
    void aWordAssembledByteByByteIsTheWordReadAtOnce() {
        byte[] bytes = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        for (int count = 0; count <= Long.BYTES; count++) {
            assertEquals(ByteWords.read(bytes, 3) & ByteWords.lowBytes(count), ByteWords.assemble(bytes, 3, count), "count " + count);
        }
    }

    /** Every name of the document, depth first. */
    private static List<String> names(FrameJsonReader reader) throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonToken token = reader.peek(); token != JsonToken.END_DOCUMENT; token = reader.peek()) {
            switch (token) {
                case BEGIN_OBJECT -> reader.beginObject();
                case END_OBJECT -> reader.endObject();
                case NAME -> names.add(reader.nextName());
                default -> reader.skipValue();
            }
        }
        assertTrue(reader.atEnd());
        return names;
    }
}
