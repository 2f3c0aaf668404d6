package dev.localipc.core.internal.wire;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The JSON reader of every frame: strict RFC 8259 JSON read straight from a frame's UTF-8 bytes,
 * reused for every frame of a connection, that Gson's type adapters read from:
 * {@code gson.getAdapter(type).read(json)}. {@link MessageDecoder} reads a frame's envelope with
 * it and lets the adapters bind params, results and event data from it in the same pass.
 * Reading allocates nothing but the strings it returns (names and short strings of up to
 * {@value #MAX_CACHED_NAME} ASCII bytes come from a small per-reader cache) and the text of a
 * non-integer number read with {@link #nextString()} or {@link #nextDouble()}.
 *
 * <p><b>Contract: what Gson reads, the same way.</b> For any bytes that are valid UTF-8 and any
 * sequence of calls, it returns exactly what Gson's {@link JsonReader} with
 * {@link Strictness#STRICT} returns for the same text and calls (the same tokens, strings and
 * numbers, the same coercions: {@link #nextInt()} of {@code "5"} or {@code 1.0} is 5), and throws
 * where Gson throws. On purpose, as the protocol requires (docs/PROTOCOL.md), it also refuses:
 * <ul>
 *   <li>bytes that are not UTF-8 (Gson reads characters; the frame must be UTF-8);
 *   <li>a <code>&#92;u</code> escape of a lone UTF-16 surrogate (a pair is read as its character);
 *   <li>an unescaped control character in a string that {@link #skipValue()} skips (Gson only
 *       refuses it in a string it reads);
 *   <li>{@link #setStrictness}/{@link #setLenient} are ignored: it is always strict.
 * </ul>
 * Like Gson it refuses nesting deeper than {@value #MAX_DEPTH}, NaN or infinite doubles, number
 * literals longer than {@value #MAX_NUMBER_LENGTH} characters, and (Gson's quirk, kept so as to
 * read the same) an integer part whose digits so far are a multiple of 2<sup>64</sup> followed by
 * another digit, such as {@code 184467440737095516160}. {@link #getPath()} and
 * {@link #getPreviousPath()} return {@code "$"}. After it has thrown once, every further read
 * throws and {@link #atEnd()} is false until {@link #reset}.
 *
 * <p>Gson's own {@code MapTypeAdapterFactory} reads a map's keys through a back door into
 * {@link JsonReader}'s private state; {@link MapKeys} reads them through {@link #nextName()}
 * instead when the reader is this one.
 *
 * <p>Not thread-safe: one per connection, used by its reader thread only.
 *
 * <pre>{@code
 * FrameJsonReader json = new FrameJsonReader();   // once per connection
 * json.reset(frame, start, end);                  // for every frame
 * Object params = gson.getAdapter(type).read(json);
 * boolean clean = json.atEnd();                   // nothing but whitespace after the value
 * }</pre>
 */
public final class FrameJsonReader extends JsonReader {
    /** The deepest nesting of arrays and objects read, as Gson's default nesting limit. */
    public static final int MAX_DEPTH = 255;
    /** The longest number literal read: Gson refuses longer ones (its 1024-char buffer). */
    public static final int MAX_NUMBER_LENGTH = 1023;
    /** Names up to this many bytes are cached. */
    static final int MAX_CACHED_NAME = 64;
    private static final int NAME_CACHE_SIZE = 128;
    private static final long QUOTES = ByteWords.repeat('"');
    private static final long BACKSLASHES = ByteWords.repeat('\\');
    private static final long SPACES = ByteWords.repeat(0x20);
    private static final long MIN_INCOMPLETE_INTEGER = Long.MIN_VALUE / 10;
    private static final byte[] NO_BYTES = {};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    /** The super class's own reader: always at its end, so Gson's own parsing of this reader fails. */
    private static final Reader NO_INPUT = new Reader() {
        @Override
        public int read(char[] target, int offset, int length) {
            return -1;
        }

        @Override
        public void close() {
        }
    };

    // Peeked tokens.
    private static final int PEEKED_NONE = 0;
    private static final int PEEKED_BEGIN_OBJECT = 1;
    private static final int PEEKED_END_OBJECT = 2;
    private static final int PEEKED_BEGIN_ARRAY = 3;
    private static final int PEEKED_END_ARRAY = 4;
    private static final int PEEKED_TRUE = 5;
    private static final int PEEKED_FALSE = 6;
    private static final int PEEKED_NULL = 7;
    /** A string value: {@link #pos} is just after its opening quote. */
    private static final int PEEKED_STRING = 8;
    /** A name: {@link #pos} is just after its opening quote. */
    private static final int PEEKED_NAME = 9;
    /** A number: already consumed, its text is at {@link #numberStart}. */
    private static final int PEEKED_NUMBER = 10;
    private static final int PEEKED_EOF = 11;

    // Scopes on the nesting stack (as Gson's JsonScope).
    private static final byte EMPTY_ARRAY = 1;
    private static final byte NONEMPTY_ARRAY = 2;
    private static final byte EMPTY_OBJECT = 3;
    private static final byte DANGLING_NAME = 4;
    private static final byte NONEMPTY_OBJECT = 5;
    private static final byte EMPTY_DOCUMENT = 6;
    private static final byte NONEMPTY_DOCUMENT = 7;

    private byte[] buf = NO_BYTES;
    private int pos;
    private int end;
    /** The scopes: [0] is the document, then one per open array or object. */
    private final byte[] stack = new byte[MAX_DEPTH + 1];
    private int stackSize;
    private int peeked;
    /** Where the peeked token starts (its first byte). */
    private int tokenStart;
    private int numberStart;
    private int numberLength;
    /** True when the peeked number is an integer that Gson holds as a long ({@link #numberValue}). */
    private boolean numberIsLong;
    private long numberValue;
    private boolean failed;
    private boolean closed;
    /** Where the escape sequence that {@link #escape} decoded ends. */
    private int afterEscape;
    /** Where a string with escapes is decoded; grows, and is kept for the next frames. */
    private char[] chars = new char[64];
    private final byte[][] nameBytes = new byte[NAME_CACHE_SIZE][];
    private final String[] nameStrings = new String[NAME_CACHE_SIZE];
    /** For names of up to 16 bytes: their first and second eight bytes as words (unused bytes zero). */
    private final long[] nameFirstWords = new long[NAME_CACHE_SIZE];
    private final long[] nameSecondWords = new long[NAME_CACHE_SIZE];

    /** A reader with nothing to read until {@link #reset}. */
    public FrameJsonReader() {
        super(NO_INPUT);
        setStrictness(Strictness.STRICT);
        reset(NO_BYTES, 0, 0);
    }

    /**
     * Starts reading one JSON value from {@code bytes[from, to)}, forgetting all state of the
     * previous frame (also a failure or {@link #close()}). Returns this reader.
     */
    public FrameJsonReader reset(byte[] bytes, int from, int to) {
        Objects.checkFromToIndex(from, to, bytes.length);
        buf = bytes;
        pos = from;
        end = to;
        stack[0] = EMPTY_DOCUMENT;
        stackSize = 1;
        peeked = PEEKED_NONE;
        failed = false;
        closed = false;
        if (chars.length > 1 << 16) {
            chars = new char[64];
        }
        return this;
    }

    /**
     * True if exactly one complete top-level value has been read and only JSON whitespace (space,
     * tab, CR, LF) is left before the end of the range; false otherwise, also after any exception.
     */
    public boolean atEnd() {
        if (failed || closed || stackSize != 1 || stack[0] != NONEMPTY_DOCUMENT
                || (peeked != PEEKED_NONE && peeked != PEEKED_EOF)) {
            return false;
        }
        for (int p = pos; p < end; p++) {
            byte c = buf[p];
            if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * Where the next value starts in the frame's bytes: peeks it first. With {@link #position()}
     * after {@link #skipValue()}, it gives the value's span, to be read again with another reader.
     */
    public int valueStart() throws IOException {
        if (peeked == PEEKED_NONE) {
            doPeek();
        }
        return tokenStart;
    }

    /**
     * Whether the next value is a number written as a plain integer that fits in a long ({@code 7},
     * {@code -42}; not {@code 7.0}, {@code 7e0} or {@code -0}), whose text is exactly its
     * {@link #nextLong()}'s decimal form.
     */
    public boolean isPlainLong() throws IOException {
        int p = peeked == PEEKED_NONE ? doPeek() : peeked;
        return p == PEEKED_NUMBER && numberIsLong;
    }

    /** The offset just after what was read so far (after a value that was skipped or read: its end). */
    public int position() {
        return pos;
    }

    /**
     * Like {@link #nextString()}, for strings that repeat from frame to frame (a method, a topic,
     * {@code "2.0"}): a short ASCII one comes from the reader's cache instead of a new String.
     */
    public String nextKnownString() throws IOException {
        int p = peeked == PEEKED_NONE ? doPeek() : peeked;
        if (p != PEEKED_STRING) {
            return nextString();
        }
        peeked = PEEKED_NONE;
        return readString(true);
    }

    @Override
    public void beginArray() throws IOException {
        consume(PEEKED_BEGIN_ARRAY, "BEGIN_ARRAY");
        push(EMPTY_ARRAY);
    }

    @Override
    public void endArray() throws IOException {
        consume(PEEKED_END_ARRAY, "END_ARRAY");
        stackSize--;
    }

    @Override
    public void beginObject() throws IOException {
        consume(PEEKED_BEGIN_OBJECT, "BEGIN_OBJECT");
        push(EMPTY_OBJECT);
    }

    @Override
    public void endObject() throws IOException {
        consume(PEEKED_END_OBJECT, "END_OBJECT");
        stackSize--;
    }

    @Override
    public boolean hasNext() throws IOException {
        int p = peeked == PEEKED_NONE ? doPeek() : peeked;
        return p != PEEKED_END_OBJECT && p != PEEKED_END_ARRAY && p != PEEKED_EOF;
    }

    @Override
    public JsonToken peek() throws IOException {
        return token(peeked == PEEKED_NONE ? doPeek() : peeked);
    }

    @Override
    public String nextName() throws IOException {
        consume(PEEKED_NAME, "a name");
        return readString(true);
    }

    /**
     * At the start of a frame that begins with exactly {@code prefix}, bytes that open an object
     * and end with a name's closing quote (the envelope's {@code {"jsonrpc":"2.0","method"}),
     * consumes them as {@code beginObject()} and the reads of what they hold would, and returns
     * true: the next read is that name's value. Otherwise reads nothing and returns false.
     *
     * @param prefix plain ASCII, no escapes, no whitespace: {@code {"name":value,...,"name"}
     */
    public boolean skipObjectPrefix(byte[] prefix) {
        if (stackSize != 1 || stack[0] != EMPTY_DOCUMENT || peeked != PEEKED_NONE || failed || closed
                || end - pos <= prefix.length || !ByteWords.matchesAt(buf, pos, prefix)) {
            return false;
        }
        stack[0] = NONEMPTY_DOCUMENT;
        stack[stackSize++] = DANGLING_NAME;
        pos += prefix.length;
        return true;
    }

    /**
     * Inside an object, after a member's value: when the next bytes are exactly {@code nextName}
     * (a comma and a quoted name, as {@code ,"params"}), consumes them as {@code hasNext()} and
     * {@code nextName()} would and returns true: the next read is that name's value. Otherwise
     * reads nothing and returns false.
     */
    public boolean skipNextName(byte[] nextName) {
        if (stackSize < 2 || stack[stackSize - 1] != NONEMPTY_OBJECT || peeked != PEEKED_NONE
                || end - pos <= nextName.length || !ByteWords.matchesAt(buf, pos, nextName)) {
            return false;
        }
        stack[stackSize - 1] = DANGLING_NAME;
        pos += nextName.length;
        return true;
    }

    /**
     * Reads the next name and returns its index in {@code known}, or -1 for any other name; a
     * name written plainly is matched on its bytes, without making a string (the envelope's
     * members, six per message, are read this way).
     *
     * @param known the names, each as its ASCII bytes; {@code knownNames} the same as strings
     * @param knownNames the same names, for a name written with escapes
     */
    public int nextNameIndex(byte[][] known, String[] knownNames) throws IOException {
        consume(PEEKED_NAME, "a name");
        final byte[] b = buf;
        final int start = pos;
        for (int i = 0; i < known.length; i++) {
            byte[] candidate = known[i];
            int close = start + candidate.length;
            if (close < end && b[close] == '"' && ByteWords.matchesAt(b, start, candidate)) {
                pos = close + 1;
                return i;
            }
        }
        String name = readString(true);
        for (int i = 0; i < knownNames.length; i++) {
            if (knownNames[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }


    @Override
    public String nextString() throws IOException {
        int p = peeked == PEEKED_NONE ? doPeek() : peeked;
        if (p == PEEKED_STRING) {
            peeked = PEEKED_NONE;
            return readString(false); // the usual case, one call deep (the JIT inlines it into Gson's adapters)
        }
        return numberOrQuoted("a string", p);
    }

    @Override
    public boolean nextBoolean() throws IOException {
        int p = peeked == PEEKED_NONE ? doPeek() : peeked;
        if (p != PEEKED_TRUE && p != PEEKED_FALSE) {
            throw unexpected("a boolean", p);
        }
        peeked = PEEKED_NONE;
        return p == PEEKED_TRUE;
    }

    @Override
    public void nextNull() throws IOException {
        consume(PEEKED_NULL, "null");
    }

    @Override
    public double nextDouble() throws IOException {
        int p = peeked == PEEKED_NONE ? doPeek() : peeked;
        if (p == PEEKED_NUMBER && numberIsLong) {
            peeked = PEEKED_NONE;
            return numberValue;
        }
        String text = numberOrQuoted("a double", p);
        double result;
        try {
            result = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw failed(e);
        }
        if (Double.isNaN(result) || Double.isInfinite(result)) {
            throw syntax("JSON forbids NaN and infinities: " + result);
        }
        return result;
    }

    @Override
    public long nextLong() throws IOException {
        int p = peeked == PEEKED_NONE ? doPeek() : peeked;
        if (p == PEEKED_NUMBER && numberIsLong) {
            peeked = PEEKED_NONE;
            return numberValue;
        }
        boolean quoted = p == PEEKED_STRING;
        String text = numberOrQuoted("a long", p);
        if (quoted) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                // as Gson: then as a double that must be exactly a long
            }
        }
        double asDouble = parseDouble(text);
        long result = (long) asDouble;
        if (result != asDouble) {
            throw failed(new NumberFormatException("Expected a long but was " + text));
        }
        return result;
    }

    @Override
    public int nextInt() throws IOException {
        int p = peeked == PEEKED_NONE ? doPeek() : peeked;
        if (p == PEEKED_NUMBER && numberIsLong) {
            peeked = PEEKED_NONE;
            int result = (int) numberValue;
            if (result != numberValue) {
                throw failed(new NumberFormatException("Expected an int but was " + numberValue));
            }
            return result;
        }
        boolean quoted = p == PEEKED_STRING;
        String text = numberOrQuoted("an int", p);
        if (quoted) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                // as Gson: then as a double that must be exactly an int
            }
        }
        double asDouble = parseDouble(text);
        int result = (int) asDouble;
        if (result != asDouble) {
            throw failed(new NumberFormatException("Expected an int but was " + text));
        }
        return result;
    }

    /** The text of the peeked number or quoted string, consumed; anything else throws as Gson's. */
    private String numberOrQuoted(String expected, int p) throws IOException {
        if (p == PEEKED_NUMBER) {
            peeked = PEEKED_NONE;
            return numberText();
        }
        if (p == PEEKED_STRING) {
            peeked = PEEKED_NONE;
            return readString(false);
        }
        throw unexpected(expected, p);
    }

    private double parseDouble(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw failed(e);
        }
    }

    /** As Gson's: skips a value, or a name (only the name), or closes the current array or object. */
    @Override
    public void skipValue() throws IOException {
        int count = 0;
        do {
            int p = peeked == PEEKED_NONE ? doPeek() : peeked;
            switch (p) {
                case PEEKED_BEGIN_ARRAY -> {
                    push(EMPTY_ARRAY);
                    count++;
                }
                case PEEKED_BEGIN_OBJECT -> {
                    push(EMPTY_OBJECT);
                    count++;
                }
                case PEEKED_END_ARRAY, PEEKED_END_OBJECT -> {
                    stackSize--;
                    count--;
                }
                case PEEKED_STRING, PEEKED_NAME -> skipString();
                case PEEKED_EOF -> {
                    return;
                }
                default -> {
                    // a literal or a number: consumed when peeked
                }
            }
            peeked = PEEKED_NONE;
        } while (count > 0);
    }

    /** Makes every further read throw {@link IllegalStateException} until {@link #reset}. */
    @Override
    public void close() {
        closed = true;
        peeked = PEEKED_NONE;
    }

    @Override
    public String getPath() {
        return "$";
    }

    @Override
    public String getPreviousPath() {
        return "$";
    }

    @Override
    public String toString() {
        return "FrameJsonReader at offset " + pos;
    }

    /** Consumes the next token if it is {@code token}, else throws (a failure that must be reset). */
    private void consume(int token, String expected) throws IOException {
        int p = peeked == PEEKED_NONE ? doPeek() : peeked;
        if (p != token) {
            throw unexpected(expected, p);
        }
        peeked = PEEKED_NONE;
    }

    private String numberText() {
        return new String(buf, numberStart, numberLength, StandardCharsets.ISO_8859_1);
    }

    /** Reads the next token as Gson's {@code doPeek} does in strict mode; returns it as {@link #peeked}. */
    private int doPeek() throws IOException {
        if (failed) {
            throw new IllegalStateException("FrameJsonReader failed before; reset it");
        }
        if (closed) {
            throw new IllegalStateException("JsonReader is closed");
        }
        int scope = stack[stackSize - 1];
        switch (scope) {
            case EMPTY_ARRAY -> stack[stackSize - 1] = NONEMPTY_ARRAY;
            case NONEMPTY_ARRAY -> {
                int c = nextNonWhitespace();
                if (c == ']') {
                    pos++;
                    return peeked = PEEKED_END_ARRAY;
                }
                if (c != ',') {
                    throw c == -1 ? endOfInput() : syntax("Unterminated array");
                }
                pos++;
            }
            case EMPTY_OBJECT, NONEMPTY_OBJECT -> {
                stack[stackSize - 1] = DANGLING_NAME;
                if (scope == NONEMPTY_OBJECT) {
                    int c = nextNonWhitespace();
                    if (c == '}') {
                        pos++;
                        return peeked = PEEKED_END_OBJECT;
                    }
                    if (c != ',') {
                        throw c == -1 ? endOfInput() : syntax("Unterminated object");
                    }
                    pos++;
                }
                int c = nextNonWhitespace();
                if (c == '"') {
                    pos++;
                    return peeked = PEEKED_NAME;
                }
                if (c == '}' && scope == EMPTY_OBJECT) {
                    pos++;
                    return peeked = PEEKED_END_OBJECT;
                }
                throw c == -1 ? endOfInput() : syntax("Expected name");
            }
            case DANGLING_NAME -> {
                stack[stackSize - 1] = NONEMPTY_OBJECT;
                int c = nextNonWhitespace();
                if (c != ':') {
                    throw c == -1 ? endOfInput() : syntax("Expected ':'");
                }
                pos++;
            }
            case EMPTY_DOCUMENT -> stack[stackSize - 1] = NONEMPTY_DOCUMENT;
            default -> { // NONEMPTY_DOCUMENT
                if (nextNonWhitespace() == -1) {
                    return peeked = PEEKED_EOF;
                }
                throw syntax("More data after the top-level value");
            }
        }

        int c = nextNonWhitespace();
        tokenStart = pos;
        switch (c) {
            case '"':
                pos++;
                return peeked = PEEKED_STRING;
            case '{':
                pos++;
                return peeked = PEEKED_BEGIN_OBJECT;
            case '[':
                pos++;
                return peeked = PEEKED_BEGIN_ARRAY;
            case ']':
                if (scope == EMPTY_ARRAY) {
                    pos++;
                    return peeked = PEEKED_END_ARRAY;
                }
                throw syntax("Unexpected value");
            case 't':
                return keyword(TRUE, PEEKED_TRUE);
            case 'f':
                return keyword(FALSE, PEEKED_FALSE);
            case 'n':
                return keyword(NULL, PEEKED_NULL);
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
                return peekNumber();
            case -1:
                throw endOfInput();
            default:
                throw syntax("Expected value");
        }
    }

    /** Returns the next byte that is not JSON whitespace (0-255) without consuming it, or -1 at the end. */
    private int nextNonWhitespace() {
        final byte[] b = buf;
        final int e = end;
        int p = pos;
        while (p < e) {
            int c = b[p];
            if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                pos = p;
                return c & 0xff;
            }
            p++;
        }
        pos = p;
        return -1;
    }

    /** Reads {@code true}, {@code false} or {@code null} (exactly, in lower case) at {@link #pos}. */
    private int keyword(byte[] word, int token) throws IOException {
        final byte[] b = buf;
        final int p = pos;
        final int length = word.length;
        if (end - p < length || !Arrays.equals(b, p, p + length, word, 0, length)) {
            throw syntax("Expected value");
        }
        if (p + length < end && !isDelimiter(b[p + length])) {
            throw syntax("Expected value");
        }
        pos = p + length;
        return peeked = token;
    }

    /**
     * Reads a number at {@link #pos} with exactly the grammar of Gson's {@code peekNumber} in strict
     * mode: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} followed by the end or a
     * delimiter, at most {@value #MAX_NUMBER_LENGTH} characters, and Gson's wrapping integer value
     * must not be 0 before a further digit of the integer part.
     */
    private int peekNumber() throws IOException {
        final byte[] b = buf;
        final int e = end;
        final int start = pos;
        int p = start;
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        if (p >= e || !isDigit(b[p])) {
            throw syntax("Malformed number");
        }
        long value = -(b[p++] - '0'); // negative, as Gson's, to hold Long.MIN_VALUE; wraps on overflow
        boolean fitsInLong = true;
        while (p < e && isDigit(b[p])) {
            if (value == 0) {
                throw syntax("Malformed number"); // a leading 0 (or Gson's wrapped value 0)
            }
            long next = value * 10 - (b[p++] - '0');
            fitsInLong &= value > MIN_INCOMPLETE_INTEGER || (value == MIN_INCOMPLETE_INTEGER && next < value);
            value = next;
        }
        boolean integer = true;
        if (p < e && b[p] == '.') {
            integer = false;
            p = digits(p + 1);
        }
        if (p < e && (b[p] == 'e' || b[p] == 'E')) {
            integer = false;
            p++;
            if (p < e && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            p = digits(p);
        }
        if (p < e && !isDelimiter(b[p])) {
            throw syntax("Malformed number");
        }
        if (p - start > MAX_NUMBER_LENGTH) {
            throw syntax("Number too long");
        }
        numberStart = start;
        numberLength = p - start;
        numberIsLong = integer && fitsInLong && (value != Long.MIN_VALUE || negative) && (value != 0 || !negative);
        numberValue = negative ? value : -value;
        pos = p;
        return peeked = PEEKED_NUMBER;
    }

    /** Skips one or more digits from {@code p}; returns where they end. */
    private int digits(int p) throws MalformedJsonException {
        if (p >= end || !isDigit(buf[p])) {
            throw syntax("Malformed number");
        }
        do {
            p++;
        } while (p < end && isDigit(buf[p]));
        return p;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** The bytes that may follow a literal or number (Gson's non-literal characters in strict mode). */
    private static boolean isDelimiter(byte c) {
        return switch (c) {
            case '{', '}', '[', ']', ':', ',', ' ', '\t', '\f', '\r', '\n' -> true;
            default -> false;
        };
    }

    /** Reads the rest of a string or name whose opening quote has been consumed. */
    private String readString(boolean cached) throws IOException {
        final byte[] b = buf;
        final int e = end;
        final int start = pos;
        int p = start;
        // eight plain bytes at a time: no quote, backslash, control character or byte >= 0x80
        for (; p + Long.BYTES <= e; p += Long.BYTES) {
            long word = ByteWords.read(b, p);
            if (special(word) != 0) {
                break;
            }
        }
        for (; p < e; p++) {
            int c = b[p];
            if (c == '"') {
                pos = p + 1;
                return cached ? name(start, p) : new String(b, start, p - start, StandardCharsets.ISO_8859_1);
            }
            if (c == '\\' || c < 0) {
                return readSlow(start, p);
            }
            if (c < 0x20) {
                throw badCharacter(p);
            }
        }
        throw unterminated();
    }

    /**
     * Non-zero if a byte of {@code word} is a quote, a backslash, below 0x20 or at least 0x80 (the
     * lowest flagged byte is exact; flags above it may be false).
     */
    private static long special(long word) {
        return ByteWords.equalTo(word, QUOTES) | ByteWords.equalTo(word, BACKSLASHES) | ByteWords.belowOrHigh(word, SPACES);
    }

    /**
     * Reads the rest of a string from {@code p}, its first escape or non-ASCII byte: {@code [start, p)}
     * is plain ASCII. Escapes and UTF-8 are decoded into {@link #chars}.
     */
    private String readSlow(int start, int p) throws IOException {
        final byte[] b = buf;
        final int e = end;
        int n = p - start;
        char[] out = chars;
        if (out.length < n + 16) {
            out = chars = new char[Math.max(n + 16, out.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            out[i] = (char) b[start + i];
        }
        while (p < e) {
            int c = b[p];
            if (c == '"') {
                pos = p + 1;
                return new String(out, 0, n);
            }
            if (n + 2 > out.length) {
                out = chars = Arrays.copyOf(out, out.length * 2);
            }
            if (c == '\\') {
                int code = escape(p + 1);
                p = afterEscape;
                if (code > 0xffff) {
                    out[n++] = Character.highSurrogate(code);
                    out[n++] = Character.lowSurrogate(code);
                } else {
                    out[n++] = (char) code;
                }
            } else if (c < 0) {
                int code = utf8(p);
                p = afterEscape;
                if (code > 0xffff) {
                    out[n++] = Character.highSurrogate(code);
                    out[n++] = Character.lowSurrogate(code);
                } else {
                    out[n++] = (char) code;
                }
            } else if (c < 0x20) {
                throw badCharacter(p);
            } else {
                out[n++] = (char) c;
                p++;
            }
        }
        throw unterminated();
    }

    /** Skips the rest of a string or name, checking it as {@link #readString} does. */
    private void skipString() throws IOException {
        final byte[] b = buf;
        final int e = end;
        int p = pos;
        while (p < e) {
            int c = b[p];
            if (c == '"') {
                pos = p + 1;
                return;
            }
            if (c == '\\') {
                escape(p + 1);
                p = afterEscape;
            } else if (c < 0) {
                utf8(p);
                p = afterEscape;
            } else if (c < 0x20) {
                throw badCharacter(p);
            } else {
                p++;
            }
        }
        throw unterminated();
    }

    /**
     * Decodes the UTF-8 sequence that starts at {@code p} (a byte {@code >= 0x80}) as a strict
     * decoder does: no overlong form, no surrogate, nothing above U+10FFFF, no missing byte.
     * Returns the code point and sets {@link #afterEscape} after the sequence.
     */
    private int utf8(int p) throws MalformedJsonException {
        final byte[] b = buf;
        int lead = b[p] & 0xff;
        int length;
        int min;
        int code;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
            min = 0x80;
            code = lead & 0x1f;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            min = 0x800;
            code = lead & 0x0f;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            min = 0x10000;
            code = lead & 0x07;
        } else {
            throw invalidUtf8(p);
        }
        if (p + length > end) {
            throw invalidUtf8(p);
        }
        for (int i = 1; i < length; i++) {
            int next = b[p + i] & 0xff;
            if ((next & 0xc0) != 0x80) {
                throw invalidUtf8(p);
            }
            code = code << 6 | next & 0x3f;
        }
        if (code < min || code > Character.MAX_CODE_POINT || code >= Character.MIN_SURROGATE && code <= Character.MAX_SURROGATE) {
            throw invalidUtf8(p);
        }
        afterEscape = p + length;
        return code;
    }

    /**
     * Decodes the escape whose character after the backslash is at {@code p}; sets
     * {@link #afterEscape}. Returns a code point: an escaped surrogate pair is one code point, a
     * lone escaped surrogate is refused.
     */
    private int escape(int p) throws MalformedJsonException {
        if (p >= end) {
            throw syntax("Unterminated escape sequence");
        }
        afterEscape = p + 1;
        switch (buf[p]) {
            case '"', '\\', '/':
                return buf[p];
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                int value = hex4(p + 1);
                afterEscape = p + 5;
                if (Character.isHighSurrogate((char) value) && afterEscape + 6 <= end && buf[afterEscape] == '\\'
                        && buf[afterEscape + 1] == 'u') {
                    int low = hex4(afterEscape + 2);
                    if (Character.isLowSurrogate((char) low)) {
                        afterEscape += 6;
                        return Character.toCodePoint((char) value, (char) low);
                    }
                }
                if (value >= Character.MIN_SURROGATE && value <= Character.MAX_SURROGATE) {
                    throw syntax("Lone UTF-16 surrogate escaped");
                }
                return value;
            default:
                throw syntax("Invalid escape sequence");
        }
    }

    /** The value of the four hex digits at {@code p}. */
    private int hex4(int p) throws MalformedJsonException {
        if (p + 4 > end) {
            throw syntax("Unterminated escape sequence");
        }
        int value = 0;
        for (int i = p; i < p + 4; i++) {
            int digit = hexDigit(buf[i]);
            if (digit < 0) {
                throw syntax("Malformed Unicode escape");
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static int hexDigit(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Returns the name {@code [start, stop)} (plain ASCII), from the cache if it was read before. A
     * name of up to 16 bytes (nearly all) is keyed by its bytes read as two words: no loop over
     * its bytes to hash it or to compare it.
     */
    private String name(int start, int stop) {
        int length = stop - start;
        if (length > MAX_CACHED_NAME) {
            return new String(buf, start, length, StandardCharsets.ISO_8859_1);
        }
        byte[] b = buf;
        if (length > 2 * Long.BYTES) {
            int hash = 0;
            for (int i = start; i < stop; i++) {
                hash = 31 * hash + b[i];
            }
            int slot = slot(hash);
            byte[] cached = nameBytes[slot];
            if (cached != null && cached.length == length && ByteWords.matchesAt(b, start, cached)) {
                return nameStrings[slot];
            }
            return cacheName(slot, start, stop, 0, 0);
        }
        long first;
        long second;
        if (start + 2 * Long.BYTES <= b.length) {
            first = ByteWords.read(b, start) & ByteWords.lowBytes(Math.min(length, Long.BYTES));
            second = ByteWords.read(b, start + Long.BYTES) & ByteWords.lowBytes(Math.max(length - Long.BYTES, 0));
        } else { // near the end of the array: the same words, a byte at a time
            first = ByteWords.assemble(b, start, Math.min(length, Long.BYTES));
            second = ByteWords.assemble(b, start + Long.BYTES, Math.max(length - Long.BYTES, 0));
        }
        // a multiplication carries bits only upwards: fold the high half down before and after it
        long mixed = first * 0x9E3779B97F4A7C15L + second;
        mixed = (mixed ^ mixed >>> 32) * 0xBF58476D1CE4E5B9L;
        int slot = (int) (mixed ^ mixed >>> 29) & (NAME_CACHE_SIZE - 1);
        byte[] cached = nameBytes[slot];
        if (cached != null && cached.length == length && nameFirstWords[slot] == first && nameSecondWords[slot] == second) {
            return nameStrings[slot];
        }
        return cacheName(slot, start, stop, first, second);
    }

    private static int slot(int hash) {
        return (hash ^ hash >>> 7 ^ hash >>> 16) & (NAME_CACHE_SIZE - 1);
    }

    /** Makes the name {@code [start, stop)} and keeps it in {@code slot} (with its two words if it is short). */
    private String cacheName(int slot, int start, int stop, long first, long second) {
        String name = new String(buf, start, stop - start, StandardCharsets.ISO_8859_1);
        nameBytes[slot] = Arrays.copyOfRange(buf, start, stop);
        nameFirstWords[slot] = first;
        nameSecondWords[slot] = second;
        nameStrings[slot] = name;
        return name;
    }

    private void push(byte scope) throws MalformedJsonException {
        if (stackSize > MAX_DEPTH) {
            throw syntax("Nesting limit " + MAX_DEPTH + " reached");
        }
        stack[stackSize++] = scope;
    }

    private static JsonToken token(int peeked) {
        return switch (peeked) {
            case PEEKED_BEGIN_OBJECT -> JsonToken.BEGIN_OBJECT;
            case PEEKED_END_OBJECT -> JsonToken.END_OBJECT;
            case PEEKED_BEGIN_ARRAY -> JsonToken.BEGIN_ARRAY;
            case PEEKED_END_ARRAY -> JsonToken.END_ARRAY;
            case PEEKED_TRUE, PEEKED_FALSE -> JsonToken.BOOLEAN;
            case PEEKED_NULL -> JsonToken.NULL;
            case PEEKED_STRING -> JsonToken.STRING;
            case PEEKED_NAME -> JsonToken.NAME;
            case PEEKED_NUMBER -> JsonToken.NUMBER;
            case PEEKED_EOF -> JsonToken.END_DOCUMENT;
            default -> throw new AssertionError(peeked);
        };
    }

    // Every exception goes through one of these: they mark the reader failed until reset.

    private void fail() {
        failed = true;
        peeked = PEEKED_NONE;
    }

    private MalformedJsonException syntax(String message) {
        fail();
        return new MalformedJsonException(message + " at offset " + pos);
    }

    private EOFException endOfInput() {
        fail();
        return new EOFException("End of input at offset " + pos);
    }

    private MalformedJsonException unterminated() {
        pos = end;
        return syntax("Unterminated string");
    }

    private MalformedJsonException badCharacter(int at) {
        pos = at;
        return syntax("Unescaped control character");
    }

    private MalformedJsonException invalidUtf8(int at) {
        pos = at;
        return syntax("Invalid UTF-8");
    }

    /** Marks the reader failed and returns {@code e} to throw. */
    private <T extends RuntimeException> T failed(T e) {
        fail();
        return e;
    }

    private IllegalStateException unexpected(String expected, int actual) {
        JsonToken token = token(actual);
        fail();
        return new IllegalStateException("Expected " + expected + " but was " + token + " at offset " + pos);
    }

}
