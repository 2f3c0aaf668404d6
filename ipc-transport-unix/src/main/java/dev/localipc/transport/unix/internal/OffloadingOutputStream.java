package dev.localipc.transport.unix.internal;

import dev.localipc.api.spi.BlockingCalls;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A socket's output stream whose writes go through {@link BlockingCalls}, so that virtual threads
 * blocked on full socket buffers do not starve other connections.
 *
 * <pre>{@code
 * OutputStream out = new OffloadingOutputStream(socket.getOutputStream(), socket, "writing to " + path);
 * }</pre>
 *
 * <p>Thread-safety as the wrapped stream's: one writer at a time.
 */
public final class OffloadingOutputStream extends OutputStream {
    private final OutputStream out;
    private final Closeable socket;
    private final String what;

    /** Wraps {@code out}, the output of {@code socket}; {@code what} names the operation in errors. */
    public OffloadingOutputStream(OutputStream out, Closeable socket, String what) {
        this.out = out;
        this.socket = socket;
        this.what = what;
    }

    @Override
    public void write(int value) throws IOException {
        BlockingCalls.call(() -> {
            out.write(value);
            return null;
        }, socket, what);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return;
        }
        BlockingCalls.call(() -> {
            out.write(buffer, offset, length);
            return null;
        }, socket, what);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
