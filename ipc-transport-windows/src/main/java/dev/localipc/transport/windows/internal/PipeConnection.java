package dev.localipc.transport.windows.internal;

import com.sun.jna.Memory;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import dev.localipc.api.PeerIdentity;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.AsynchronousCloseException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end of a connected pipe instance (server or client) as a {@link TransportConnection}.
 *
 * <p>The handle was opened with FILE_FLAG_OVERLAPPED: on a synchronous handle Windows serialises
 * I/O, so a read blocked waiting for data would stop a write on the same handle (a deadlock
 * between two peers that both read while they write). Each direction has its own OVERLAPPED,
 * manual-reset event and native buffer ({@link Memory}; never a Java {@code byte[]}, which JNA
 * copies only for the duration of one call). Waits cover the direction's event and the
 * connection's shutdown event. {@link #close()} sets the shutdown event; a waiting operation
 * then cancels itself (CancelIoEx) and waits for its completion (GetOverlappedResult with
 * wait=TRUE) before close frees the buffers and closes the handles.
 *
 * <p>Half-close: named pipes have none, so {@link #shutdownOutput()} writes zero bytes. The pipe is
 * a message-type pipe ({@link PipeFlags#SERVER_PIPE_MODE}), so that write is a zero-length
 * message (on a byte-type pipe it would transfer nothing). The peer's ReadFile then succeeds with
 * zero bytes, which ReadFile's documentation says happens on a pipe exactly when the other end
 * wrote zero bytes (https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-readfile);
 * this transport reads it as end of stream. A read in byte mode stops before a zero-length
 * message, so the bytes written before it are read first.
 *
 * <pre>{@code
 * try (TransportConnection connection = provider.connect(address, ConnectOptions.defaults())) {
 *     connection.output().write(frame);
 * }
 * }</pre>
 *
 * <p>Thread-safe as {@link TransportConnection} says: one reader and one writer at a time, close from anywhere.
 */
public final class PipeConnection implements TransportConnection {
    private static final Logger LOG = LoggerFactory.getLogger(PipeConnection.class);
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final Win32Pipes api;
    private final HANDLE pipe;
    private final ShutdownEvent shutdown;
    private final TransportAddress address;
    private final PeerIdentity peer;
    private final String where;
    private final Direction in;
    private final Direction out;
    private final InputStream input = new PipeInputStream();
    private final OutputStream output = new PipeOutputStream();
    private final ReentrantLock closeLock = new ReentrantLock();

    private volatile boolean closed;
    private volatile boolean peerGone;
    private boolean endOfStream;   // guarded by in.lock
    private boolean outputShutDown; // guarded by out.lock

    /**
     * Wraps a connected, overlapped pipe handle; the connection owns it from now on (on failure too).
     *
     * @param side "server" or "client", for messages
     * @throws IOException if an event cannot be created
     */
    public PipeConnection(Win32Pipes api, HANDLE pipe, TransportAddress address, PeerIdentity peer, String side)
            throws IOException {
        this.api = Objects.requireNonNull(api, "api");
        this.pipe = Objects.requireNonNull(pipe, "pipe");
        this.address = Objects.requireNonNull(address, "address");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.where = side + " end of pipe " + address.location();
        ShutdownEvent shutdownEvent = null;
        Direction reading = null;
        try {
            shutdownEvent = ShutdownEvent.create(api, where);
            reading = new Direction(new OverlappedOperation(api, shutdownEvent.handle(), where + " (read)"));
            this.out = new Direction(new OverlappedOperation(api, shutdownEvent.handle(), where + " (write)"));
            this.in = reading;
            this.shutdown = shutdownEvent;
        } catch (IOException | RuntimeException failed) {
            if (reading != null) {
                reading.free();
            }
            if (shutdownEvent != null) {
                shutdownEvent.close();
            }
            api.closeHandle(pipe);
            throw failed;
        }
    }

    @Override
    public InputStream input() {
        return input;
    }

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
    public boolean isOpen() {
        return !closed && !peerGone;
    }

    @Override
    public void shutdownOutput() throws IOException {
        out.lock.lock();
        try {
            ensureOpen();
            if (outputShutDown) {
                return;
            }
            outputShutDown = true;
            write(null, 0, 0); // a zero-length message: the peer reads it as end of stream
        } finally {
            out.lock.unlock();
        }
    }

    /**
     * Closes both directions: wakes any waiting read or write (they cancel their operation and
     * wait for it), then frees the native buffers and closes the events and the pipe handle.
     * Idempotent.
     */
    @Override
    public void close() throws IOException {
        closeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            shutdown.signal();
            boolean inFreed = in.awaitIdleAndFree();
            boolean outFreed = out.awaitIdleAndFree();
            if (!api.closeHandle(pipe)) {
                LOG.warn("{}: CloseHandle(pipe) failed with {}", where, Win32Error.describe(api.getLastError()));
            }
            if (inFreed && outFreed) {
                shutdown.close();
            }
        } finally {
            closeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return where + " " + peer;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(where + " is closed");
        }
    }

    private int read(byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        in.lock.lock();
        try {
            while (true) {
                ensureOpen();
                if (endOfStream) {
                    return -1;
                }
                int wanted = Math.min(length, BUFFER_SIZE);
                long result = in.operation.run(pipe,
                        () -> api.readFile(pipe, in.buffer, wanted, in.operation.overlapped()));
                if (result > 0) {
                    in.buffer.read(0, target, offset, (int) result);
                    return (int) result;
                }
                if (result == 0) { // the peer wrote zero bytes: its shutdownOutput()
                    endOfStream = true;
                    return -1;
                }
                int error = (int) -result;
                if (error == Win32Error.ERROR_BROKEN_PIPE || error == Win32Error.ERROR_PIPE_NOT_CONNECTED
                        || error == Win32Error.ERROR_NO_DATA) {
                    endOfStream = true;
                    peerGone = true;
                    return -1;
                }
                if (error == Win32Error.ERROR_OPERATION_ABORTED && closed) {
                    throw new AsynchronousCloseException();
                }
                throw new IOException(where + ": ReadFile failed with " + Win32Error.describe(error));
            }
        } finally {
            in.lock.unlock();
        }
    }

    private void write(byte[] source, int offset, int length) throws IOException {
        out.lock.lock();
        try {
            ensureOpen();
            int done = 0;
            do {
                int chunk = Math.min(length - done, BUFFER_SIZE);
                if (chunk > 0) {
                    out.buffer.write(0, source, offset + done, chunk);
                }
                long result = out.operation.run(pipe, () -> api.writeFile(pipe, out.buffer, chunk, out.operation.overlapped()));
                if (result < 0) {
                    int error = (int) -result;
                    if (error == Win32Error.ERROR_NO_DATA || error == Win32Error.ERROR_BROKEN_PIPE
                            || error == Win32Error.ERROR_PIPE_NOT_CONNECTED) {
                        peerGone = true;
                        throw new IOException(where + ": the peer closed the pipe (" + Win32Error.describe(error)
                                + "); " + (length - done) + " bytes were not sent");
                    }
                    if (error == Win32Error.ERROR_OPERATION_ABORTED && closed) {
                        throw new AsynchronousCloseException();
                    }
                    throw new IOException(where + ": WriteFile failed with " + Win32Error.describe(error));
                }
                done += (int) result;
            } while (done < length);
        } finally {
            out.lock.unlock();
        }
    }

    /** One direction: a lock held for the whole operation, its overlapped slot and its native buffer. */
    private final class Direction {
        final ReentrantLock lock = new ReentrantLock();
        final OverlappedOperation operation;
        final Memory buffer = new Memory(BUFFER_SIZE);

        Direction(OverlappedOperation operation) {
            this.operation = operation;
        }

        /** Waits until no operation runs (a waiting one cancels itself on the shutdown event), then frees. */
        boolean awaitIdleAndFree() {
            if (!Locks.tryLockUninterruptibly(lock, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                // Freeing memory the kernel may still write to would corrupt the heap: leak it instead.
                LOG.error("{}: an operation did not end within {} s of close; its buffer and event are leaked",
                        where, CLOSE_WAIT_SECONDS);
                return false;
            }
            try {
                free();
                return true;
            } finally {
                lock.unlock();
            }
        }

        void free() {
            operation.close();
            buffer.close();
        }
    }

    private final class PipeInputStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = PipeConnection.this.read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            return PipeConnection.this.read(target, offset, length);
        }

        @Override
        public void close() throws IOException {
            PipeConnection.this.close();
        }
    }

    private final class PipeOutputStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] source, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, source.length);
            if (length == 0) {
                return; // a zero-byte write means end of stream to the peer; only shutdownOutput() sends one
            }
            out.lock.lock();
            try {
                if (outputShutDown) {
                    throw new IOException(where + ": output was shut down; no more bytes can be sent");
                }
                PipeConnection.this.write(source, offset, length);
            } finally {
                out.lock.unlock();
            }
        }

        @Override
        public void close() throws IOException {
            PipeConnection.this.close();
        }
    }
}
