package dev.localipc.core;

/**
 * A topic listener registered with {@link IpcClient#subscribe}. Closing it removes the listener;
 * when no listener is left for the topic the client unsubscribes from the server.
 *
 * <pre>{@code
 * try (Subscription sub = client.subscribe("state", State.class, (s, seq) -> show(s))) {
 *     awaitUserQuit();
 * }
 * }</pre>
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public interface Subscription extends AutoCloseable {
    /** {@return the topic} */

    String topic();

    /** Removes the listener. Idempotent; never throws. */
    @Override
    void close();
}
