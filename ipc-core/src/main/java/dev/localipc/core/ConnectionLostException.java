package dev.localipc.core;

/**
 * The connection to the peer is gone, or not ready: a request in flight when the link dropped
 * fails with this exception, and so does a call made while the client is reconnecting or closed.
 * Nothing is retried silently: decide in your code whether the call is safe to repeat.
 *
 * <pre>{@code
 * try {
 *     client.request("SAVE", doc, Void.class).get();
 * } catch (ExecutionException e) {
 *     if (e.getCause() instanceof ConnectionLostException) {
 *         // the server may or may not have saved: check before trying again
 *     }
 * }
 * }</pre>
 */
public class ConnectionLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message says which connection and why
     */
    public ConnectionLostException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message says which connection and why
     * @param cause the failure that ended the connection
     */

    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
