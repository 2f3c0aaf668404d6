package dev.localipc.core.internal;

import com.google.gson.FieldNamingStrategy;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongFunction;

/**
 * Decodes the frames that make up nearly all traffic with no JSON tree: an application request
 * or notification with object params, or a success response with an object result to a typed
 * request. Their params or result are bound straight to the handler's (or the request's) type
 * with Gson's adapter.
 *
 * <ul>
 *   <li>{@link #decode(byte[], int, int)}: an ASCII frame exactly as {@link Frames} writes it
 *       ({@code {"jsonrpc":"2.0","id":7,"method":"m","params":{...}}}, without the id for a
 *       notification, or {@code {"jsonrpc":"2.0","id":7,"result":{...}}}): the envelope is matched
 *       byte by byte, and only the params or result go through a reusable {@link FrameJsonReader}
 *       over the frame's bytes (no {@code String} of the frame, no reader allocated per frame).</li>
 *   <li>{@link #decode(String)}: any frame with the members in that order, read with Gson's
 *       strict streaming reader.</li>
 * </ul>
 *
 * <p>Whatever it does not recognise exactly (another member order, a batch, an error response, a
 * reserved {@code ipc.} method, a method without a handler, params that do not bind or lack a
 * required field, anything after the value) makes it return null with nothing done, and the
 * caller's general path handles the frame with its exact errors.
 *
 * <pre>{@code
 * FastPath.Decoded frame = fastPath.decode(bytes, start, length);
 * if (frame != null && frame.kind == FastPath.Kind.NOTIFICATION) {
 *     handle(frame.method, frame.entry, frame.value);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one per link, used by its reader thread only.
 */
final class FastPath {
    /** What a decoded frame is. */
    enum Kind { REQUEST, NOTIFICATION, RESULT }

    private static final byte[] JSONRPC = ascii("{\"jsonrpc\":\"2.0\",");
    private static final byte[] ID = ascii("\"id\":");
    private static final byte[] METHOD = ascii("\"method\":\"");
    private static final byte[] PARAMS = ascii("\",\"params\":");
    private static final byte[] RESULT = ascii("\"result\":");
    /** Decimal digits of an id that always fit in a long. */
    private static final int MAX_ID_DIGITS = 18;

    private final HandlerTable handlers;
    private final Gson gson;
    private final FieldNamingStrategy naming;
    private final LongFunction<CallFuture<?>> pending;
    /** Made on first use (see {@link #json()}). */
    private FrameJsonReader json;
    private final FrameTextReader text = new FrameTextReader();
    private final Route requests = new Route();
    private final Route notifications = new Route();
    private Class<?> resultType;
    private TypeAdapter<?> resultAdapter;

    /**
     * @param pending the request waiting for a response with an id, or null
     */
    FastPath(HandlerTable handlers, Gson gson, LongFunction<CallFuture<?>> pending) {
        this.handlers = handlers;
        this.gson = gson;
        this.naming = gson.fieldNamingStrategy();
        this.pending = pending;
    }

    /**
     * One decoded frame. A new object per frame on purpose: storing each frame's values into this
     * long-lived decoder would make every frame pay the garbage collector's barrier for a young
     * object referenced from an old one (measured: G1's concurrent refinement took CPU from W2).
     */
    static final class Decoded {
        /** What the frame is. */
        final Kind kind;
        /** Its id (requests and results), else -1. */
        final long id;
        /** Its method (requests and notifications). */
        final String method;
        /** The handler of its method (requests and notifications). */
        final HandlerTable.Entry entry;
        /** Its params (requests and notifications) or result, bound. */
        final Object value;
        /** The request it answers (results); it was pending when the frame was decoded. */
        final CallFuture<?> call;

        Decoded(Kind kind, long id, String method, HandlerTable.Entry entry, Object value, CallFuture<?> call) {
            this.kind = kind;
            this.id = id;
            this.method = method;
            this.entry = entry;
            this.value = value;
            this.call = call;
        }
    }

    /**
     * Decodes an ASCII frame ({@code bytes[from, from + length)}, no line terminator) written
     * exactly as {@link Frames} writes it.
     *
     * @return the frame, or null if it was not decoded (it is left untouched for the general path)
     */
    Decoded decode(byte[] bytes, int from, int length) {
        int end = from + length;
        int last = end - 1;
        if (length < JSONRPC.length + 4 || bytes[last] != '}' || !startsWith(bytes, from, end, JSONRPC)) {
            return null;
        }
        int at = from + JSONRPC.length;
        long requestId = -1;
        if (startsWith(bytes, at, end, ID)) {
            at += ID.length;
            int digits = 0;
            long parsed = 0;
            while (at < end && bytes[at] >= '0' && bytes[at] <= '9' && digits <= MAX_ID_DIGITS) {
                parsed = parsed * 10 + (bytes[at++] - '0');
                digits++;
            }
            if (digits == 0 || digits > MAX_ID_DIGITS || digits > 1 && bytes[at - digits] == '0' || at >= end || bytes[at++] != ',') {
                return null;
            }
            requestId = parsed;
            if (startsWith(bytes, at, end, RESULT)) {
                return decodeResult(bytes, from, at + RESULT.length, last, requestId);
            }
        }
        if (!startsWith(bytes, at, end, METHOD)) {
            return null;
        }
        int nameStart = at + METHOD.length;
        int nameEnd = nameStart;
        while (nameEnd < end && bytes[nameEnd] != '"') {
            byte b = bytes[nameEnd];
            if (b < 0x20 || b > 0x7e || b == '\\') {
                return null;
            }
            nameEnd++;
        }
        if (nameEnd == nameStart || !startsWith(bytes, nameEnd, end, PARAMS)) {
            return null;
        }
        int paramsStart = nameEnd + PARAMS.length;
        if (paramsStart >= last || bytes[paramsStart] != '{') {
            return null;
        }
        boolean request = requestId >= 0;
        Route route = (request ? requests : notifications).find(bytes, nameStart, nameEnd);
        if (route == null) {
            return null;
        }
        if (route.viaText) {
            return decode(new String(bytes, from, length, StandardCharsets.ISO_8859_1));
        }
        Object params;
        try {
            params = route.adapter.read(json().reset(bytes, paramsStart, last));
            if (!json.atEnd()) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            // FrameJsonReader refuses some things that Gson's reader reads (a Map's keys): if
            // Gson's reader takes this frame, this method's frames go that way from now on
            Decoded decoded = decode(new String(bytes, from, length, StandardCharsets.ISO_8859_1));
            route.viaText = decoded != null;
            return decoded;
        }
        if (params == null || RequiredFields.firstMissing(params, naming) != null) {
            return null;
        }
        return new Decoded(request ? Kind.REQUEST : Kind.NOTIFICATION, requestId, route.method, route.entry, params, null);
    }

    private Decoded decodeResult(byte[] bytes, int from, int resultStart, int last, long requestId) {
        if (resultStart >= last || bytes[resultStart] != '{') {
            return null;
        }
        CallFuture<?> waiting = pending.apply(requestId);
        TypeAdapter<?> adapter = waiting == null ? null : resultAdapter(waiting);
        if (adapter == null) {
            return null;
        }
        Object result;
        try {
            result = adapter.read(json().reset(bytes, resultStart, last));
            if (!json.atEnd()) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            // as for params: Gson's reader may take what the byte reader refuses (a Map's keys)
            return decode(new String(bytes, from, last + 1 - from, StandardCharsets.ISO_8859_1));
        }
        return new Decoded(Kind.RESULT, requestId, null, null, result, waiting);
    }

    /**
     * Decodes a frame of any text whose members are in the order {@link Frames} writes them,
     * with Gson's strict streaming reader (the path for frames that are not plain ASCII).
     *
     * @return the frame, or null if it was not decoded (it is left untouched for the general path)
     */
    Decoded decode(String frame) {
        if (frame.isEmpty() || frame.charAt(0) != '{' || StrictJson.escapesASurrogate(frame) || hasControlCharacter(frame)) {
            // Gson's reader would let through a lone surrogate, or a control character in a string
            // it skips (an unknown member): the general path refuses both
            return null;
        }
        JsonReader in = new JsonReader(text.reset(frame));
        in.setStrictness(Strictness.STRICT);
        try {
            in.beginObject();
            if (!in.hasNext() || !"jsonrpc".equals(in.nextName()) || in.peek() != JsonToken.STRING
                    || !"2.0".equals(in.nextString()) || !in.hasNext()) {
                return null;
            }
            String name = in.nextName();
            long requestId = -1;
            if (name.equals("id")) {
                if (in.peek() != JsonToken.NUMBER) {
                    return null;
                }
                requestId = Long.parseLong(in.nextString());
                if (requestId < 0 || !in.hasNext()) {
                    return null;
                }
                name = in.nextName();
            }
            if (name.equals("method")) {
                return decodeCall(in, requestId);
            }
            if (name.equals("result") && requestId >= 0) {
                return decodeResult(in, requestId);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Decoded decodeCall(JsonReader in, long requestId) throws IOException {
        if (in.peek() != JsonToken.STRING) {
            return null;
        }
        String name = in.nextString();
        if (name.startsWith("ipc.") || !in.hasNext() || !"params".equals(in.nextName()) || in.peek() != JsonToken.BEGIN_OBJECT) {
            return null;
        }
        boolean request = requestId >= 0;
        HandlerTable.Entry handler = request ? handlers.forRequest(name) : handlers.forNotification(name);
        TypeAdapter<?> adapter = handler == null ? null : adapterFor(handler.paramsType);
        if (adapter == null) {
            return null;
        }
        Object params = adapter.read(in);
        in.endObject();
        if (in.peek() != JsonToken.END_DOCUMENT || params == null || RequiredFields.firstMissing(params, naming) != null) {
            return null;
        }
        return new Decoded(request ? Kind.REQUEST : Kind.NOTIFICATION, requestId, name, handler, params, null);
    }

    private Decoded decodeResult(JsonReader in, long requestId) throws IOException {
        if (in.peek() != JsonToken.BEGIN_OBJECT) {
            return null;
        }
        CallFuture<?> waiting = pending.apply(requestId);
        TypeAdapter<?> adapter = waiting == null ? null : resultAdapter(waiting);
        if (adapter == null) {
            return null;
        }
        Object result = adapter.read(in);
        in.endObject();
        if (in.peek() != JsonToken.END_DOCUMENT) {
            return null;
        }
        return new Decoded(Kind.RESULT, requestId, null, null, result, waiting);
    }

    /** The reader over frames' bytes, made when the first frame needs it: a connection that only did its handshake holds none. */
    private FrameJsonReader json() {
        FrameJsonReader reader = json;
        if (reader == null) {
            reader = json = new FrameJsonReader();
        }
        return reader;
    }

    /** The adapter for a result of {@code waiting}'s type, or null if the fast path does not bind it; the last one is remembered. */
    private TypeAdapter<?> resultAdapter(CallFuture<?> waiting) {
        if (waiting.method.startsWith("ipc.") || !(waiting.resultType instanceof Class)) {
            return null;
        }
        Class<?> type = (Class<?>) waiting.resultType;
        if (type != resultType) {
            TypeAdapter<?> adapter = adapterFor(type);
            if (adapter == null) {
                return null;
            }
            resultAdapter = adapter;
            resultType = type;
        }
        return resultAdapter;
    }

    /** Gson's adapter for {@code type} if the fast path binds it (an application class), else null. */
    private TypeAdapter<?> adapterFor(java.lang.reflect.Type type) {
        if (!(type instanceof Class)) {
            return null;
        }
        Class<?> c = (Class<?>) type;
        if (c == Void.class || c == void.class || JsonElement.class.isAssignableFrom(c) || c.isPrimitive() || c.isArray()
                || !RequiredFields.isApplicationClass(c)) {
            return null;
        }
        return gson.getAdapter(c);
    }

    /** The method, handler and adapter of the last method name seen of one kind, found again by its bytes. */
    private final class Route {
        private byte[] name = new byte[0];
        private String method;
        private HandlerTable.Entry entry;
        private TypeAdapter<?> adapter;
        /** Whether this method's params are read with Gson's reader over the frame's text (the byte reader could not bind them). */
        private boolean viaText;

        /** This route updated for the name in {@code bytes[from, to)}, or null if the fast path does not take that method. */
        Route find(byte[] bytes, int from, int to) {
            if (to - from == name.length && startsWith(bytes, from, to, name) && adapter != null) {
                return this;
            }
            String found = new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
            if (found.startsWith("ipc.")) {
                return null;
            }
            HandlerTable.Entry handler = this == requests ? handlers.forRequest(found) : handlers.forNotification(found);
            TypeAdapter<?> bound = handler == null ? null : adapterFor(handler.paramsType);
            if (bound == null) {
                return null;
            }
            name = Arrays.copyOfRange(bytes, from, to);
            viaText = false;
            method = found;
            entry = handler;
            adapter = bound;
            return this;
        }
    }

    /**
     * Whether {@code text} holds a character below U+0020: JSON allows one only as whitespace
     * between tokens (which {@link Frames} never writes), never raw inside a string.
     */
    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 0x20) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code prefix} is found at {@code at}, before {@code end}. */
    private static boolean startsWith(byte[] bytes, int at, int end, byte[] prefix) {
        return end - at >= prefix.length && ByteWords.matchesAt(bytes, at, prefix);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
