package dev.localipc.transport.unix.internal;

import dev.localipc.api.PeerIdentity;
import dev.localipc.api.spi.BlockingCalls;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * A connected AF_UNIX socket whose peer has passed the credential check.
 *
 * <pre>{@code
 * TransportConnection connection = new UnixConnection(socket, PeerIdentity.unix(pid, uid, gid), address);
 * }</pre>
 *
 * <p>Thread-safety as {@link TransportConnection} says: one reader and one writer at a time,
 * {@link #close()} from any thread.
 */
public final class UnixConnection implements TransportConnection {
    private final AFUNIXSocket socket;
    private final PeerIdentity peer;
    private final TransportAddress address;
    private final InputStream input;
    private final OutputStream output;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Wraps a connected socket whose peer is {@code peer}. */
    public UnixConnection(AFUNIXSocket socket, PeerIdentity peer, TransportAddress address) throws IOException {
        this.socket = socket;
        this.peer = peer;
        this.address = address;
        this.input = new OffloadingInputStream(socket.getInputStream(), socket, "reading from " + address.location());
        this.output = new OffloadingOutputStream(socket.getOutputStream(), socket, "writing to " + address.location());
    }

    /** Blocking calls from virtual threads run on platform threads: see {@link BlockingCalls}. */
    @Override
    public InputStream input() {
        return input;
    }

    /** Blocking calls from virtual threads run on platform threads: see {@link BlockingCalls}. */
    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public PeerIdentity peer() {
        return peer;
    }

    @Override
    public TransportAddress address() {
        return address;
    }

    @Override
    public void shutdownOutput() throws IOException {
        // Through the channel: on JDK 24+ java.net.Socket.shutdownOutput() checks connection state
        // that junixsocket's sockets never set, and fails with "Socket is not connected".
        socket.getChannel().shutdownOutput();
    }

    @Override
    public boolean isOpen() {
        return !closed.get() && !socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            socket.close();
        }
    }

    @Override
    public String toString() {
        return "unix connection on " + address.location() + " with " + peer;
    }
}
