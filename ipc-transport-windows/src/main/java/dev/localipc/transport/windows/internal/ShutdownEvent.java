package dev.localipc.transport.windows.internal;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manual-reset event a pipe connection or listener sets when it is closed: every
 * {@link OverlappedOperation} of that object waits on it next to its own event, so setting it
 * wakes every blocked read, write or accept, which then cancels its operation.
 *
 * <pre>{@code
 * ShutdownEvent shutdown = ShutdownEvent.create(api, "pipe " + name);
 * OverlappedOperation connect = new OverlappedOperation(api, shutdown.handle(), "pipe " + name + " (accept)");
 * ...
 * shutdown.signal();   // in close(): wakes the waiting accept
 * shutdown.close();    // once no operation waits on it any more
 * }</pre>
 *
 * <p>Thread-safe: {@link #signal()} from any thread; {@link #close()} once, after every wait ended.
 */
public final class ShutdownEvent {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownEvent.class);

    private final Win32Pipes api;
    private final HANDLE event;
    private final String where;

    private ShutdownEvent(Win32Pipes api, HANDLE event, String where) {
        this.api = api;
        this.event = event;
        this.where = where;
    }

    /**
     * Creates an unset manual-reset event.
     *
     * @param where names the owner in messages, e.g. {@code "pipe \\.\pipe\app-x"}
     * @throws IOException naming the owner and the Win32 error if CreateEvent fails
     */
    public static ShutdownEvent create(Win32Pipes api, String where) throws IOException {
        Objects.requireNonNull(api, "api");
        HANDLE event = api.createEvent(true, false);
        if (event == null || WinBase.INVALID_HANDLE_VALUE.equals(event)) {
            throw new IOException(where + ": CreateEvent failed with " + Win32Error.describe(api.getLastError()));
        }
        return new ShutdownEvent(api, event, where);
    }

    /** The event handle, for the waits. */
    public HANDLE handle() {
        return event;
    }

    /** Sets the event, waking every wait on it; a failure is logged (close goes on regardless). */
    public void signal() {
        if (!api.setEvent(event)) {
            LOG.warn("{}: SetEvent(shutdown) failed with {}", where, Win32Error.describe(api.getLastError()));
        }
    }

    /** Closes the event handle. */
    public void close() {
        api.closeHandle(event);
    }
}
