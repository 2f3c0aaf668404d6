package dev.localipc.core;

/**
 * No response arrived within the request timeout. The request was not cancelled on the peer (the
 * protocol has no cancel message): its handler may still run; a late response is logged and dropped.
 *
 * <pre>{@code
 * client.request("SLOW", null, Void.class)
 *       .exceptionally(e -> { if (e.getCause() instanceof RequestTimeoutException) retryLater(); return null; });
 * }</pre>
 */
public class RequestTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the method and the timeout
     */

    public RequestTimeoutException(String message) {
        super(message);
    }
}
