package dev.localipc.transport.windows.internal;

/**
 * The Win32 error codes the named-pipe transport acts on, and their names for messages.
 * Values from https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--0-499-
 * and the pages after it.
 *
 * <pre>{@code
 * throw new IOException("CreateNamedPipe failed: " + Win32Error.describe(api.getLastError()));
 * // "CreateNamedPipe failed: ERROR_ACCESS_DENIED (5)"
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Win32Error {
    /** The pipe name does not exist: no server has an instance. */
    public static final int ERROR_FILE_NOT_FOUND = 2;
    /** Access denied: a DACL refused, or FILE_FLAG_FIRST_PIPE_INSTANCE met an existing pipe. */
    public static final int ERROR_ACCESS_DENIED = 5;
    /** A handle is not valid (closed). */
    public static final int ERROR_INVALID_HANDLE = 6;
    /** The file exists (CREATE_NEW). */
    public static final int ERROR_FILE_EXISTS = 80;
    /** A parameter is invalid. */
    public static final int ERROR_INVALID_PARAMETER = 87;
    /** The other end closed the pipe (reads, once the buffered data is gone). */
    public static final int ERROR_BROKEN_PIPE = 109;
    /** WaitNamedPipe timed out. */
    public static final int ERROR_SEM_TIMEOUT = 121;
    /** Every instance of the pipe is busy. */
    public static final int ERROR_PIPE_BUSY = 231;
    /** The pipe is being closed: writing to a pipe whose other end closed, or a client that left before ConnectNamedPipe. */
    public static final int ERROR_NO_DATA = 232;
    /** No process is on the other end of the pipe (the server disconnected it). */
    public static final int ERROR_PIPE_NOT_CONNECTED = 233;
    /** ConnectNamedPipe: a client connected between CreateNamedPipe and ConnectNamedPipe; it is connected. */
    public static final int ERROR_PIPE_CONNECTED = 535;
    /** The server instance waits for a client; no I/O yet. */
    public static final int ERROR_PIPE_LISTENING = 536;
    /** The I/O was cancelled (CancelIoEx). */
    public static final int ERROR_OPERATION_ABORTED = 995;
    /** GetOverlappedResult without waiting: the operation is still in progress. */
    public static final int ERROR_IO_INCOMPLETE = 996;
    /** The overlapped operation is in progress; completion signals the OVERLAPPED's event. */
    public static final int ERROR_IO_PENDING = 997;
    /** CancelIoEx found no operation to cancel. */
    public static final int ERROR_NOT_FOUND = 1168;

    private Win32Error() {
    }

    /** The code's name and number, such as {@code ERROR_PIPE_BUSY (231)}. */
    public static String describe(int code) {
        return name(code) + " (" + code + ")";
    }

    private static String name(int code) {
        switch (code) {
            case ERROR_FILE_NOT_FOUND: return "ERROR_FILE_NOT_FOUND";
            case ERROR_ACCESS_DENIED: return "ERROR_ACCESS_DENIED";
            case ERROR_INVALID_HANDLE: return "ERROR_INVALID_HANDLE";
            case ERROR_FILE_EXISTS: return "ERROR_FILE_EXISTS";
            case ERROR_INVALID_PARAMETER: return "ERROR_INVALID_PARAMETER";
            case ERROR_BROKEN_PIPE: return "ERROR_BROKEN_PIPE";
            case ERROR_SEM_TIMEOUT: return "ERROR_SEM_TIMEOUT";
            case ERROR_PIPE_BUSY: return "ERROR_PIPE_BUSY";
            case ERROR_NO_DATA: return "ERROR_NO_DATA";
            case ERROR_PIPE_NOT_CONNECTED: return "ERROR_PIPE_NOT_CONNECTED";
            case ERROR_PIPE_CONNECTED: return "ERROR_PIPE_CONNECTED";
            case ERROR_PIPE_LISTENING: return "ERROR_PIPE_LISTENING";
            case ERROR_OPERATION_ABORTED: return "ERROR_OPERATION_ABORTED";
            case ERROR_IO_INCOMPLETE: return "ERROR_IO_INCOMPLETE";
            case ERROR_IO_PENDING: return "ERROR_IO_PENDING";
            case ERROR_NOT_FOUND: return "ERROR_NOT_FOUND";
            default: return "Win32 error";
        }
    }
}
