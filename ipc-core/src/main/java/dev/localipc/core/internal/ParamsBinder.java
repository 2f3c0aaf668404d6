package dev.localipc.core.internal;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonSyntaxException;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.RpcErrorException;
import com.google.gson.JsonPrimitive;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds JSON params to a handler's params type with Gson and rejects what does not fit with
 * -32602 naming the field: a wrong type (from Gson's JSON path) or a missing required field
 * (see {@link RequiredFields}).
 */
public final class ParamsBinder {
    private static final Pattern PATH = Pattern.compile("path \\$((?:\\.[^\\s.\\[]+|\\[\\d+\\])+)");
    private static final Pattern GSON_DETAIL = Pattern.compile("^(?:[\\w.$]+Exception: )?(.*?)(?: at line \\d+ column \\d+)?(?: at)? path .*$",
            Pattern.DOTALL);

    private final Gson gson;

    /** Binds with {@code gson}. */
    public ParamsBinder(Gson gson) {
        this.gson = gson;
    }

    /**
     * Returns {@code params} bound to {@code type}.
     *
     * @param what "params of GET_STATE" or "data of topic state", for messages
     * @throws RpcErrorException -32602 naming the field when the params do not fit
     */
    public Object bind(JsonElement params, Type type, String what) {
        return bind(params, type, what, "");
    }

    /**
     * Like {@link #bind(JsonElement, Type, String)} with {@code what} given in two parts
     * ({@code "params of "} and the method), joined only for an error message.
     */
    public Object bind(JsonElement params, Type type, String whatPrefix, String whatName) {
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
            String missing = RequiredFields.firstMissing(value, gson.fieldNamingStrategy());
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
                String name = RequiredFields.jsonName(field, gson.fieldNamingStrategy());
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
     * Binds {@code json} (a result) to {@code type} as Gson's streaming reader does, with no
     * required-field check: as the fast path binds a result, and refusing a number that does not
     * fit (see {@link #fromText}).
     *
     * @throws JsonParseException if it does not fit
     */
    public Object readAsText(JsonElement json, Type type) {
        return fromText(TypeToken.get(type), json == null ? JsonNull.INSTANCE : json);
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

    private static boolean expectsObject(Class<?> type) {
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
