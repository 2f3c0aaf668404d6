package dev.localipc.core;

/**
 * The error codes of the wire protocol (docs/PROTOCOL.md section 7). Codes from -32099 to -32000
 * are the library's; application handlers use codes outside -32768..-32000.
 *
 * <pre>{@code
 * try {
 *     client.request("GET_STATE", null, State.class).get();
 * } catch (ExecutionException e) {
 *     if (e.getCause() instanceof RpcErrorException error && error.code() == IpcErrorCodes.METHOD_NOT_FOUND) {
 *         // the server does not know GET_STATE
 *     }
 * }
 * }</pre>
 *
 * <p>Constants only; thread-safe.
 */
public final class IpcErrorCodes {
    /** Bad JSON or bad UTF-8 in a frame; the connection stays open. */
    public static final int PARSE_ERROR = -32700;
    /** Valid JSON that is not a JSON-RPC 2.0 message. */
    public static final int INVALID_REQUEST = -32600;
    /** No handler for the method. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** The params do not fit the handler's type; the message names the field. */
    public static final int INVALID_PARAMS = -32602;
    /** The handler threw; no stack trace is sent. */
    public static final int INTERNAL_ERROR = -32603;
    /** Wrong or missing token (closes). */
    public static final int AUTHENTICATION_FAILED = -32001;
    /** A frame over the size limit (closes). */
    public static final int FRAME_TOO_LARGE = -32002;
    /** No {@code ipc.hello} within the handshake timeout (closes). */
    public static final int HANDSHAKE_TIMEOUT = -32003;
    /** The first frame was not {@code ipc.hello} (closes). */
    public static final int HANDSHAKE_REQUIRED = -32004;
    /** Unsupported protocol version; {@code data.supported} lists the versions (closes). */
    public static final int UNSUPPORTED_PROTOCOL = -32005;
    /** The server is at its client (or pending handshake) limit (closes). */
    public static final int TOO_MANY_CLIENTS = -32006;
    /** This client's outbound queue is full: it reads too slowly (closes). */
    public static final int OVERLOADED = -32007;
    /** The server is shutting down (closes). */
    public static final int SHUTTING_DOWN = -32008;

    private IpcErrorCodes() {
    }

    /**
     * Whether a peer closes the connection after sending this code.
     *
     * @param code a JSON-RPC error code
     * @return true for -32001 to -32008
     */

    public static boolean closesConnection(int code) {
        return code <= -32001 && code >= -32008;
    }
}
