package dev.localipc.transport.windows.model;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase.OVERLAPPED;
import com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import dev.localipc.transport.windows.internal.Win32Pipes;

/**
 * The Win32 API of one modelled process: its pid, its user SID and its threads' last-error
 * values, over the kernel state of a {@link Win32PipeModel}.
 *
 * <pre>{@code
 * Win32Pipes squatter = model.process(4242, Win32PipeModel.OTHER_USER_SID);
 * }</pre>
 *
 * <p>Thread-safe; the last error is per thread, as GetLastError's is.
 */
final class ModelProcess implements Win32Pipes {
    final Win32PipeModel model;
    final long pid;
    final String userSid;
    private final ThreadLocal<Integer> lastError = ThreadLocal.withInitial(() -> 0);

    ModelProcess(Win32PipeModel model, long pid, String userSid) {
        this.model = model;
        this.pid = pid;
        this.userSid = userSid;
    }

    void setLastError(int error) {
        lastError.set(error);
    }

    @Override
    public HANDLE createNamedPipe(String name, int openMode, int pipeMode, int maxInstances, int outBufferSize,
            int inBufferSize, int defaultTimeoutMillis, SECURITY_ATTRIBUTES security) {
        return model.createNamedPipe(this, name, openMode, pipeMode, maxInstances, outBufferSize, inBufferSize,
                defaultTimeoutMillis, security);
    }

    @Override
    public boolean connectNamedPipe(HANDLE pipe, OVERLAPPED overlapped) {
        return model.connectNamedPipe(this, pipe, overlapped);
    }

    @Override
    public boolean disconnectNamedPipe(HANDLE pipe) {
        return model.disconnectNamedPipe(this, pipe);
    }

    @Override
    public HANDLE createFile(String name, int desiredAccess, int shareMode, int creationDisposition, int flagsAndAttributes) {
        return model.createFile(this, name, desiredAccess, shareMode, creationDisposition, flagsAndAttributes);
    }

    @Override
    public boolean waitNamedPipe(String name, int timeoutMillis) {
        return model.waitNamedPipe(this, name, timeoutMillis);
    }

    @Override
    public boolean readFile(HANDLE file, Pointer buffer, int length, OVERLAPPED overlapped) {
        return model.readFile(this, file, buffer, length, overlapped);
    }

    @Override
    public boolean writeFile(HANDLE file, Pointer buffer, int length, OVERLAPPED overlapped) {
        return model.writeFile(this, file, buffer, length, overlapped);
    }

    @Override
    public boolean getOverlappedResult(HANDLE file, OVERLAPPED overlapped, IntByReference transferred, boolean wait) {
        int[] count = new int[1];
        boolean done = model.getOverlappedResult(this, file, overlapped, count, wait);
        transferred.setValue(count[0]);
        return done;
    }

    @Override
    public boolean cancelIoEx(HANDLE file, OVERLAPPED overlapped) {
        return model.cancelIoEx(this, file, overlapped);
    }

    @Override
    public HANDLE createEvent(boolean manualReset, boolean initiallySignaled) {
        return model.createEvent(manualReset, initiallySignaled);
    }

    @Override
    public boolean setEvent(HANDLE event) {
        return model.setEvent(this, event);
    }

    @Override
    public int waitForMultipleObjects(HANDLE[] handles, boolean waitAll, int timeoutMillis) {
        return model.waitForMultipleObjects(this, handles, waitAll, timeoutMillis);
    }

    @Override
    public boolean closeHandle(HANDLE handle) {
        return model.closeHandle(this, handle);
    }

    @Override
    public long getNamedPipeClientProcessId(HANDLE pipe) {
        return model.clientProcessId(this, pipe);
    }

    @Override
    public long getNamedPipeServerProcessId(HANDLE pipe) {
        return model.serverProcessId(this, pipe);
    }

    @Override
    public int getNamedPipeCurrentInstances(HANDLE pipe) {
        return model.currentInstances(this, pipe);
    }

    @Override
    public Pointer convertStringSecurityDescriptor(String sddl) {
        return model.convertStringSecurityDescriptor(this, sddl);
    }

    @Override
    public void localFree(Pointer memory) {
        model.localFree(memory);
    }

    @Override
    public String getOwnerSid(HANDLE handle) {
        return model.ownerSid(this, handle);
    }

    @Override
    public String currentUserSid() {
        return userSid;
    }

    @Override
    public String impersonateClientSid(HANDLE pipe) {
        return model.impersonateClientSid(this, pipe);
    }

    @Override
    public HANDLE createNewFile(String path, SECURITY_ATTRIBUTES security) {
        return model.createNewFile(this, path, security);
    }

    @Override
    public boolean writeWholeFile(HANDLE file, byte[] content) {
        return model.writeWholeFile(this, file, content);
    }

    @Override
    public boolean deleteOnClose(HANDLE file) {
        return model.deleteOnClose(this, file);
    }

    @Override
    public int getLastError() {
        return lastError.get();
    }

    @Override
    public String toString() {
        return "process " + pid + " (" + userSid + ")";
    }
}
