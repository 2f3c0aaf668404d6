package dev.localipc.api.spi;

import dev.localipc.api.PeerIdentity;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One open, reliable, ordered byte stream between two local processes.
 *
 * <pre>{@code
 * try (TransportConnection connection = provider.connect(address, ConnectOptions.defaults())) {
 *     connection.output().write("{\"jsonrpc\":\"2.0\",...}\n".getBytes(UTF_8));
 *     connection.output().flush();
 *     int n = connection.input().read(buffer);
 * }
 * }</pre>
 *
 * <p>Thread-safety: one thread may read while another writes; {@link #close()} may be called
 * from any thread, and a blocked read or write then fails with an {@link IOException}.
 * Concurrent reads (or concurrent writes) need external synchronisation.
 */
public interface TransportConnection extends Closeable {

    /**
     * {@return the stream of bytes from the peer} Its {@code read} returns -1 once the peer closed or
     * shut down its output.
     *
     * @throws IOException if the connection is closed
     */
    InputStream input() throws IOException;

    /**
     * {@return the stream of bytes to the peer} Writes are unbuffered: wrap it or write whole frames.
     *
     * @throws IOException if the connection is closed
     */
    OutputStream output() throws IOException;

    /** {@return who is at the other end, as far as the OS says} */
    PeerIdentity peer();

    /** {@return where this connection was made, for logs and errors} */
    TransportAddress address();

    /**
     * Half-close: the peer reads end-of-stream; this side can still read.
     *
     * @throws IOException if the connection is closed or the OS fails
     */
    void shutdownOutput() throws IOException;

    /** {@return whether {@link #close()} has not been called and the OS has not reported the link dead} */

    boolean isOpen();

    /** Closes both directions. Idempotent. */
    @Override
    void close() throws IOException;
}
