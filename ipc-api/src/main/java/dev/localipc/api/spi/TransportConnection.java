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

    /** The stream of bytes from the peer; {@code read} returns -1 once the peer closed or shut down its output. */
    InputStream input() throws IOException;

    /** The stream of bytes to the peer. Writes are unbuffered: wrap it or write whole frames. */
    OutputStream output() throws IOException;

    /** Who is at the other end, as far as the OS says. */
    PeerIdentity peer();

    /** Where this connection was made, for logs and errors. */
    TransportAddress address();

    /** Half-close: the peer reads end-of-stream; this side can still read. */
    void shutdownOutput() throws IOException;

    /** Whether {@link #close()} has not been called and the OS has not reported the link dead. */
    boolean isOpen();

    /** Closes both directions. Idempotent. */
    @Override
    void close() throws IOException;
}
