package dev.localipc.api.spi;

import java.io.Closeable;
import java.io.IOException;

/**
 * A listening endpoint, created by {@link TransportProvider#listen}. It owns the socket (or
 * pipe) and the token file, and removes both when closed or when the JVM shuts down.
 *
 * <pre>{@code
 * try (TransportListener listener = provider.listen(address, options)) {
 *     while (true) {
 *         TransportConnection connection = listener.accept();
 *         executor.execute(() -> serve(connection));
 *     }
 * } catch (ClosedListenerException stopped) {
 *     // close() was called
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread and makes a blocked
 * {@link #accept()} throw {@link java.nio.channels.AsynchronousCloseException} or another
 * {@link IOException}. Only one thread should call {@code accept()} at a time.
 */
public interface TransportListener extends Closeable {

    /** {@return the address this listener is bound to} */
    TransportAddress address();

    /**
     * Waits for the next client that passes the transport's checks (peer user allowed) and
     * returns its connection. Refused peers are closed and logged, never returned.
     *
     * @return the accepted connection
     * @throws IOException if the listener is closed or the OS fails
     */
    TransportConnection accept() throws IOException;

    /** {@return whether {@link #close()} has not been called yet} */

    boolean isOpen();

    /**
     * Stops listening and removes the socket and token files. Connections already accepted
     * stay open. Idempotent.
     */
    @Override
    void close() throws IOException;
}
