package dev.localipc.transport.unix.internal;

import dev.localipc.api.PeerIdentity;
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
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Wraps a connected socket whose peer is {@code peer}. */
    public UnixConnection(AFUNIXSocket socket, PeerIdentity peer, TransportAddress address) {
        this.socket = socket;
        this.peer = peer;
        this.address = address;
    }

    @Override
    public InputStream input() throws IOException {
        return socket.getInputStream();
    }

    @Override
    public OutputStream output() throws IOException {
        return socket.getOutputStream();
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
        socket.shutdownOutput();
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
