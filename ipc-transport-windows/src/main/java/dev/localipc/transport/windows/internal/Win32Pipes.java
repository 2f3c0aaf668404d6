package dev.localipc.transport.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase.OVERLAPPED;
import com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

/**
 * Every Win32 call the named-pipe transport makes, one method per call and with the call's own
 * contract: a failure returns {@code false}, {@code null}, {@code -1} or
 * {@code INVALID_HANDLE_VALUE} and {@link #getLastError()} then gives the calling thread's error
 * code. The transport never talks to the kernel any other way, so the same logic runs over
 * {@link JnaWin32Pipes} (the real API, Windows only) and over an in-memory model in tests.
 *
 * <pre>{@code
 * Win32Pipes api = JnaWin32Pipes.load();                 // Windows only
 * HANDLE pipe = api.createNamedPipe(name, openMode, pipeMode, PIPE_UNLIMITED_INSTANCES, 65536, 65536, 0, security);
 * if (WinBase.INVALID_HANDLE_VALUE.equals(pipe)) {
 *     int error = api.getLastError();
 * }
 * }</pre>
 *
 * <p>Overlapped calls take the {@link OVERLAPPED} whose {@code hEvent} the caller set and wrote
 * to native memory; implementations pass its native address, never a copy. Buffers are native
 * {@link Pointer}s that stay valid until the operation completed. Implementations are
 * thread-safe, like the Win32 calls they stand for.
 */
public interface Win32Pipes {

    /** Native event-wait result for the first handle; {@code WAIT_OBJECT_0 + i} for handle {@code i}. */
    int WAIT_OBJECT_0 = 0;
    /** {@link #waitForMultipleObjects} ran out of time. */
    int WAIT_TIMEOUT = 0x102;
    /** {@link #waitForMultipleObjects} failed; see {@link #getLastError()}. */
    int WAIT_FAILED = 0xFFFFFFFF;
    /** Wait without a time limit. */
    int INFINITE = 0xFFFFFFFF;

    /** CreateNamedPipeW: https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-createnamedpipew */
    HANDLE createNamedPipe(String name, int openMode, int pipeMode, int maxInstances, int outBufferSize,
            int inBufferSize, int defaultTimeoutMillis, SECURITY_ATTRIBUTES security);

    /** ConnectNamedPipe, overlapped: https://learn.microsoft.com/en-us/windows/win32/api/namedpipeapi/nf-namedpipeapi-connectnamedpipe */
    boolean connectNamedPipe(HANDLE pipe, OVERLAPPED overlapped);

    /** DisconnectNamedPipe: https://learn.microsoft.com/en-us/windows/win32/api/namedpipeapi/nf-namedpipeapi-disconnectnamedpipe */
    boolean disconnectNamedPipe(HANDLE pipe);

    /** CreateFileW opening an existing pipe (no security attributes, no template). */
    HANDLE createFile(String name, int desiredAccess, int shareMode, int creationDisposition, int flagsAndAttributes);

    /** WaitNamedPipeW: https://learn.microsoft.com/en-us/windows/win32/api/namedpipeapi/nf-namedpipeapi-waitnamedpipew */
    boolean waitNamedPipe(String name, int timeoutMillis);

    /** ReadFile, overlapped, into native memory; the byte count comes from {@link #getOverlappedResult}. */
    boolean readFile(HANDLE file, Pointer buffer, int length, OVERLAPPED overlapped);

    /** WriteFile, overlapped, from native memory; the byte count comes from {@link #getOverlappedResult}. */
    boolean writeFile(HANDLE file, Pointer buffer, int length, OVERLAPPED overlapped);

    /** GetOverlappedResult: https://learn.microsoft.com/en-us/windows/win32/api/ioapiset/nf-ioapiset-getoverlappedresult */
    boolean getOverlappedResult(HANDLE file, OVERLAPPED overlapped, IntByReference transferred, boolean wait);

    /** CancelIoEx: https://learn.microsoft.com/en-us/windows/win32/fileio/cancelioex-func */
    boolean cancelIoEx(HANDLE file, OVERLAPPED overlapped);

    /** CreateEventW, unnamed, default security. */
    HANDLE createEvent(boolean manualReset, boolean initiallySignaled);

    /** SetEvent. */
    boolean setEvent(HANDLE event);

    /** WaitForMultipleObjects: returns {@code WAIT_OBJECT_0 + i}, {@link #WAIT_TIMEOUT} or {@link #WAIT_FAILED}. */
    int waitForMultipleObjects(HANDLE[] handles, boolean waitAll, int timeoutMillis);

    /** CloseHandle. */
    boolean closeHandle(HANDLE handle);

    /** GetNamedPipeClientProcessId; -1 on failure. */
    long getNamedPipeClientProcessId(HANDLE pipe);

    /** GetNamedPipeServerProcessId; -1 on failure. */
    long getNamedPipeServerProcessId(HANDLE pipe);

    /**
     * How many instances the pipe of this handle has: GetNamedPipeHandleStateW's
     * {@code lpCurInstances}, every other output NULL; -1 on failure.
     * https://learn.microsoft.com/en-us/windows/win32/api/namedpipeapi/nf-namedpipeapi-getnamedpipehandlestatew
     */
    int getNamedPipeCurrentInstances(HANDLE pipe);

    /**
     * ConvertStringSecurityDescriptorToSecurityDescriptorW (SDDL_REVISION_1): a self-relative
     * security descriptor the caller frees with {@link #localFree}; {@code null} on failure.
     */
    Pointer convertStringSecurityDescriptor(String sddl);

    /** LocalFree. */
    void localFree(Pointer memory);

    /** The owner SID of a kernel object, as a string ("S-1-5-21-..."): GetSecurityInfo(OWNER_SECURITY_INFORMATION); null on failure. */
    String getOwnerSid(HANDLE handle);

    /** The SID of the user this process runs as (OpenProcessToken + GetTokenInformation(TokenUser)); null on failure. */
    String currentUserSid();

    /**
     * The SID of the client connected to a server pipe handle: ImpersonateNamedPipeClient,
     * OpenThreadToken(TOKEN_QUERY, openAsSelf), GetTokenInformation(TokenUser), RevertToSelf, all
     * on the calling thread, which must be a platform thread. Null on failure.
     *
     * @throws IllegalStateException if RevertToSelf fails (the thread would keep the client's identity)
     */
    String impersonateClientSid(HANDLE pipe);

    /**
     * CreateFileW creating a new file ({@code CREATE_NEW}, so never an existing one) with the given
     * security attributes, which it gets atomically at creation: a synchronous handle with
     * {@code GENERIC_WRITE | DELETE} access, shared for reading only. {@code INVALID_HANDLE_VALUE}
     * on failure ({@code ERROR_FILE_EXISTS} if the path exists).
     * https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-createfilew
     */
    HANDLE createNewFile(String path, SECURITY_ATTRIBUTES security);

    /** WriteFile of all of {@code content} to a synchronous file handle; false if it failed or wrote less. */
    boolean writeWholeFile(HANDLE file, byte[] content);

    /**
     * SetFileInformationByHandle(FileDispositionInfo, DeleteFile = TRUE): the file of this open
     * handle (not whatever its path names by then) is deleted when its last handle closes.
     * https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-setfileinformationbyhandle
     */
    boolean deleteOnClose(HANDLE file);

    /** The calling thread's last Win32 error code. */
    int getLastError();
}
