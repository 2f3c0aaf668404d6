package dev.localipc.transport.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * The kernel32 calls and constants that jna-platform's {@code Kernel32} lacks, or declares in a
 * shape unusable for overlapped I/O. jna-platform takes the OVERLAPPED as a {@code Structure},
 * which JNA writes to native memory before and reads back after every call: that would overwrite
 * the status the kernel stores asynchronously, so these take the OVERLAPPED's native address.
 * Buffers are {@link Pointer}s to native memory: a Java {@code byte[]} would be copied for the
 * duration of one call only, while the kernel fills an overlapped buffer later.
 *
 * <pre>{@code
 * PipeKernel32 kernel32 = Native.load("kernel32", PipeKernel32.class, W32APIOptions.DEFAULT_OPTIONS);
 * kernel32.ReadFile(pipe, buffer, buffer.size(), null, overlapped.getPointer());
 * }</pre>
 *
 * <p>Loaded only on Windows, by {@link JnaWin32Pipes#load()}. Thread-safe.
 */
public interface PipeKernel32 extends StdCallLibrary {
    /** CreateNamedPipe open mode: fail if the pipe name already exists. */
    int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;
    /** CreateFile flag: the next flags give the security quality of service. */
    int SECURITY_SQOS_PRESENT = 0x00100000;
    /** CreateFile SQOS: the server may learn who the client is but not act as the client. */
    int SECURITY_IDENTIFICATION = 0x00010000;

    /** https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-readfile */
    boolean ReadFile(HANDLE file, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    /** https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-writefile */
    boolean WriteFile(HANDLE file, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    /** https://learn.microsoft.com/en-us/windows/win32/api/namedpipeapi/nf-namedpipeapi-connectnamedpipe */
    boolean ConnectNamedPipe(HANDLE pipe, Pointer overlapped);

    /** https://learn.microsoft.com/en-us/windows/win32/api/ioapiset/nf-ioapiset-getoverlappedresult */
    boolean GetOverlappedResult(HANDLE file, Pointer overlapped, IntByReference transferred, boolean wait);

    /** https://learn.microsoft.com/en-us/windows/win32/fileio/cancelioex-func */
    boolean CancelIoEx(HANDLE file, Pointer overlapped);
}
