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
    /**
     * Message-type pipe read in byte mode, blocking semantics, and local clients only.
     *
     * <p>Message type is what makes half-close work: on a byte-type pipe the system "does not
     * differentiate between the bytes written in different write operations", so a zero-byte
     * WriteFile transfers nothing and the reader never learns of it (a run under Wine showed
     * a pending ReadFile that never completed); on a message-type pipe each write is a message
     * unit, and a zero-length message completes the peer's ReadFile with zero bytes, the
     * end-of-stream mark {@link PipeConnection#shutdownOutput()} sends. Both ends read in byte
     * mode (a client's handle starts in byte-read mode), so messages are read as one byte stream
     * and never fail with ERROR_MORE_DATA. go-winio implements CloseWrite the same way.
     * https://learn.microsoft.com/en-us/windows/win32/ipc/named-pipe-type-read-and-wait-modes
     */
    public static final int SERVER_PIPE_MODE = WinBase.PIPE_TYPE_MESSAGE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT
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
