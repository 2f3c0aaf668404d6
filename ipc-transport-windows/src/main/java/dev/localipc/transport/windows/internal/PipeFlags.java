package dev.localipc.transport.windows.internal;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;

/**
 * The exact flags the transport passes to CreateNamedPipe and CreateFile (PROTOCOL.md section 6).
 * Kept in one place so the unit tests can name them.
 *
 * <pre>{@code
 * api.createNamedPipe(name, PipeFlags.serverOpenMode(true), PipeFlags.SERVER_PIPE_MODE, ...);
 * }</pre>
 *
 * <p>Constants only; thread-safe.
 */
public final class PipeFlags {
    /** Byte stream, byte reads, blocking semantics, and local clients only. */
    public static final int SERVER_PIPE_MODE = WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT
            | WinBase.PIPE_REJECT_REMOTE_CLIENTS;
    /** As many instances as clients. */
    public static final int MAX_INSTANCES = WinBase.PIPE_UNLIMITED_INSTANCES;
    /** Each instance's in and out buffer size: a hint to the kernel. */
    public static final int BUFFER_SIZE = 64 * 1024;
    /** The client's access to the pipe. */
    public static final int CLIENT_ACCESS = WinNT.GENERIC_READ | WinNT.GENERIC_WRITE;
    /** Overlapped I/O, and the server may identify, never impersonate, the client. */
    public static final int CLIENT_FLAGS = WinNT.FILE_FLAG_OVERLAPPED | PipeKernel32.SECURITY_SQOS_PRESENT
            | PipeKernel32.SECURITY_IDENTIFICATION;

    private PipeFlags() {
    }

    /** Duplex, overlapped, and on the first instance only, fail if anyone already holds the name. */
    public static int serverOpenMode(boolean firstInstance) {
        int mode = WinBase.PIPE_ACCESS_DUPLEX | WinNT.FILE_FLAG_OVERLAPPED;
        return firstInstance ? mode | PipeKernel32.FILE_FLAG_FIRST_PIPE_INSTANCE : mode;
    }
}
