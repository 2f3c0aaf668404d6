package dev.localipc.core;

import java.io.IOException;

/**
 * The server refused the handshake: wrong token (-32001), unsupported protocol (-32005), too many
 * clients (-32006), shutting down (-32008), or another handshake error of docs/PROTOCOL.md section 3.
 *
 * <pre>{@code
 * try (IpcClient client = IpcClient.builder("orchestrator").token(token).connect()) {
 *     ...
 * } catch (HandshakeException e) {
 *     if (e.code() == IpcErrorCodes.AUTHENTICATION_FAILED) {
 *         System.err.println("wrong token: " + e.getMessage());
 *     }
 * }
 * }</pre>
 */
public class HandshakeException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The server's error code. */
    private final int code;
    /** The error message the server sent, verbatim; null if unknown. */
    private final String serverMessage;

    /**
     * Creates the exception for the server's error {@code code}.
     *
     * @param code the server's error code, see {@link IpcErrorCodes}
     * @param message names the cause and the fix
     */
    public HandshakeException(int code, String message) {
        this(code, message, null);
    }

    /**
     * Same, keeping the error message the server sent, so that a program can word its own advice.
     *
     * @param code the server's error code, see {@link IpcErrorCodes}
     * @param message names the cause and the fix
     * @param serverMessage the server's error message, verbatim; null if unknown
     */
    public HandshakeException(int code, String message, String serverMessage) {
        super(message);
        this.code = code;
        this.serverMessage = serverMessage;
    }

    /** {@return the server's error code, see {@link IpcErrorCodes}} */
    public int code() {
        return code;
    }

    /**
     * {@return the error message the server sent, word for word} For example {@code "too many
     * clients: 64 connections are already in the handshake; try again shortly"}; {@link #getMessage()}
     * when the server's own words are unknown.
     */

    public String serverMessage() {
        return serverMessage != null ? serverMessage : getMessage();
    }
}
