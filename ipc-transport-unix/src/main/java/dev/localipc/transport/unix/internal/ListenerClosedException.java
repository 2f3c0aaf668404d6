package dev.localipc.transport.unix.internal;

import java.nio.channels.AsynchronousCloseException;

/**
 * {@code accept()} ended because the listener was closed. An
 * {@link AsynchronousCloseException}, with a message naming the socket.
 *
 * <pre>{@code
 * try {
 *     listener.accept();
 * } catch (AsynchronousCloseException closed) {
 *     // normal shutdown
 * }
 * }</pre>
 */
public final class ListenerClosedException extends AsynchronousCloseException {
    private static final long serialVersionUID = 1L;

    private final String location;

    /** The listener on {@code location} was closed; {@code cause} is what accept() saw. */
    public ListenerClosedException(String location, Throwable cause) {
        this.location = location;
        initCause(cause);
    }

    @Override
    public String getMessage() {
        return "the listener on " + location + " was closed";
    }
}
