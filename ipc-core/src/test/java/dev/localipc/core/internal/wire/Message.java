package dev.localipc.core.internal.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * One JSON-RPC 2.0 message, classified and checked against the specification.
 *
 * @param kind what it is
 * @param id the id (null when the message has none or it is invalid)
 * @param method the method of a request or notification
 * @param params the params (null when absent)
 * @param result the result of a success response
 * @param error the error object of an error response
 * @param problem why an {@link Kind#INVALID} message is invalid
 */
public record Message(Kind kind, JsonElement id, String method, JsonElement params, JsonElement result,
        JsonObject error, String problem) {

    /** The kinds of message. */
    public enum Kind { REQUEST, NOTIFICATION, RESPONSE, INVALID }

    /** Classifies one element of a frame (a frame's value, or one member of a batch). */
    public static Message of(JsonElement element) {
        if (!element.isJsonObject()) {
            return invalid(null, "a JSON-RPC message must be an object, not " + describe(element));
        }
        JsonObject object = element.getAsJsonObject();
        JsonElement id = object.get("id");
        boolean hasId = object.has("id");
        boolean validId = !hasId || id.isJsonNull() || (id.isJsonPrimitive() && !id.getAsJsonPrimitive().isBoolean());
        JsonElement version = object.get("jsonrpc");
        if (version == null || !version.isJsonPrimitive() || !version.getAsJsonPrimitive().isString()
                || !"2.0".equals(version.getAsString())) {
            return invalid(validId ? id : null, "\"jsonrpc\" must be \"2.0\"");
        }
        if (!validId) {
            return invalid(null, "\"id\" must be a string, a number or null");
        }
        JsonElement method = object.get("method");
        if (method != null) {
            if (!method.isJsonPrimitive() || !((JsonPrimitive) method).isString()) {
                return invalid(id, "\"method\" must be a string");
            }
            JsonElement params = object.get("params");
            if (params != null && !params.isJsonObject() && !params.isJsonArray()) {
                return invalid(id, "\"params\" must be an object or an array");
            }
            return new Message(hasId ? Kind.REQUEST : Kind.NOTIFICATION, id, method.getAsString(), params, null, null, null);
        }
        if (hasId && (object.has("result") || object.has("error"))) {
            JsonElement error = object.get("error");
            if (error != null && !error.isJsonNull()) {
                if (!error.isJsonObject()) {
                    return invalid(id, "\"error\" must be an object");
                }
                return new Message(Kind.RESPONSE, id, null, null, null, error.getAsJsonObject(), null);
            }
            return new Message(Kind.RESPONSE, id, null, null, object.get("result"), null, null);
        }
        return invalid(hasId ? id : null, "a JSON-RPC message needs \"method\" (request, notification)"
                + " or \"result\"/\"error\" with \"id\" (response)");
    }

    /** Whether this is a request or notification. */
    public boolean isCall() {
        return kind == Kind.REQUEST || kind == Kind.NOTIFICATION;
    }

    private static Message invalid(JsonElement id, String problem) {
        return new Message(Kind.INVALID, id, null, null, null, null, problem);
    }

    private static String describe(JsonElement element) {
        if (element.isJsonArray()) {
            return "an array";
        }
        if (element.isJsonNull()) {
            return "null";
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        return primitive.isString() ? "a string" : primitive.isNumber() ? "a number" : "a boolean";
    }
}
