package dev.localipc.transport.unix.internal;

import dev.localipc.api.spi.BlockingCalls;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A socket's input stream whose blocking reads go through {@link BlockingCalls}, so that virtual
 * threads may read from many idle connections at once.
 *
 * <pre>{@code
 * InputStream in = new OffloadingInputStream(socket.getInputStream(), socket, "reading from " + path);
 * }</pre>
 *
 * <p>Thread-safety as the wrapped stream's: one reader at a time.
 */
public final class OffloadingInputStream extends InputStream {
    private final InputStream in;
    private final Closeable socket;
    private final String what;

    /** Wraps {@code in}, the input of {@code socket}; {@code what} names the operation in errors. */
    public OffloadingInputStream(InputStream in, Closeable socket, String what) {
        this.in = in;
        this.socket = socket;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        return BlockingCalls.call(in::read, socket, what);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        return BlockingCalls.call(() -> in.read(buffer, offset, length), socket, what);
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
