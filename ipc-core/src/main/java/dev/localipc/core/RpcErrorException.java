package dev.localipc.core;

import com.google.gson.Gson;
import com.google.gson.JsonElement;

/**
 * A JSON-RPC error: thrown by a handler to answer with this code, message and data, and the
 * exception a request's future fails with when the peer answers with an error.
 *
 * <pre>{@code
 * server.onRequest("GET_TASK", TaskId.class, (ctx, p) -> {
 *     Task task = tasks.get(p.id);
 *     if (task == null) {
 *         throw new RpcErrorException(404, "no task " + p.id + ": list tasks with LIST_TASKS", Map.of("id", p.id));
 *     }
 *     return task;
 * });
 * }</pre>
 *
 * <p>Application handlers use codes outside -32768..-32000 (see {@link IpcErrorCodes}).
 * Immutable and thread-safe.
 */
public class RpcErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final Gson PLAIN = new Gson();

    /** The JSON-RPC error code. */
    private final int code;
    private final transient JsonElement data;

    /**
     * An error without data.
     *
     * @param code the JSON-RPC error code; applications use codes outside -32768..-32000
     * @param message the error's message
     */
    public RpcErrorException(int code, String message) {
        this(code, message, (JsonElement) null);
    }

    /**
     * An error whose {@code data} member is {@code data} turned into JSON with a plain Gson.
     *
     * @param code the JSON-RPC error code; applications use codes outside -32768..-32000
     * @param message the error's message
     * @param data the error's data (null: no data)
     */
    public RpcErrorException(int code, String message, Object data) {
        this(code, message, data == null ? null : data instanceof JsonElement ? (JsonElement) data : PLAIN.toJsonTree(data));
    }

    /**
     * An error whose {@code data} member is {@code data}.
     *
     * @param code the JSON-RPC error code; applications use codes outside -32768..-32000
     * @param message the error's message
     * @param data the error's data, copied (null or JSON null: no data)
     */
    public RpcErrorException(int code, String message, JsonElement data) {
        super(message);
        this.code = code;
        this.data = data == null || data.isJsonNull() ? null : data.deepCopy();
    }

    /** {@return the JSON-RPC error code} */
    public int code() {
        return code;
    }

    /** {@return a copy of the error's {@code data} member, or null when it has none} */

    public JsonElement data() {
        return data == null ? null : data.deepCopy();
    }

    @Override
    public String toString() {
        return getClass().getName() + ": " + code + " " + getMessage() + (data == null ? "" : " data=" + data);
    }
}
