package dev.localipc.transport.windows.internal;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinBase.OVERLAPPED;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import dev.localipc.api.spi.BlockingCalls;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One overlapped operation slot: its own OVERLAPPED and manual-reset event, reused for one
 * operation at a time (one direction of a connection, or the listener's ConnectNamedPipe).
 *
 * <p>{@link #run} starts an operation, and when it pends waits on the operation's event and the
 * owner's shutdown event together. When the shutdown event wins, the operation is cancelled
 * with CancelIoEx and {@code GetOverlappedResult(wait=TRUE)} waits until the kernel has let go
 * of the OVERLAPPED and the buffer: only then may the caller free them. See
 * https://learn.microsoft.com/en-us/windows/win32/sync/synchronization-and-overlapped-input-and-output
 *
 * <pre>{@code
 * long result = slot.run(pipe, () -> api.readFile(pipe, buffer, buffer.size(), slot.overlapped()), "read");
 * if (result >= 0) { ... bytes ... } else if (-result == Win32Error.ERROR_BROKEN_PIPE) { ... end of stream ... }
 * }</pre>
 *
 * <p>Not thread-safe: one operation at a time; the owner serialises callers. {@link #close()}
 * only after no operation is running.
 */
public final class OverlappedOperation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OverlappedOperation.class);

    private final Win32Pipes api;
    private final HANDLE event;
    private final HANDLE shutdown;
    private final OVERLAPPED overlapped;
    private final String where;

    /** Starts one overlapped call; returns the call's BOOL result. */
    @FunctionalInterface
    public interface Start {
        /** Issues the call with {@link #overlapped()}. */
        boolean start();
    }

    /**
     * Creates the slot's manual-reset event and OVERLAPPED.
     *
     * @param shutdown the owner's manual-reset event; once set, waiting operations are cancelled
     * @param where names the pipe and direction in messages
     * @throws IOException if CreateEvent fails
     */
    public OverlappedOperation(Win32Pipes api, HANDLE shutdown, String where) throws IOException {
        this.api = api;
        this.shutdown = shutdown;
        this.where = where;
        this.event = api.createEvent(true, false);
        if (event == null || WinBase.INVALID_HANDLE_VALUE.equals(event)) {
            throw new IOException(where + ": CreateEvent failed with " + Win32Error.describe(api.getLastError()));
        }
        this.overlapped = new OVERLAPPED();
        overlapped.hEvent = event;
        overlapped.write(); // the kernel reads hEvent from native memory; nothing writes it again
    }

    /** The OVERLAPPED to pass to the call started by {@link #run}. */
    public OVERLAPPED overlapped() {
        return overlapped;
    }

    /** The slot's manual-reset event. */
    public HANDLE event() {
        return event;
    }

    /**
     * Runs one operation on {@code handle} to completion.
     *
     * @return the bytes transferred ({@code >= 0}), or minus the Win32 error code the operation
     *         failed with (including an immediate failure other than ERROR_IO_PENDING)
     * @throws AsynchronousCloseException if the shutdown event was set while the operation pended;
     *         the operation was cancelled and has completed
     * @throws IOException if waiting failed
     */
    public long run(HANDLE handle, Start start) throws IOException {
        if (!start.start()) {
            int error = api.getLastError();
            if (error != Win32Error.ERROR_IO_PENDING) {
                return -(long) error;
            }
            HANDLE[] events = {event, shutdown};
            int signaled = BlockingCalls.callUninterruptibly(() -> api.waitForMultipleObjects(events, false, Win32Pipes.INFINITE));
            if (signaled != Win32Pipes.WAIT_OBJECT_0) {
                int waitError = signaled == Win32Pipes.WAIT_FAILED ? api.getLastError() : 0;
                cancelAndDrain(handle);
                if (signaled == Win32Pipes.WAIT_OBJECT_0 + 1) {
                    throw new AsynchronousCloseException();
                }
                throw new IOException(where + ": WaitForMultipleObjects returned " + signaled
                        + (waitError != 0 ? " with " + Win32Error.describe(waitError) : ""));
            }
        }
        IntByReference transferred = new IntByReference();
        if (api.getOverlappedResult(handle, overlapped, transferred, false)) {
            return Integer.toUnsignedLong(transferred.getValue());
        }
        return -(long) api.getLastError();
    }

    /**
     * Cancels the operation in flight on {@code handle} and waits until it completed, so that its
     * OVERLAPPED and buffer may be freed.
     */
    public void cancelAndDrain(HANDLE handle) {
        if (!api.cancelIoEx(handle, overlapped)) {
            int error = api.getLastError();
            if (error != Win32Error.ERROR_NOT_FOUND) { // ERROR_NOT_FOUND: it completed meanwhile
                LOG.warn("{}: CancelIoEx failed with {}; waiting for the operation anyway", where, Win32Error.describe(error));
            }
        }
        IntByReference ignored = new IntByReference();
        if (!api.getOverlappedResult(handle, overlapped, ignored, true)) {
            int error = api.getLastError();
            if (error != Win32Error.ERROR_OPERATION_ABORTED) {
                LOG.debug("{}: the cancelled operation ended with {}", where, Win32Error.describe(error));
            }
        }
    }

    /** Closes the event. Call only when no operation is in flight. */
    @Override
    public void close() {
        if (!api.closeHandle(event)) {
            LOG.warn("{}: CloseHandle(event) failed with {}", where, Win32Error.describe(api.getLastError()));
        }
    }
}
