package dev.localipc.core.internal.wire;

import com.google.gson.FieldNamingStrategy;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonToken;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.RpcErrorException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds params, results and event data with Gson, straight from a frame's {@link FrameJsonReader}
 * (the decoder's one pass), and words what does not fit: -32602 naming the field, for a wrong
 * type (from Gson's path) or a missing required field (see {@link RequiredFields}).
 *
 * <p>The rules: {@code Void} ignores the value; {@code JsonElement} takes it as JSON; absent
 * params are an empty object for a class with fields (so its required fields are missing) and
 * null otherwise; an array where an object with named fields is expected is refused.
 *
 * <pre>{@code
 * Binding binding = new Binding(gson);
 * Object params = binding.read(reader, Pair.class);        // in the decoder's pass
 * Object data = binding.bindValue(spanReader, frame, start, end, Pair.class, "data of topic ", "t"); // or a BindFailure
 * RpcErrorException why = binding.explain(tree, Pair.class, "params of ", "add"); // null if it fits (the tests' reference)
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Binding {
    private static final Pattern PATH = Pattern.compile("path \\$((?:\\.[^\\s.\\[]+|\\[\\d+\\])+)");
    private static final Pattern GSON_DETAIL = Pattern.compile("^(?:[\\w.$]+Exception: )?(.*?)(?: at line \\d+ column \\d+)?(?: at)? path .*$",
            Pattern.DOTALL);
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    /**
     * Params that were read whole (the reader can go on) but are refused: the message is what
     * follows "invalid params of m: ".
     */
    public static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }

    private final Gson gson;
    private final FieldNamingStrategy naming;
    private final GsonAdapters adapters;

    /** Binds with {@code gson}. */
    public Binding(Gson gson) {
        this.gson = gson;
        this.naming = gson.fieldNamingStrategy();
        this.adapters = new GsonAdapters(gson);
    }

    /**
     * Reads the next value of {@code in} bound to {@code type}, and checks its required fields.
     *
     * @throws Refusal when the value was read but is refused (an array for an object; a missing
     *     required field): the reader can go on
     * @throws IOException or a RuntimeException when it does not fit or is not JSON: the reader is spent
     */
    public Object read(FrameJsonReader in, Type type) throws IOException {
        if (type == Void.class || type == void.class) {
            in.skipValue();
            return null;
        }
        if (in.peek() == JsonToken.BEGIN_ARRAY && type instanceof Class<?> && expectsObject((Class<?>) type)) {
            in.skipValue();
            throw new Refusal("expected an object with named fields, got an array");
        }
        return checked(adapters.get(type).read(in));
    }

    /**
     * The value at {@code frame[start, end)} (which a decoder noted during its pass, so it is JSON)
     * bound to {@code type}, or a {@link FrameDecoder.BindFailure} that says why not. It is read
     * with {@code reader} (reset to the value); what the reader refuses, the tree decides: it words
     * the refusal, or it binds a member named twice by its last value, as {@code JSON.parse} and
     * Gson's tree do.
     *
     * @param whatPrefix "data of topic " or the like, for the message
     */
    public Object bindValue(FrameJsonReader reader, byte[] frame, int start, int end, Type type, String whatPrefix,
            String whatName) {
        try {
            return read(reader.reset(frame, start, end), type);
        } catch (Refusal refused) {
            return new FrameDecoder.BindFailure("invalid " + whatPrefix + whatName + ": " + refused.getMessage());
        } catch (IOException | RuntimeException | StackOverflowError failed) {
            try {
                String text = new String(frame, start, end - start, StandardCharsets.UTF_8);
                return bindTree(StrictJson.parse(text), type, whatPrefix, whatName);
            } catch (RpcErrorException refused) {
                return new FrameDecoder.BindFailure(refused.getMessage());
            }
        }
    }

    /** Reads the next value of {@code in} as {@code type}, without the required-field check (a result). */
    public Object readResult(FrameJsonReader in, Type type) throws IOException {
        if (type == Void.class || type == void.class) {
            in.skipValue();
            return null;
        }
        return adapters.get(type).read(in);
    }

    /** The params of a call that has none: see the class rules. */
    public Object absent(Type type) throws IOException {
        if (type == Void.class || type == void.class) {
            return null;
        }
        if (type == JsonElement.class) {
            return JsonNull.INSTANCE;
        }
        if (type instanceof Class<?> && expectsObject((Class<?>) type)) {
            return checked(adapters.get(type).read(new FrameJsonReader().reset(EMPTY_OBJECT, 0, EMPTY_OBJECT.length)));
        }
        return null;
    }

    private Object checked(Object value) {
        if (value != null) {
            String missing = RequiredFields.firstMissing(value, naming);
            if (missing != null) {
                throw new Refusal("field '" + missing + "' is required but missing or null");
            }
        }
        return value;
    }

    /**
     * Words why {@code params} (as JSON, from the refused frame) do not bind to {@code type}: the
     * -32602 to answer, or null if they do bind (the decoder refused what Gson reads: a bug).
     *
     * @param whatPrefix "params of " or "data of topic ", for the message
     */
    public RpcErrorException explain(JsonElement params, Type type, String whatPrefix, String whatName) {
        try {
            bindTree(params, type, whatPrefix, whatName);
            return null;
        } catch (RpcErrorException e) {
            return e;
        }
    }

    /** Words why a result does not fit {@code type} (Gson's message, cleaned), or null if it fits. */
    public String resultMismatch(JsonElement result, Type type) {
        try {
            fromText(TypeToken.get(type), result == null ? JsonNull.INSTANCE : result);
            return null;
        } catch (RuntimeException e) {
            return StrictJson.cleanMessage(e.getMessage());
        }
    }

    /**
     * A result as the tree {@code result} holds it, bound to {@code type}: the decoder's way when
     * reading the frame refused what the tree binds (a member named twice: the tree keeps the last).
     *
     * @throws RuntimeException Gson's, when it does not fit (see {@link #resultMismatch})
     */
    public Object readResultTree(JsonElement result, Type type) {
        return fromText(TypeToken.get(type), result == null ? JsonNull.INSTANCE : result);
    }

    /**
     * Binds {@code params} (a tree) as the decoder would; throws the -32602 with the exact message.
     * The decoder's way when reading the frame refused what the tree binds: a member named twice
     * is read in turn from the frame, each value bound, while the tree keeps the last one only (as
     * Gson's {@code JsonParser} and JavaScript's {@code JSON.parse} do); the tree decides.
     *
     * @throws RpcErrorException -32602 with the words of the refusal
     */
    public Object bindTree(JsonElement params, Type type, String whatPrefix, String whatName) {
        if (type == Void.class || type == void.class) {
            return null;
        }
        if (type == JsonElement.class) {
            return params == null ? JsonNull.INSTANCE : params;
        }
        if (params == null || params.isJsonNull()) {
            if (type instanceof Class<?> && expectsObject((Class<?>) type)) {
                params = new JsonObject();
            } else {
                return null;
            }
        }
        if (params.isJsonArray() && type instanceof Class<?> && expectsObject((Class<?>) type)) {
            throw invalid("invalid " + whatPrefix + whatName + ": expected an object with named fields, got an array");
        }
        Object value;
        try {
            value = fromText(TypeToken.get(type), params);
        } catch (StackOverflowError e) {
            throw invalid("invalid " + whatPrefix + whatName + ": nested too deeply");
        } catch (JsonParseException | IllegalArgumentException | IllegalStateException e) {
            String located = type instanceof Class<?> ? locate(params, (Class<?>) type, "", 0) : null;
            throw invalid("invalid " + whatPrefix + whatName + ": " + (located != null ? located : describe(e)));
        }
        if (value != null) {
            String missing = RequiredFields.firstMissing(value, naming);
            if (missing != null) {
                throw invalid("invalid " + whatPrefix + whatName + ": field '" + missing + "' is required but missing or null");
            }
        }
        return value;
    }

    /** Finds the field whose value does not fit its type, binding one field at a time (error path only). */
    private String locate(JsonElement params, Class<?> type, String prefix, int depth) {
        if (!params.isJsonObject() || depth > 8 || !RequiredFields.isApplicationClass(type)) {
            return null;
        }
        JsonObject object = params.getAsJsonObject();
        for (Class<?> c = type; c != null && RequiredFields.isApplicationClass(c); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers()) || field.isSynthetic()) {
                    continue;
                }
                String name = RequiredFields.jsonName(field, naming);
                JsonElement value = object.get(name);
                if (value == null || value.isJsonNull()) {
                    continue;
                }
                try {
                    fromText(TypeToken.get(field.getGenericType()), value);
                } catch (RuntimeException | StackOverflowError e) {
                    String deeper = locate(value, field.getType(), prefix + name + ".", depth + 1);
                    return deeper != null ? deeper : "field '" + prefix + name + "' has the wrong type: expected "
                            + expected(field.getType()) + ", got " + kind(value);
                }
            }
        }
        return null;
    }

    /**
     * Binds {@code json} by reading it as text. Gson's reader refuses a number that does not fit
     * the target (4294967296 or 1.5 for an int), where binding from the {@code JsonElement} tree
     * would narrow it silently.
     */
    private Object fromText(TypeToken<?> type, JsonElement json) {
        try {
            return gson.getAdapter(type).fromJson(json.toString());
        } catch (IOException e) {
            throw new JsonSyntaxException(e);
        }
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == long.class || type == short.class || type == byte.class || type == Integer.class
                || type == Long.class || type == Short.class || type == Byte.class) {
            return "an integer";
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class
                || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "an object (" + type.getSimpleName() + ")";
    }

    private static String kind(JsonElement value) {
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonArray()) {
            return "an array";
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        if (primitive.isString()) {
            return "the string " + (primitive.getAsString().length() > 40 ? "\"" + primitive.getAsString().substring(0, 40) + "...\""
                    : primitive.toString());
        }
        return primitive.isBoolean() ? "the boolean " + primitive : "the number " + primitive;
    }

    static boolean expectsObject(Class<?> type) {
        return !type.isArray() && !type.isPrimitive() && !Collection.class.isAssignableFrom(type)
                && !type.getName().startsWith("java.lang.") && type != JsonElement.class
                && !JsonElement.class.isAssignableFrom(type);
    }

    private static String describe(RuntimeException e) {
        String message = StrictJson.cleanMessage(e.getMessage());
        Throwable cause = e.getCause();
        if ((message == null || message.isEmpty()) && cause != null) {
            message = StrictJson.cleanMessage(cause.getMessage());
        }
        Matcher path = PATH.matcher(message);
        String field = path.find() ? path.group(1).substring(1) : null;
        Matcher detail = GSON_DETAIL.matcher(message);
        String why = detail.matches() ? detail.group(1) : message;
        if (field == null) {
            return why;
        }
        return "field '" + field + "' has the wrong type (" + why + ")";
    }

    private static RpcErrorException invalid(String message) {
        return new RpcErrorException(IpcErrorCodes.INVALID_PARAMS, message);
    }
}
