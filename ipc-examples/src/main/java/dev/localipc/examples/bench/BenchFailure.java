package dev.localipc.examples.bench;

/**
 * A benchmark run failed its verification (a message missing, out of order or altered) or could
 * not complete; the message says which workload, what was expected and what came.
 *
 * <pre>{@code
 * throw new BenchFailure("W2: the server verified 999 of 1000 messages");
 * }</pre>
 */
public final class BenchFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public BenchFailure(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
