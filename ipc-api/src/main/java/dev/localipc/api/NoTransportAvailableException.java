package dev.localipc.api;

/**
 * No transport can be used: none is on the class or module path, the one forced with
 * {@value Transports#TRANSPORT_PROPERTY} is missing or unavailable, or every one found reports
 * itself unavailable. The message lists every provider tried and why each failed; each
 * failure is also attached as a suppressed exception.
 *
 * <pre>{@code
 * try {
 *     TransportProvider transport = Transports.select();
 * } catch (NoTransportAvailableException e) {
 *     System.err.println(e.getMessage());
 * }
 * }</pre>
 */
public class NoTransportAvailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that lists the providers tried and why each failed.
     *
     * @param message the providers tried, why each failed, and what to add
     */

    public NoTransportAvailableException(String message) {
        super(message);
    }
}
