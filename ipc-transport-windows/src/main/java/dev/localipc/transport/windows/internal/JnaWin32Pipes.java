package dev.localipc.transport.windows.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.AccCtrl;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinBase.OVERLAPPED;
import com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES;
import com.sun.jna.platform.win32.WinDef.DWORD;
import com.sun.jna.platform.win32.WinDef.ULONGByReference;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.W32APIOptions;

/**
 * {@link Win32Pipes} over the real Windows API: jna-platform's {@link Kernel32} and
 * {@link Advapi32} where they have the call in a usable shape, {@link PipeKernel32} and
 * {@link PipeAdvapi32} for the rest. Error codes come from {@link Native#getLastError()}, which
 * JNA saves right after each call (a later {@code GetLastError()} call could see a clobbered value).
 *
 * <pre>{@code
 * Win32Pipes api = JnaWin32Pipes.load();   // only on Windows: loads kernel32 and advapi32
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class JnaWin32Pipes implements Win32Pipes {
    private final Kernel32 kernel32;
    private final Advapi32 advapi32;
    private final PipeKernel32 pipeKernel32;
    private final PipeAdvapi32 pipeAdvapi32;

    private JnaWin32Pipes() {
        this.kernel32 = Kernel32.INSTANCE;
        this.advapi32 = Advapi32.INSTANCE;
        this.pipeKernel32 = Native.load("kernel32", PipeKernel32.class, W32APIOptions.DEFAULT_OPTIONS);
        this.pipeAdvapi32 = Native.load("advapi32", PipeAdvapi32.class, W32APIOptions.DEFAULT_OPTIONS);
    }

    /**
     * Loads kernel32 and advapi32. Call only on Windows.
     *
     * @throws LinkageError (such as {@link UnsatisfiedLinkError}) if JNA or a library cannot be loaded
     */
    public static JnaWin32Pipes load() {
        return new JnaWin32Pipes();
    }

    @Override
    public HANDLE createNamedPipe(String name, int openMode, int pipeMode, int maxInstances, int outBufferSize,
            int inBufferSize, int defaultTimeoutMillis, SECURITY_ATTRIBUTES security) {
        return kernel32.CreateNamedPipe(name, openMode, pipeMode, maxInstances, outBufferSize, inBufferSize,
                defaultTimeoutMillis, security);
    }

    @Override
    public boolean connectNamedPipe(HANDLE pipe, OVERLAPPED overlapped) {
        return pipeKernel32.ConnectNamedPipe(pipe, overlapped.getPointer());
    }

    @Override
    public boolean disconnectNamedPipe(HANDLE pipe) {
        return kernel32.DisconnectNamedPipe(pipe);
    }

    @Override
    public HANDLE createFile(String name, int desiredAccess, int shareMode, int creationDisposition, int flagsAndAttributes) {
        return kernel32.CreateFile(name, desiredAccess, shareMode, null, creationDisposition, flagsAndAttributes, null);
    }

    @Override
    public boolean waitNamedPipe(String name, int timeoutMillis) {
        return kernel32.WaitNamedPipe(name, timeoutMillis);
    }

    @Override
    public boolean readFile(HANDLE file, Pointer buffer, int length, OVERLAPPED overlapped) {
        // lpNumberOfBytesRead is NULL with an OVERLAPPED, as ReadFile's documentation asks.
        return pipeKernel32.ReadFile(file, buffer, length, null, overlapped.getPointer());
    }

    @Override
    public boolean writeFile(HANDLE file, Pointer buffer, int length, OVERLAPPED overlapped) {
        return pipeKernel32.WriteFile(file, buffer, length, null, overlapped.getPointer());
    }

    @Override
    public boolean getOverlappedResult(HANDLE file, OVERLAPPED overlapped, IntByReference transferred, boolean wait) {
        return pipeKernel32.GetOverlappedResult(file, overlapped.getPointer(), transferred, wait);
    }

    @Override
    public boolean cancelIoEx(HANDLE file, OVERLAPPED overlapped) {
        return pipeKernel32.CancelIoEx(file, overlapped == null ? null : overlapped.getPointer());
    }

    @Override
    public HANDLE createEvent(boolean manualReset, boolean initiallySignaled) {
        return kernel32.CreateEvent(null, manualReset, initiallySignaled, null);
    }

    @Override
    public boolean setEvent(HANDLE event) {
        return kernel32.SetEvent(event);
    }

    @Override
    public int waitForMultipleObjects(HANDLE[] handles, boolean waitAll, int timeoutMillis) {
        return kernel32.WaitForMultipleObjects(handles.length, handles, waitAll, timeoutMillis);
    }

    @Override
    public boolean closeHandle(HANDLE handle) {
        return kernel32.CloseHandle(handle);
    }

    @Override
    public long getNamedPipeClientProcessId(HANDLE pipe) {
        ULONGByReference pid = new ULONGByReference();
        return kernel32.GetNamedPipeClientProcessId(pipe, pid) ? pid.getValue().longValue() : -1;
    }

    @Override
    public long getNamedPipeServerProcessId(HANDLE pipe) {
        ULONGByReference pid = new ULONGByReference();
        return kernel32.GetNamedPipeServerProcessId(pipe, pid) ? pid.getValue().longValue() : -1;
    }

    @Override
    public int getNamedPipeCurrentInstances(HANDLE pipe) {
        IntByReference instances = new IntByReference();
        return kernel32.GetNamedPipeHandleState(pipe, null, instances, null, null, null, 0) ? instances.getValue() : -1;
    }

    @Override
    public Pointer convertStringSecurityDescriptor(String sddl) {
        PointerByReference descriptor = new PointerByReference();
        if (!pipeAdvapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, PipeAdvapi32.SDDL_REVISION_1,
                descriptor, null)) {
            return null;
        }
        return descriptor.getValue();
    }

    @Override
    public void localFree(Pointer memory) {
        kernel32.LocalFree(memory);
    }

    @Override
    public String getOwnerSid(HANDLE handle) {
        PointerByReference owner = new PointerByReference();
        PointerByReference descriptor = new PointerByReference();
        int status = advapi32.GetSecurityInfo(handle, AccCtrl.SE_OBJECT_TYPE.SE_KERNEL_OBJECT,
                WinNT.OWNER_SECURITY_INFORMATION, owner, null, null, null, descriptor);
        if (status != 0) {
            Native.setLastError(status); // GetSecurityInfo returns its error instead of setting it
            return null;
        }
        try {
            return Advapi32Util.convertSidToStringSid(new WinNT.PSID(owner.getValue()));
        } catch (LastErrorException failed) {
            Native.setLastError(failed.getErrorCode());
            return null;
        } finally {
            kernel32.LocalFree(descriptor.getValue());
        }
    }

    @Override
    public String currentUserSid() {
        HANDLEByReference token = new HANDLEByReference();
        if (!advapi32.OpenProcessToken(kernel32.GetCurrentProcess(), WinNT.TOKEN_QUERY, token)) {
            return null;
        }
        return userSidClosing(token.getValue());
    }

    @Override
    public String impersonateClientSid(HANDLE pipe) {
        if (!pipeAdvapi32.ImpersonateNamedPipeClient(pipe)) {
            return null;
        }
        try {
            HANDLEByReference token = new HANDLEByReference();
            // openAsSelf: the client granted only SECURITY_IDENTIFICATION, so open the token as ourselves.
            if (!advapi32.OpenThreadToken(kernel32.GetCurrentThread(), WinNT.TOKEN_QUERY, true, token)) {
                return null;
            }
            return userSidClosing(token.getValue());
        } finally {
            if (!advapi32.RevertToSelf()) {
                throw new IllegalStateException("RevertToSelf failed with Win32 error " + Native.getLastError()
                        + " after ImpersonateNamedPipeClient: this thread would keep the pipe client's identity");
            }
        }
    }

    /** The string SID of the user of access token {@code token}, or null with the last error set; closes the token. */
    private String userSidClosing(HANDLE token) {
        try {
            return Advapi32Util.getTokenAccount(token).sidString;
        } catch (LastErrorException failed) {
            Native.setLastError(failed.getErrorCode());
            return null;
        } finally {
            kernel32.CloseHandle(token);
        }
    }

    @Override
    public HANDLE createNewFile(String path, SECURITY_ATTRIBUTES security) {
        return kernel32.CreateFile(path, WinNT.GENERIC_WRITE | WinNT.DELETE, WinNT.FILE_SHARE_READ, security,
                WinNT.CREATE_NEW, WinNT.FILE_ATTRIBUTE_NORMAL, null);
    }

    @Override
    public boolean writeWholeFile(HANDLE file, byte[] content) {
        // A synchronous handle: a byte[] is fine here, JNA copies it for the call, which completes.
        IntByReference count = new IntByReference();
        return kernel32.WriteFile(file, content, content.length, count, null) && count.getValue() == content.length;
    }

    @Override
    public boolean deleteOnClose(HANDLE file) {
        WinBase.FILE_DISPOSITION_INFO delete = new WinBase.FILE_DISPOSITION_INFO(true);
        delete.write();
        return kernel32.SetFileInformationByHandle(file, WinBase.FileDispositionInfo, delete.getPointer(),
                new DWORD(delete.size()));
    }

    @Override
    public int getLastError() {
        return Native.getLastError();
    }
}
