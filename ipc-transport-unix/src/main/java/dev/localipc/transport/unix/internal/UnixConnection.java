package dev.localipc.transport.unix.internal;

import dev.localipc.api.PeerIdentity;
import dev.localipc.api.spi.BlockingCalls;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.newsclub.net.unix.AFUNIXSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(UnixConnection.class);
    /** How long a close waits for the reads and writes it woke to leave before it releases the descriptor. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final AFUNIXSocket socket;
    private final PeerIdentity peer;
    private final TransportAddress address;
    private final InputStream input;
    private final OutputStream output;
    private final DescriptorGuard guard = new DescriptorGuard();
    private volatile boolean closed;

    /** Wraps a connected socket whose peer is {@code peer}. */
    public UnixConnection(AFUNIXSocket socket, PeerIdentity peer, TransportAddress address) throws IOException {
        this.socket = socket;
        this.peer = peer;
        this.address = address;
        this.input = new OffloadingInputStream(socket.getInputStream(), this, guard, "reading from " + address.location());
        this.output = new OffloadingOutputStream(socket.getOutputStream(), this, guard, "writing to " + address.location());
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
        return !closed && !socket.isClosed();
    }

    /**
     * Closes the socket without ever handing its descriptor number to another connection while
     * a read or write of this one may still use it: shut down both directions (blocked calls
     * return), wait for them to leave, then release the descriptor. See {@link DescriptorGuard}.
     */
    @Override
    public void close() throws IOException {
        if (!guard.startClosing()) {
            return;
        }
        closed = true;
        try {
            socket.getChannel().shutdownInput();
            socket.getChannel().shutdownOutput();
        } catch (IOException alreadyGone) {
            LOG.debug("shutting down {} before close: {}", address.location(), alreadyGone.toString());
        }
        try {
            if (!guard.awaitIdle(CLOSE_WAIT_MILLIS)) {
                LOG.warn("a read or write on {} did not return within {} ms of shutdown; closing the socket anyway",
                        address.location(), CLOSE_WAIT_MILLIS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } finally {
            socket.close();
        }
    }

    @Override
    public String toString() {
        return "unix connection on " + address.location() + " with " + peer;
    }
}
