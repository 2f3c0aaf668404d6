package dev.localipc.transport.windows.internal;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import java.util.Optional;

/**
 * Whether a pipe name is already held, and by whom, found the way a client would: CreateFile on
 * the name. ERROR_FILE_NOT_FOUND means no instance exists. When the pipe opens, its owner
 * (GetSecurityInfo) and its server's pid (GetNamedPipeServerProcessId) are read and the handle is
 * closed at once, before a byte is sent; the holder sees a client that came and left. The open
 * uses the transport's client flags, so the holder may identify this process, never impersonate it.
 *
 * <p>{@link PipeListener} asks before it creates the first instance of its pipe, so that a server
 * refuses a name held by another process even where FILE_FLAG_FIRST_PIPE_INSTANCE is not enforced
 * (Wine ignores it), and says who holds it.
 *
 * <pre>{@code
 * Optional<String> holder = PipeNameHolder.of(api, "\\\\.\\pipe\\app-alice-daemon");
 * // Optional[process 4242 running as S-1-5-21-...-1001]
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class PipeNameHolder {
    private PipeNameHolder() {
    }

    /**
     * Who holds pipe {@code name}, in words for an error message, or empty if no instance of it exists.
     */
    public static Optional<String> of(Win32Pipes api, String name) {
        HANDLE handle = api.createFile(name, PipeFlags.CLIENT_ACCESS, 0, WinNT.OPEN_EXISTING, PipeFlags.CLIENT_FLAGS);
        if (handle == null || WinBase.INVALID_HANDLE_VALUE.equals(handle)) {
            int error = api.getLastError();
            switch (error) {
                case Win32Error.ERROR_FILE_NOT_FOUND:
                    return Optional.empty();
                case Win32Error.ERROR_PIPE_BUSY:
                    return Optional.of("a process whose every instance of the pipe is busy (CreateFile: "
                            + Win32Error.describe(error) + "), so its pid and owner cannot be read");
                case Win32Error.ERROR_ACCESS_DENIED:
                    return Optional.of("a process of another user: the pipe's security descriptor refuses this user"
                            + " (CreateFile: " + Win32Error.describe(error) + ")");
                default:
                    return Optional.of("a process that cannot be identified (CreateFile: " + Win32Error.describe(error) + ")");
            }
        }
        try {
            String owner = api.getOwnerSid(handle);
            String ownerText = owner != null ? owner : "an owner GetSecurityInfo did not give (" + Win32Error.describe(api.getLastError()) + ")";
            long pid = api.getNamedPipeServerProcessId(handle);
            String pidText = pid >= 0 ? "process " + pid : "a process whose pid GetNamedPipeServerProcessId did not give ("
                    + Win32Error.describe(api.getLastError()) + ")";
            return Optional.of(pidText + " running as " + ownerText);
        } finally {
            api.closeHandle(handle);
        }
    }
}
