package dev.localipc.transport.windows.internal;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import dev.localipc.api.PeerIdentity;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.UntrustedServerException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of a named pipe (PROTOCOL.md section 6): CreateFile with FILE_FLAG_OVERLAPPED
 * and {@code SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION} (the server may learn who we are,
 * never act as us); ERROR_PIPE_BUSY retried with WaitNamedPipe until the connect timeout; then,
 * before anything is sent, the pipe's owner must be this user, or the handle is closed and
 * {@link UntrustedServerException} thrown. The server's pid comes from GetNamedPipeServerProcessId.
 *
 * <pre>{@code
 * PipeConnection connection = PipeConnector.connect(api, address, ConnectOptions.defaults(), userSid);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class PipeConnector {
    private static final Logger LOG = LoggerFactory.getLogger(PipeConnector.class);

    private PipeConnector() {
    }

    /**
     * Opens and verifies a connection to the pipe at {@code address}.
     *
     * @param userSid this process's user SID: the owner the pipe must have
     * @throws ConnectException if no server listens on the pipe
     * @throws SocketTimeoutException if every instance stayed busy for the whole timeout
     * @throws UntrustedServerException if the pipe is another user's, or its DACL refuses us
     */
    public static PipeConnection connect(Win32Pipes api, TransportAddress address, ConnectOptions options, String userSid)
            throws IOException {
        String name = address.location();
        long timeoutMillis = options.timeout().toMillis();
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (true) {
            HANDLE handle = api.createFile(name, PipeFlags.CLIENT_ACCESS, 0, WinNT.OPEN_EXISTING, PipeFlags.CLIENT_FLAGS);
            if (handle != null && !WinBase.INVALID_HANDLE_VALUE.equals(handle)) {
                return verified(api, handle, address, userSid);
            }
            int error = api.getLastError();
            switch (error) {
                case Win32Error.ERROR_PIPE_BUSY:
                    break;
                case Win32Error.ERROR_FILE_NOT_FOUND:
                    throw nobodyListens(address);
                case Win32Error.ERROR_ACCESS_DENIED:
                    throw new UntrustedServerException("pipe " + name + " exists but its security descriptor refuses"
                            + " this user (ERROR_ACCESS_DENIED): another user's process holds the name, so nothing was"
                            + " sent. Stop that process or use " + PipeAddresses.otherName(address));
                default:
                    throw new IOException("cannot open pipe " + name + ": CreateFile failed with " + Win32Error.describe(error));
            }
            long remaining = (deadline - System.nanoTime()) / 1_000_000;
            if (remaining <= 0) {
                throw busyTooLong(name, timeoutMillis);
            }
            // Never 0: that is NMPWAIT_USE_DEFAULT_WAIT, the server's default time-out.
            int wait = (int) Math.max(1, Math.min(remaining, Integer.MAX_VALUE - 1));
            if (!api.waitNamedPipe(name, wait)) {
                int waitError = api.getLastError();
                if (waitError == Win32Error.ERROR_FILE_NOT_FOUND) {
                    throw nobodyListens(address);
                }
                if (waitError != Win32Error.ERROR_SEM_TIMEOUT) {
                    throw new IOException("cannot wait for pipe " + name + ": WaitNamedPipe failed with "
                            + Win32Error.describe(waitError));
                }
                if (deadline - System.nanoTime() <= 0) {
                    throw busyTooLong(name, timeoutMillis);
                }
            }
        }
    }

    private static PipeConnection verified(Win32Pipes api, HANDLE handle, TransportAddress address, String userSid)
            throws IOException {
        String name = address.location();
        String owner = api.getOwnerSid(handle);
        if (owner == null) {
            int error = api.getLastError();
            api.closeHandle(handle);
            throw new IOException("cannot check who owns pipe " + name + ": GetSecurityInfo failed with "
                    + Win32Error.describe(error) + "; nothing was sent");
        }
        if (!owner.equals(userSid)) {
            api.closeHandle(handle);
            throw new UntrustedServerException("pipe " + name + " is owned by " + owner + ", not by this user ("
                    + userSid + "): another user's process holds the name, so nothing was sent. Stop that process"
                    + " or use " + PipeAddresses.otherName(address));
        }
        long serverPid = api.getNamedPipeServerProcessId(handle);
        if (serverPid < 0) {
            LOG.debug("pipe {}: GetNamedPipeServerProcessId failed with {}", name, Win32Error.describe(api.getLastError()));
        }
        return new PipeConnection(api, handle, address, PeerIdentity.windows(serverPid, owner), "client");
    }

    private static ConnectException nobodyListens(TransportAddress address) {
        return new ConnectException("no server listens on pipe " + address.location() + " (ERROR_FILE_NOT_FOUND): start"
                + " the server first, or check " + PipeAddresses.whatNamesIt(address));
    }

    private static SocketTimeoutException busyTooLong(String name, long timeoutMillis) {
        return new SocketTimeoutException("every instance of pipe " + name + " stayed busy for " + timeoutMillis
                + " ms (ERROR_PIPE_BUSY): the server is not accepting fast enough; retry later or raise the connect timeout");
    }
}
