package dev.localipc.transport.windows.model;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinBase.OVERLAPPED;
import com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import dev.localipc.transport.windows.internal.PipeKernel32;
import dev.localipc.api.spi.BlockingCalls;
import dev.localipc.transport.windows.internal.Win32Error;
import dev.localipc.transport.windows.internal.Win32Pipes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory model of the Win32 named-pipe kernel objects, behind {@link Win32Pipes}, so the
 * transport's real logic (overlapped I/O, events, instance hand-off, security checks) runs and
 * is tested on any OS. Each behaviour follows Microsoft's documentation, cited where it is
 * modelled. Where a run on real Win32 calls (under Wine:
 * {@code ipc-transport-windows/scripts/test-on-wine.sh}) showed otherwise, the model follows the
 * real run and says so at that place ("corrected by a real run"); what is Wine's own and not
 * Windows' (it ignores FILE_FLAG_FIRST_PIPE_INSTANCE) is an option, {@link #ignoreFirstPipeInstanceFlag()}. {@link #process(long, String)} gives a {@link Win32Pipes} acting as one process
 * (its pid and user SID), so tests can play a second user or a squatter.
 *
 * <p>The model is strict where the real kernel would corrupt memory or hang: it records a
 * <em>violation</em> (see {@link #violations()}) when an operation completes into freed native
 * memory, a handle with pending I/O or an event someone waits on is closed, a security
 * descriptor is used after LocalFree, an OVERLAPPED's event was not written to native memory,
 * an overlapped call is made on a handle opened without FILE_FLAG_OVERLAPPED, or
 * ImpersonateNamedPipeClient runs on a virtual thread.
 *
 * <pre>{@code
 * Win32PipeModel model = new Win32PipeModel(Win32PipeModel.Completion.ALWAYS_PENDING);
 * Win32Pipes me = model.process(ProcessHandle.current().pid(), Win32PipeModel.USER_SID);
 * TransportProvider transport = new ModelWindowsTransport(model);
 * ...
 * assertEquals(List.of(), model.violations());
 * }</pre>
 *
 * <p>Thread-safe: one lock guards all state, as if the kernel serialised every call.
 */
public final class Win32PipeModel {
    /** The SID the model's own process runs as, unless another is given. */
    public static final String USER_SID = "S-1-5-21-1004336348-1177238915-682003330-1001";
    /** Another user, for impostor tests. */
    public static final String OTHER_USER_SID = "S-1-5-21-1004336348-1177238915-682003330-1002";
    /** LocalSystem. */
    public static final String SYSTEM_SID = "S-1-5-18";

    private static final Win32PipeModel SHARED = new Win32PipeModel(Completion.SYNC_WHEN_READY);
    private static final String LOCAL_PREFIX = "\\\\.\\pipe\\";
    private static final Pattern REMOTE = Pattern.compile("\\\\\\\\([^\\\\]+)\\\\pipe\\\\(.+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACE = Pattern.compile("\\(A;[^;]*;([A-Z]+);[^;]*;[^;]*;([^)]+)\\)");
    private static final Pattern SDDL = Pattern.compile("(O:(S-[0-9-]+|[A-Z]{2}))?(G:(S-[0-9-]+|[A-Z]{2}))?(D:P?(AI)?(\\([^)]*\\))*)?");
    private static final int ERROR_INVALID_NAME = 123;
    private static final int PIPE_TYPE_MESSAGE = 0x4;
    private static final int PIPE_READMODE_MESSAGE = 0x2;
    private static final int ERROR_CANNOT_IMPERSONATE = 1368;
    private static final int STATUS_PENDING = -1;

    /** When operations that could finish at once do so. */
    public enum Completion {
        /** Like the kernel when data or a client is there: the call returns TRUE; otherwise ERROR_IO_PENDING. */
        SYNC_WHEN_READY,
        /** Every read, write and connect returns ERROR_IO_PENDING and completes later on another thread. */
        ALWAYS_PENDING
    }

    final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Completion completion;
    private final ExecutorService completer;
    private final Map<Long, Object> handles = new HashMap<>();
    private final Map<String, PipeObject> pipes = new HashMap<>();
    private final Map<Long, Operation> operations = new HashMap<>();
    private final Map<Long, Descriptor> descriptors = new HashMap<>();
    private final Map<String, String> fileSecurity = new LinkedHashMap<>();
    private final List<CreatePipeCall> createPipeCalls = new ArrayList<>();
    private final List<CreateFileCall> createFileCalls = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private long nextHandle = 0x100;
    private volatile boolean firstPipeInstanceIgnored;

    /** A model whose operations finish synchronously when they can. */
    public Win32PipeModel() {
        this(Completion.SYNC_WHEN_READY);
    }

    /** A model with the given completion behaviour. */
    public Win32PipeModel(Completion completion) {
        this.completion = completion;
        this.completer = completion == Completion.ALWAYS_PENDING
                ? Executors.newSingleThreadExecutor(task -> {
                    Thread thread = new Thread(task, "win32-model-completer");
                    thread.setDaemon(true);
                    return thread;
                })
                : null;
    }

    /**
     * From now on, CreateNamedPipe ignores FILE_FLAG_FIRST_PIPE_INSTANCE and joins an existing
     * pipe as Wine 8 does (a run under Wine showed a second CreateNamedPipe with the flag
     * succeeding, last error 0): for tests of the transport's own first-instance check, which
     * must hold where the flag is not enforced.
     */
    public void ignoreFirstPipeInstanceFlag() {
        firstPipeInstanceIgnored = true;
    }

    /** One model shared by the whole JVM (what {@link ModelWindowsTransport#ModelWindowsTransport()} uses). */
    public static Win32PipeModel shared() {
        return SHARED;
    }

    /** The Win32 API as seen by a process with this pid, running as {@code userSid}. */
    public Win32Pipes process(long pid, String userSid) {
        return new ModelProcess(this, pid, userSid);
    }

    // ---- what tests inspect --------------------------------------------------------------

    /** Every CreateNamedPipe call, in order. */
    public List<CreatePipeCall> createPipeCalls() {
        return locked(() -> List.copyOf(createPipeCalls));
    }

    /** Every CreateFile call on a pipe name, in order. */
    public List<CreateFileCall> createFileCalls() {
        return locked(() -> List.copyOf(createFileCalls));
    }

    /** The SDDL each file made by {@code createNewFile} was created with, by path. */
    public Map<String, String> fileSecurity() {
        return locked(() -> Map.copyOf(fileSecurity));
    }

    /** Misuses of the API the real kernel would punish (corrupted memory, hangs); empty when all is well. */
    public List<String> violations() {
        return locked(() -> List.copyOf(violations));
    }

    /** Handles still open, described, for leak checks. */
    public List<String> openHandles() {
        return locked(() -> {
            List<String> open = new ArrayList<>();
            handles.forEach((value, object) -> open.add(Long.toHexString(value) + "=" + object));
            return open;
        });
    }

    /** Outstanding security descriptors (converted and not yet freed). */
    public int liveSecurityDescriptors() {
        return locked(descriptors::size);
    }

    /** Whether a pipe of this name has at least one instance. */
    public boolean pipeExists(String name) {
        return locked(() -> pipes.containsKey(key(name)));
    }

    /** The number of instances of pipe {@code name}, and how many wait for a client. */
    public int[] instanceCounts(String name) {
        return locked(() -> {
            PipeObject pipe = pipes.get(key(name));
            if (pipe == null) {
                return new int[] {0, 0};
            }
            int free = 0;
            for (Instance instance : pipe.instances) {
                free += instance.client == null && instance.state == State.LISTENING ? 1 : 0;
            }
            return new int[] {pipe.instances.size(), free};
        });
    }

    // ---- the API, called by ModelProcess ---------------------------------------------------

    HANDLE createNamedPipe(ModelProcess process, String name, int openMode, int pipeMode, int maxInstances,
            int outBufferSize, int inBufferSize, int defaultTimeout, SECURITY_ATTRIBUTES security) {
        lock.lock();
        try {
            String sddl = null;
            if (security != null) {
                security.read(); // what the caller wrote to native memory
                Descriptor descriptor = descriptors.get(Pointer.nativeValue(security.lpSecurityDescriptor));
                if (descriptor == null) {
                    violation("CreateNamedPipe(" + name + ") got a security descriptor that is not live (freed or never converted)");
                    return failHandle(process, Win32Error.ERROR_INVALID_PARAMETER);
                }
                sddl = descriptor.sddl;
                if (security.bInheritHandle) {
                    violation("CreateNamedPipe(" + name + ") asked for an inheritable handle");
                }
            }
            createPipeCalls.add(new CreatePipeCall(name, openMode, pipeMode, maxInstances, outBufferSize, inBufferSize,
                    defaultTimeout, sddl, process.pid));
            // https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-createnamedpipew
            // lpName: "\\.\pipe\pipename"; the server cannot create a pipe on another computer.
            if (!name.regionMatches(true, 0, LOCAL_PREFIX, 0, LOCAL_PREFIX.length()) || name.length() > 256
                    || name.length() == LOCAL_PREFIX.length()) {
                return failHandle(process, ERROR_INVALID_NAME);
            }
            // nMaxInstances: 1 to PIPE_UNLIMITED_INSTANCES (255).
            if (maxInstances < 1 || maxInstances > 255) {
                return failHandle(process, Win32Error.ERROR_INVALID_PARAMETER);
            }
            // dwPipeMode: "PIPE_READMODE_MESSAGE ... can be used if PIPE_TYPE_MESSAGE is also specified";
            // with PIPE_TYPE_BYTE the call fails with ERROR_INVALID_PARAMETER (Wine's conformance tests,
            // which run on Windows, check exactly that).
            if ((pipeMode & PIPE_READMODE_MESSAGE) != 0) {
                if ((pipeMode & PIPE_TYPE_MESSAGE) == 0) {
                    return failHandle(process, Win32Error.ERROR_INVALID_PARAMETER);
                }
                violation("CreateNamedPipe(" + name + ") with PIPE_READMODE_MESSAGE: message-read mode is not modelled");
            }
            if ((openMode & 0x40000000) == 0) {
                violation("CreateNamedPipe(" + name + ") without FILE_FLAG_OVERLAPPED: a blocked read would stop writes");
            }
            PipeObject pipe = pipes.get(key(name));
            if (pipe != null) {
                // FILE_FLAG_FIRST_PIPE_INSTANCE: "If you attempt to create multiple instances of a pipe with
                // this flag, creation of the first instance succeeds, but creation of the next instance
                // fails with ERROR_ACCESS_DENIED."
                if ((openMode & PipeKernel32.FILE_FLAG_FIRST_PIPE_INSTANCE) != 0 && !firstPipeInstanceIgnored) {
                    return failHandle(process, Win32Error.ERROR_ACCESS_DENIED);
                }
                // Another instance needs FILE_CREATE_PIPE_INSTANCE access to the existing pipe's DACL.
                if (!pipe.grants(process.userSid)) {
                    return failHandle(process, Win32Error.ERROR_ACCESS_DENIED);
                }
                // "If this number would be exceeded, CreateNamedPipe fails and GetLastError returns ERROR_PIPE_BUSY."
                if (pipe.instances.size() >= pipe.maxInstances) {
                    return failHandle(process, Win32Error.ERROR_PIPE_BUSY);
                }
            } else {
                String owner = sddl != null && owner(sddl) != null ? owner(sddl) : process.userSid;
                pipe = new PipeObject(name, owner, sddl, maxInstances, pipeMode, defaultTimeout == 0 ? 50 : defaultTimeout,
                        process);
                pipes.put(key(name), pipe);
            }
            Instance instance = new Instance(pipe, outBufferSize, inBufferSize, (pipeMode & PIPE_TYPE_MESSAGE) != 0);
            pipe.instances.add(instance);
            instance.server = new End(instance, true, process, (openMode & 0x40000000) != 0);
            changed.signalAll(); // WaitNamedPipe waiters
            return newHandle(instance.server);
        } finally {
            lock.unlock();
        }
    }

    boolean connectNamedPipe(ModelProcess process, HANDLE handle, OVERLAPPED overlapped) {
        lock.lock();
        try {
            End end = end(process, handle, "ConnectNamedPipe");
            if (end == null) {
                return false;
            }
            if (!end.server) {
                return fail(process, Win32Error.ERROR_INVALID_PARAMETER);
            }
            Instance instance = end.instance;
            // https://learn.microsoft.com/en-us/windows/win32/api/namedpipeapi/nf-namedpipeapi-connectnamedpipe
            // "If a client connects before the function is called, the function returns zero and
            // GetLastError returns ERROR_PIPE_CONNECTED."
            if (instance.state == State.CONNECTED) {
                return fail(process, Win32Error.ERROR_PIPE_CONNECTED);
            }
            // A client that connected and already closed its handle: the instance is closing, and the
            // server must call DisconnectNamedPipe before it can be reused (ERROR_NO_DATA).
            if (instance.state == State.CLIENT_GONE) {
                return fail(process, Win32Error.ERROR_NO_DATA);
            }
            if (instance.state == State.DISCONNECTED) {
                instance.state = State.LISTENING; // a disconnected instance may wait for a new client
            }
            Operation operation = start(process, end, overlapped, Kind.CONNECT, null, 0);
            if (operation == null) {
                return false;
            }
            instance.pendingConnect = operation;
            changed.signalAll(); // WaitNamedPipe: an instance now waits in ConnectNamedPipe
            return pend(process, operation);
        } finally {
            lock.unlock();
        }
    }

    boolean disconnectNamedPipe(ModelProcess process, HANDLE handle) {
        lock.lock();
        try {
            End end = end(process, handle, "DisconnectNamedPipe");
            if (end == null) {
                return false;
            }
            if (!end.server) {
                return fail(process, Win32Error.ERROR_INVALID_PARAMETER);
            }
            // https://learn.microsoft.com/en-us/windows/win32/api/namedpipeapi/nf-namedpipeapi-disconnectnamedpipe
            // "If the client end of the named pipe is open, the DisconnectNamedPipe function forces that
            // end of the named pipe closed. The client receives an error the next time it attempts to
            // access the pipe." ... "any unread data in the pipe is discarded."
            Instance instance = end.instance;
            if (instance.client != null) {
                instance.client.detached = true;
                instance.client = null;
            }
            instance.toClient.clear();
            instance.toServer.clear();
            instance.state = State.DISCONNECTED;
            progress();
            return true;
        } finally {
            lock.unlock();
        }
    }

    HANDLE createFile(ModelProcess process, String name, int access, int shareMode, int disposition, int flags) {
        lock.lock();
        try {
            createFileCalls.add(new CreateFileCall(name, access, shareMode, disposition, flags, process.pid));
            String local = name;
            Matcher remote = REMOTE.matcher(name);
            boolean isRemote = false;
            if (remote.matches() && !remote.group(1).equals(".")) {
                isRemote = true;
                local = LOCAL_PREFIX + remote.group(2);
            }
            // https://learn.microsoft.com/en-us/windows/win32/ipc/pipe-client : CreateFile fails with
            // ERROR_FILE_NOT_FOUND when no instance exists, ERROR_PIPE_BUSY when all are busy.
            PipeObject pipe = pipes.get(key(local));
            if (pipe == null) {
                return failHandle(process, Win32Error.ERROR_FILE_NOT_FOUND);
            }
            // PIPE_REJECT_REMOTE_CLIENTS: "Connections from remote clients are automatically rejected."
            if (isRemote && (pipe.pipeMode & 0x8) != 0) {
                return failHandle(process, Win32Error.ERROR_ACCESS_DENIED);
            }
            // The DACL decides: https://learn.microsoft.com/en-us/windows/win32/ipc/named-pipe-security-and-access-rights
            if (!pipe.grants(process.userSid)) {
                return failHandle(process, Win32Error.ERROR_ACCESS_DENIED);
            }
            Instance free = null;
            for (Instance instance : pipe.instances) {
                if (instance.client == null && instance.state == State.LISTENING) {
                    free = instance;
                    break;
                }
            }
            if (free == null) {
                return failHandle(process, Win32Error.ERROR_PIPE_BUSY);
            }
            End client = new End(free, false, process, (flags & 0x40000000) != 0);
            free.client = client;
            free.clientPid = process.pid;
            free.clientSid = process.userSid;
            free.state = State.CONNECTED;
            if (free.pendingConnect != null) {
                complete(free.pendingConnect, 0, 0);
                free.pendingConnect = null;
            }
            changed.signalAll();
            return newHandle(client);
        } finally {
            lock.unlock();
        }
    }

    boolean waitNamedPipe(ModelProcess process, String name, int timeout) {
        lock.lock();
        try {
            // https://learn.microsoft.com/en-us/windows/win32/api/namedpipeapi/nf-namedpipeapi-waitnamedpipew
            // "If no instances of the specified named pipe exist, the WaitNamedPipe function returns
            // immediately, regardless of the time-out value." It waits until "the pipe's server process
            // has a pending ConnectNamedPipe operation on the pipe". NMPWAIT_USE_DEFAULT_WAIT (0) uses
            // the time-out given to CreateNamedPipe; NMPWAIT_WAIT_FOREVER (-1) never times out.
            PipeObject pipe = pipes.get(key(name));
            if (pipe == null) {
                return fail(process, Win32Error.ERROR_FILE_NOT_FOUND);
            }
            long millis = timeout == 0 ? pipe.defaultTimeout : timeout == -1 ? Long.MAX_VALUE : Integer.toUnsignedLong(timeout);
            long deadline = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (true) {
                PipeObject current = pipes.get(key(name));
                if (current == null) {
                    return fail(process, Win32Error.ERROR_FILE_NOT_FOUND);
                }
                for (Instance instance : current.instances) {
                    if (instance.client == null && instance.pendingConnect != null) {
                        return true;
                    }
                }
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    return fail(process, Win32Error.ERROR_SEM_TIMEOUT);
                }
                awaitChange(left);
            }
        } finally {
            lock.unlock();
        }
    }

    boolean readFile(ModelProcess process, HANDLE handle, Pointer buffer, int length, OVERLAPPED overlapped) {
        lock.lock();
        try {
            End end = end(process, handle, "ReadFile");
            if (end == null) {
                return false;
            }
            checkBuffer(buffer, length, "ReadFile");
            Operation operation = start(process, end, overlapped, Kind.READ, buffer, length);
            if (operation == null) {
                return false;
            }
            return pend(process, operation);
        } finally {
            lock.unlock();
        }
    }

    boolean writeFile(ModelProcess process, HANDLE handle, Pointer buffer, int length, OVERLAPPED overlapped) {
        lock.lock();
        try {
            End end = end(process, handle, "WriteFile");
            if (end == null) {
                return false;
            }
            checkBuffer(buffer, length, "WriteFile");
            Operation operation = start(process, end, overlapped, Kind.WRITE, buffer, length);
            if (operation == null) {
                return false;
            }
            progressReaders(end); // the peer's pending ReadFile completes from this (the writer's) thread
            return pend(process, operation);
        } finally {
            lock.unlock();
        }
    }

    boolean getOverlappedResult(ModelProcess process, HANDLE handle, OVERLAPPED overlapped, int[] transferred, boolean wait) {
        lock.lock();
        try {
            End end = end(process, handle, "GetOverlappedResult");
            Operation operation = operations.get(Pointer.nativeValue(overlapped.getPointer()));
            if (end == null || operation == null || operation.end != end) {
                if (operation == null || (end != null && operation.end != end)) {
                    violation("GetOverlappedResult with an OVERLAPPED that has no operation on this handle");
                }
                return fail(process, Win32Error.ERROR_INVALID_PARAMETER);
            }
            // https://learn.microsoft.com/en-us/windows/win32/api/ioapiset/nf-ioapiset-getoverlappedresult
            // bWait FALSE and still pending: FALSE with ERROR_IO_INCOMPLETE. bWait TRUE: waits until done.
            while (operation.status == STATUS_PENDING) {
                if (!wait) {
                    return fail(process, Win32Error.ERROR_IO_INCOMPLETE);
                }
                awaitChange(Long.MAX_VALUE);
            }
            transferred[0] = operation.transferred;
            if (operation.status != 0) {
                return fail(process, operation.status);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean cancelIoEx(ModelProcess process, HANDLE handle, OVERLAPPED overlapped) {
        lock.lock();
        try {
            End end = end(process, handle, "CancelIoEx");
            if (end == null) {
                return false;
            }
            // https://learn.microsoft.com/en-us/windows/win32/fileio/cancelioex-func
            // Cancelled operations complete with ERROR_OPERATION_ABORTED; when nothing is found to
            // cancel, FALSE with ERROR_NOT_FOUND. lpOverlapped NULL cancels every request on the handle.
            boolean found = false;
            for (Operation operation : new ArrayList<>(operations.values())) {
                if (operation.end == end && operation.status == STATUS_PENDING
                        && (overlapped == null || operation.key == Pointer.nativeValue(overlapped.getPointer()))) {
                    complete(operation, Win32Error.ERROR_OPERATION_ABORTED, 0);
                    if (end.instance.pendingConnect == operation) {
                        end.instance.pendingConnect = null;
                    }
                    found = true;
                }
            }
            return found || fail(process, Win32Error.ERROR_NOT_FOUND);
        } finally {
            lock.unlock();
        }
    }

    HANDLE createEvent(boolean manualReset, boolean signaled) {
        lock.lock();
        try {
            return newHandle(new Event(manualReset, signaled));
        } finally {
            lock.unlock();
        }
    }

    boolean setEvent(ModelProcess process, HANDLE handle) {
        lock.lock();
        try {
            Object object = handles.get(Pointer.nativeValue(handle.getPointer()));
            if (!(object instanceof Event)) {
                return fail(process, Win32Error.ERROR_INVALID_HANDLE);
            }
            ((Event) object).signaled = true;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    int waitForMultipleObjects(ModelProcess process, HANDLE[] waited, boolean waitAll, int timeout) {
        lock.lock();
        List<Event> events = new ArrayList<>();
        try {
            if (waitAll) {
                violation("WaitForMultipleObjects with bWaitAll is not modelled");
            }
            for (HANDLE handle : waited) {
                Object object = handles.get(Pointer.nativeValue(handle.getPointer()));
                if (!(object instanceof Event)) {
                    fail(process, Win32Error.ERROR_INVALID_HANDLE);
                    return Win32Pipes.WAIT_FAILED;
                }
                events.add((Event) object);
            }
            events.forEach(event -> event.waiters++);
            // https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-waitformultipleobjects
            // Returns WAIT_OBJECT_0 + the lowest index of a signaled object; an auto-reset event is reset.
            long deadline = timeout == Win32Pipes.INFINITE ? Long.MAX_VALUE
                    : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Integer.toUnsignedLong(timeout));
            while (true) {
                for (int i = 0; i < events.size(); i++) {
                    Event event = events.get(i);
                    if (event.closed) {
                        violation("an event was closed while WaitForMultipleObjects waited on it");
                        fail(process, Win32Error.ERROR_INVALID_HANDLE);
                        return Win32Pipes.WAIT_FAILED;
                    }
                    if (event.signaled) {
                        if (!event.manualReset) {
                            event.signaled = false;
                        }
                        return Win32Pipes.WAIT_OBJECT_0 + i;
                    }
                }
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    return Win32Pipes.WAIT_TIMEOUT;
                }
                awaitChange(left);
            }
        } finally {
            events.forEach(event -> event.waiters--);
            lock.unlock();
        }
    }

    boolean closeHandle(ModelProcess process, HANDLE handle) {
        lock.lock();
        try {
            Object object = handles.remove(Pointer.nativeValue(handle.getPointer()));
            if (object == null) {
                violation("CloseHandle of a handle that is not open: " + handle);
                return fail(process, Win32Error.ERROR_INVALID_HANDLE);
            }
            if (object instanceof FileObject) {
                FileObject file = (FileObject) object;
                try {
                    file.channel.close();
                    if (file.deleteOnClose) {
                        Files.deleteIfExists(file.path);
                    }
                } catch (IOException failed) {
                    violation("the model could not close or delete " + file.path + ": " + failed);
                }
                return true;
            }
            if (object instanceof Event) {
                Event event = (Event) object;
                event.closed = true;
                if (event.waiters > 0) {
                    violation("CloseHandle of an event while a thread waits on it");
                }
                for (Operation operation : operations.values()) {
                    if (operation.event == event && operation.status == STATUS_PENDING) {
                        violation("CloseHandle of an event whose overlapped operation is still pending");
                    }
                }
                changed.signalAll();
                return true;
            }
            End end = (End) object;
            end.closed = true;
            for (Iterator<Operation> it = operations.values().iterator(); it.hasNext(); ) {
                Operation operation = it.next();
                if (operation.end == end) {
                    if (operation.status == STATUS_PENDING) {
                        // The kernel would write into the buffer and OVERLAPPED after the caller freed them.
                        violation("CloseHandle of a pipe handle with a pending " + operation.kind
                                + "; cancel it and wait for it first");
                        complete(operation, Win32Error.ERROR_OPERATION_ABORTED, 0);
                    }
                    it.remove();
                }
            }
            Instance instance = end.instance;
            if (end.server) {
                // Closing the server handle ends the instance; a connected client may still read what
                // is buffered, then gets ERROR_BROKEN_PIPE (https://learn.microsoft.com/en-us/windows/win32/ipc/named-pipe-operations).
                instance.pipe.instances.remove(instance);
                instance.serverClosed = true;
                if (instance.pipe.instances.isEmpty()) {
                    pipes.remove(key(instance.pipe.name));
                }
            } else if (!end.detached) {
                instance.client = null;
                if (instance.state == State.CONNECTED) {
                    instance.state = State.CLIENT_GONE;
                }
                instance.clientClosed = true;
            }
            progress();
            return true;
        } finally {
            lock.unlock();
        }
    }

    long clientProcessId(ModelProcess process, HANDLE handle) {
        lock.lock();
        try {
            End end = end(process, handle, "GetNamedPipeClientProcessId");
            if (end == null) {
                return -1;
            }
            if (end.instance.clientPid < 0) {
                fail(process, Win32Error.ERROR_PIPE_NOT_CONNECTED);
                return -1;
            }
            return end.instance.clientPid;
        } finally {
            lock.unlock();
        }
    }

    long serverProcessId(ModelProcess process, HANDLE handle) {
        lock.lock();
        try {
            End end = end(process, handle, "GetNamedPipeServerProcessId");
            return end == null ? -1 : end.instance.pipe.creator.pid;
        } finally {
            lock.unlock();
        }
    }

    int currentInstances(ModelProcess process, HANDLE handle) {
        lock.lock();
        try {
            // GetNamedPipeHandleState, lpCurInstances: "the number of current pipe instances".
            End end = end(process, handle, "GetNamedPipeHandleState");
            return end == null ? -1 : end.instance.pipe.instances.size();
        } finally {
            lock.unlock();
        }
    }

    Pointer convertStringSecurityDescriptor(ModelProcess process, String sddl) {
        lock.lock();
        try {
            // https://learn.microsoft.com/en-us/windows/win32/api/sddl/nf-sddl-convertstringsecuritydescriptortosecuritydescriptorw
            if (sddl == null || sddl.isEmpty() || !SDDL.matcher(sddl).matches()) {
                fail(process, Win32Error.ERROR_INVALID_PARAMETER);
                return null;
            }
            Memory memory = new Memory(20); // stands in for the self-relative descriptor
            descriptors.put(Pointer.nativeValue(memory), new Descriptor(sddl, memory));
            return memory;
        } finally {
            lock.unlock();
        }
    }

    void localFree(Pointer memory) {
        lock.lock();
        try {
            if (descriptors.remove(Pointer.nativeValue(memory)) == null) {
                violation("LocalFree of memory that is not a live security descriptor");
            }
        } finally {
            lock.unlock();
        }
    }

    String ownerSid(ModelProcess process, HANDLE handle) {
        lock.lock();
        try {
            End end = end(process, handle, "GetSecurityInfo");
            return end == null ? null : end.instance.pipe.ownerSid;
        } finally {
            lock.unlock();
        }
    }

    String impersonateClientSid(ModelProcess process, HANDLE handle) {
        if (BlockingCalls.onVirtualThread()) {
            lock.lock();
            try {
                violation("ImpersonateNamedPipeClient on a virtual thread: RevertToSelf might run on another OS thread");
            } finally {
                lock.unlock();
            }
        }
        lock.lock();
        try {
            End end = end(process, handle, "ImpersonateNamedPipeClient");
            if (end == null) {
                return null;
            }
            if (!end.server || end.instance.clientSid == null) {
                fail(process, ERROR_CANNOT_IMPERSONATE);
                return null;
            }
            return end.instance.clientSid;
        } finally {
            lock.unlock();
        }
    }

    HANDLE createNewFile(ModelProcess process, String path, SECURITY_ATTRIBUTES security) {
        lock.lock();
        try {
            String sddl = null;
            if (security != null) {
                security.read();
                Descriptor descriptor = descriptors.get(Pointer.nativeValue(security.lpSecurityDescriptor));
                if (descriptor == null) {
                    violation("CreateFile(" + path + ") got a security descriptor that is not live");
                    return failHandle(process, Win32Error.ERROR_INVALID_PARAMETER);
                }
                sddl = descriptor.sddl;
            }
            Path file = Path.of(path);
            // CREATE_NEW: "Creates a new file, only if it does not already exist ... fails with ERROR_FILE_EXISTS"
            // https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-createfilew
            // One open, as the kernel's: the file is created and written through the same channel.
            SeekableByteChannel channel;
            try {
                channel = file.getFileSystem().supportedFileAttributeViews().contains("posix")
                        ? Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                        : Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException exists) {
                return failHandle(process, Win32Error.ERROR_FILE_EXISTS);
            } catch (IOException failed) {
                return failHandle(process, Win32Error.ERROR_ACCESS_DENIED);
            }
            fileSecurity.put(path, sddl);
            return newHandle(new FileObject(file, channel));
        } finally {
            lock.unlock();
        }
    }

    boolean writeWholeFile(ModelProcess process, HANDLE handle, byte[] content) {
        lock.lock();
        try {
            FileObject file = file(process, handle, "WriteFile");
            if (file == null) {
                return false;
            }
            try {
                ByteBuffer data = ByteBuffer.wrap(content);
                while (data.hasRemaining()) {
                    file.channel.write(data);
                }
                return true;
            } catch (IOException failed) {
                return fail(process, Win32Error.ERROR_ACCESS_DENIED);
            }
        } finally {
            lock.unlock();
        }
    }

    boolean deleteOnClose(ModelProcess process, HANDLE handle) {
        lock.lock();
        try {
            FileObject file = file(process, handle, "SetFileInformationByHandle");
            if (file == null) {
                return false;
            }
            // FileDispositionInfo: "the file is deleted when the last handle to it is closed". Opened
            // without FILE_SHARE_DELETE, nobody can rename or delete it meanwhile, so closing deletes
            // what is still at its path (below, in closeHandle).
            file.deleteOnClose = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private FileObject file(ModelProcess process, HANDLE handle, String call) {
        Object object = handle == null ? null : handles.get(Pointer.nativeValue(handle.getPointer()));
        if (!(object instanceof FileObject)) {
            violation(call + " on a handle that is not an open file: " + handle);
            fail(process, Win32Error.ERROR_INVALID_HANDLE);
            return null;
        }
        return (FileObject) object;
    }

    // ---- internals -------------------------------------------------------------------------

    private Operation start(ModelProcess process, End end, OVERLAPPED overlapped, Kind kind, Pointer buffer, int length) {
        if (overlapped == null) {
            violation(kind + " without an OVERLAPPED on an overlapped handle");
            fail(process, Win32Error.ERROR_INVALID_PARAMETER);
            return null;
        }
        if (!end.overlapped) {
            violation(kind + " with an OVERLAPPED on a handle opened without FILE_FLAG_OVERLAPPED");
        }
        long key = Pointer.nativeValue(overlapped.getPointer());
        Operation previous = operations.get(key);
        if (previous != null && previous.status == STATUS_PENDING) {
            violation("an OVERLAPPED was reused while its operation is still pending");
            fail(process, Win32Error.ERROR_INVALID_PARAMETER);
            return null;
        }
        // The event must be in native memory, where the kernel reads it.
        HANDLE eventHandle = (HANDLE) overlapped.readField("hEvent");
        Object eventObject = eventHandle == null ? null : handles.get(Pointer.nativeValue(eventHandle.getPointer()));
        if (!(eventObject instanceof Event)) {
            violation("OVERLAPPED.hEvent in native memory is not an open event (was the structure written?)");
            fail(process, Win32Error.ERROR_INVALID_PARAMETER);
            return null;
        }
        Event event = (Event) eventObject;
        // OVERLAPPED: "Functions such as ReadFile and WriteFile set this handle to the nonsignaled state
        // before they begin an I/O operation. When the operation has completed, the handle is set to
        // the signaled state." https://learn.microsoft.com/en-us/windows/win32/api/minwinbase/ns-minwinbase-overlapped
        event.signaled = false;
        Operation operation = new Operation(key, kind, end, event, buffer, length);
        operations.put(key, operation);
        if (kind == Kind.WRITE) {
            Instance instance = end.instance;
            Deque<byte[]> queue = end.server ? instance.toClient : instance.toServer;
            if (!writable(end)) {
                operation.status = writeError(end);
                operations.put(key, operation);
                event.signaled = true;
                return operation;
            }
            if (length == 0 && !instance.messageType) {
                // https://learn.microsoft.com/en-us/windows/win32/ipc/named-pipe-type-read-and-wait-modes
                // A byte-type pipe "does not differentiate between the bytes written in different write
                // operations": a zero-byte write completes and transfers nothing. Corrected by a real run
                // under Wine (server/named_pipe.c keeps zero-size writes only in message mode): until then
                // the model queued a zero-length unit on byte-type pipes too, so the transport's
                // half-close over a byte-type pipe passed here and hung on real Win32 calls.
                operation.status = 0;
                operation.transferred = 0;
                event.signaled = true;
                return operation;
            }
            // The data goes into the pipe now; the write completes once it fits in the buffer quota.
            // On a message-type pipe each write is one message unit, a zero-length one included; the
            // reader's byte-mode ReadFile reads across message boundaries but stops before a
            // zero-length message, which it then completes with zero bytes (see tryRead).
            byte[] data = length == 0 ? new byte[0] : buffer.getByteArray(0, length);
            queue.addLast(data);
            operation.queued = data;
        }
        return operation;
    }

    /** Completes the operation now if it can, else leaves it pending; returns the call's BOOL result. */
    private boolean pend(ModelProcess process, Operation operation) {
        if (operation.status == STATUS_PENDING && completion == Completion.SYNC_WHEN_READY) {
            tryComplete(operation);
        }
        if (operation.status == STATUS_PENDING) {
            if (completion == Completion.ALWAYS_PENDING) {
                completer.execute(this::progressLocked);
            }
            return fail(process, Win32Error.ERROR_IO_PENDING);
        }
        // Finished synchronously. For ReadFile: "If the function succeeds, the return value is nonzero".
        if (operation.status != 0) {
            return fail(process, operation.status);
        }
        return true;
    }

    private void progressLocked() {
        lock.lock();
        try {
            progress();
        } finally {
            lock.unlock();
        }
    }

    /** Completes every pending operation that can now finish, in start order. */
    private void progress() {
        for (Operation operation : new ArrayList<>(operations.values())) {
            if (operation.status == STATUS_PENDING) {
                tryComplete(operation);
            }
        }
        changed.signalAll();
    }

    private void tryComplete(Operation operation) {
        End end = operation.end;
        Instance instance = end.instance;
        switch (operation.kind) {
            case CONNECT:
                if (instance.client != null) {
                    complete(operation, 0, 0);
                    instance.pendingConnect = null;
                }
                break;
            case WRITE: {
                Deque<byte[]> queue = end.server ? instance.toClient : instance.toServer;
                if (!queue.contains(operation.queued)) {
                    complete(operation, 0, operation.length); // the reader took it all: done, whatever happens next
                } else if (!writable(end)) {
                    complete(operation, writeError(end), 0);
                } else if (queued(queue) <= instance.quota) {
                    complete(operation, 0, operation.length);
                }
                break;
            }
            case READ:
                tryRead(operation, end, instance);
                break;
            default:
                throw new IllegalStateException(operation.kind.toString());
        }
    }

    private void tryRead(Operation operation, End end, Instance instance) {
        if (end.detached) {
            complete(operation, Win32Error.ERROR_PIPE_NOT_CONNECTED, 0);
            return;
        }
        Deque<byte[]> queue = end.server ? instance.toServer : instance.toClient;
        if (!queue.isEmpty()) {
            // https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-readfile
            // "If the lpNumberOfBytesRead parameter is zero when ReadFile returns TRUE on a pipe, the
            // other end of the pipe called the WriteFile function with nNumberOfBytesToWrite set to zero."
            if (queue.peekFirst().length == 0) {
                queue.removeFirst();
                complete(operation, 0, 0);
                return;
            }
            int copied = 0;
            while (copied < operation.length && !queue.isEmpty() && queue.peekFirst().length > 0) {
                byte[] chunk = queue.removeFirst();
                int n = Math.min(chunk.length, operation.length - copied);
                if (!writeBuffer(operation, copied, chunk, n)) {
                    return;
                }
                copied += n;
                if (n < chunk.length) {
                    byte[] rest = new byte[chunk.length - n];
                    System.arraycopy(chunk, n, rest, 0, rest.length);
                    queue.addFirst(rest);
                    replaceQueued(rest, chunk);
                }
            }
            complete(operation, 0, copied);
            progressWriters(instance);
            return;
        }
        if (end.server) {
            if (instance.state == State.LISTENING) {
                complete(operation, Win32Error.ERROR_PIPE_LISTENING, 0);
            } else if (instance.state == State.CLIENT_GONE) {
                complete(operation, Win32Error.ERROR_BROKEN_PIPE, 0);
            } else if (instance.state == State.DISCONNECTED) {
                complete(operation, Win32Error.ERROR_PIPE_NOT_CONNECTED, 0);
            }
        } else if (instance.serverClosed) {
            complete(operation, Win32Error.ERROR_BROKEN_PIPE, 0);
        }
    }

    private void replaceQueued(byte[] rest, byte[] original) {
        for (Operation other : operations.values()) {
            if (other.queued == original) {
                other.queued = rest;
            }
        }
    }

    private void progressReaders(End writer) {
        for (Operation other : new ArrayList<>(operations.values())) {
            if (other.kind == Kind.READ && other.status == STATUS_PENDING && other.end.instance == writer.instance
                    && other.end != writer) {
                tryComplete(other);
            }
        }
    }

    private void progressWriters(Instance instance) {
        for (Operation other : new ArrayList<>(operations.values())) {
            if (other.kind == Kind.WRITE && other.status == STATUS_PENDING && other.end.instance == instance) {
                tryComplete(other);
            }
        }
    }

    private boolean writable(End end) {
        Instance instance = end.instance;
        if (end.server) {
            return instance.state == State.CONNECTED;
        }
        return !end.detached && !instance.serverClosed;
    }

    private int writeError(End end) {
        // Writing to a pipe whose other end closed: ERROR_NO_DATA ("The pipe is being closed");
        // to a server instance without a client, or a disconnected client end: ERROR_PIPE_NOT_CONNECTED,
        // ERROR_PIPE_LISTENING. https://learn.microsoft.com/en-us/windows/win32/ipc/named-pipe-operations
        Instance instance = end.instance;
        if (end.server) {
            return instance.state == State.LISTENING ? Win32Error.ERROR_PIPE_LISTENING
                    : instance.state == State.CLIENT_GONE ? Win32Error.ERROR_NO_DATA : Win32Error.ERROR_PIPE_NOT_CONNECTED;
        }
        return end.detached ? Win32Error.ERROR_PIPE_NOT_CONNECTED : Win32Error.ERROR_NO_DATA;
    }

    private static int queued(Deque<byte[]> queue) {
        int total = 0;
        for (byte[] chunk : queue) {
            total += chunk.length;
        }
        return total;
    }

    private boolean writeBuffer(Operation operation, int offset, byte[] chunk, int n) {
        if (operation.buffer instanceof Memory && !((Memory) operation.buffer).valid()) {
            violation("ReadFile completed into native memory that was already freed");
            complete(operation, Win32Error.ERROR_INVALID_PARAMETER, 0);
            return false;
        }
        operation.buffer.write(offset, chunk, 0, n);
        return true;
    }

    private void complete(Operation operation, int status, int transferred) {
        if (operation.kind == Kind.WRITE && status != 0 && operation.queued != null) {
            Deque<byte[]> queue = operation.end.server ? operation.end.instance.toClient : operation.end.instance.toServer;
            queue.remove(operation.queued); // a failed or cancelled write leaves nothing in the pipe
        }
        operation.status = status;
        operation.transferred = transferred;
        operation.event.signaled = true;
        changed.signalAll();
    }

    private void checkBuffer(Pointer buffer, int length, String call) {
        if (length > 0 && buffer == null) {
            violation(call + " with a null buffer");
        }
        if (buffer instanceof Memory && (!((Memory) buffer).valid() || ((Memory) buffer).size() < length)) {
            violation(call + " with freed or too small native memory");
        }
    }

    private End end(ModelProcess process, HANDLE handle, String call) {
        Object object = handle == null ? null : handles.get(Pointer.nativeValue(handle.getPointer()));
        if (!(object instanceof End)) {
            violation(call + " on a handle that is not an open pipe handle: " + handle);
            fail(process, Win32Error.ERROR_INVALID_HANDLE);
            return null;
        }
        return (End) object;
    }

    private HANDLE newHandle(Object object) {
        long value = nextHandle;
        nextHandle += 4;
        handles.put(value, object);
        return new HANDLE(new Pointer(value));
    }

    private boolean fail(ModelProcess process, int error) {
        process.setLastError(error);
        return false;
    }

    private HANDLE failHandle(ModelProcess process, int error) {
        process.setLastError(error);
        return WinBase.INVALID_HANDLE_VALUE;
    }

    private void awaitChange(long nanos) {
        try {
            if (nanos == Long.MAX_VALUE) {
                changed.await();
            } else {
                changed.awaitNanos(nanos);
            }
        } catch (InterruptedException interrupted) {
            // Win32 waits are not interruptible; keep the flag for the caller.
            Thread.currentThread().interrupt();
            try {
                changed.awaitNanos(TimeUnit.MILLISECONDS.toNanos(10));
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void violation(String what) {
        violations.add(what);
    }

    private <T> T locked(java.util.function.Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String owner(String sddl) {
        Matcher matcher = Pattern.compile("^O:(S-[0-9-]+|[A-Z]{2})").matcher(sddl);
        return matcher.find() ? sid(matcher.group(1)) : null;
    }

    private static String sid(String alias) {
        switch (alias) {
            case "SY": return SYSTEM_SID;
            case "WD": return "S-1-1-0";
            case "BA": return "S-1-5-32-544";
            default: return alias;
        }
    }

    // ---- kernel objects --------------------------------------------------------------------

    private enum State { LISTENING, CONNECTED, CLIENT_GONE, DISCONNECTED }

    private enum Kind { CONNECT, READ, WRITE }

    private static final class Event {
        final boolean manualReset;
        boolean signaled;
        boolean closed;
        int waiters;

        Event(boolean manualReset, boolean signaled) {
            this.manualReset = manualReset;
            this.signaled = signaled;
        }

        @Override
        public String toString() {
            return "event";
        }
    }

    private static final class PipeObject {
        final String name;
        final String ownerSid;
        final int maxInstances;
        final int pipeMode;
        final int defaultTimeout;
        final ModelProcess creator;
        final Set<String> granted = new HashSet<>();
        final List<Instance> instances = new ArrayList<>();

        PipeObject(String name, String ownerSid, String sddl, int maxInstances, int pipeMode, int defaultTimeout,
                ModelProcess creator) {
            this.name = name;
            this.ownerSid = ownerSid;
            this.maxInstances = maxInstances;
            this.pipeMode = pipeMode;
            this.defaultTimeout = defaultTimeout;
            this.creator = creator;
            if (sddl == null || !sddl.contains("D:")) {
                // No DACL given: the default grants full control to LocalSystem, administrators and the
                // creator owner, and only read access to Everyone (CreateNamedPipeW, lpSecurityAttributes).
                granted.add(creator.userSid);
                granted.add(SYSTEM_SID);
            } else {
                Matcher ace = ACE.matcher(sddl);
                while (ace.find()) {
                    String rights = ace.group(1);
                    if (rights.contains("GA") || rights.contains("FA") || (rights.contains("GR") && rights.contains("GW"))) {
                        granted.add(sid(ace.group(2)));
                    }
                }
            }
        }

        boolean grants(String userSid) {
            return granted.contains(userSid) || granted.contains("S-1-1-0");
        }
    }

    private static final class Instance {
        final PipeObject pipe;
        final int quota;
        final boolean messageType;
        final Deque<byte[]> toClient = new ArrayDeque<>();
        final Deque<byte[]> toServer = new ArrayDeque<>();
        State state = State.LISTENING;
        End server;
        End client;
        long clientPid = -1;
        String clientSid;
        Operation pendingConnect;
        boolean serverClosed;
        boolean clientClosed;

        Instance(PipeObject pipe, int outBufferSize, int inBufferSize, boolean messageType) {
            this.pipe = pipe;
            this.messageType = messageType;
            this.quota = Math.max(4096, Math.max(outBufferSize, inBufferSize));
        }
    }

    private static final class End {
        final Instance instance;
        final boolean server;
        final ModelProcess process;
        final boolean overlapped;
        boolean detached;
        boolean closed;

        End(Instance instance, boolean server, ModelProcess process, boolean overlapped) {
            this.instance = instance;
            this.server = server;
            this.process = process;
            this.overlapped = overlapped;
        }

        @Override
        public String toString() {
            return (server ? "server end of " : "client end of ") + instance.pipe.name + " (pid " + process.pid + ")";
        }
    }

    private static final class Operation {
        final long key;
        final Kind kind;
        final End end;
        final Event event;
        final Pointer buffer;
        final int length;
        byte[] queued;
        int status = STATUS_PENDING;
        int transferred;

        Operation(long key, Kind kind, End end, Event event, Pointer buffer, int length) {
            this.key = key;
            this.kind = kind;
            this.end = end;
            this.event = event;
            this.buffer = buffer;
            this.length = length;
        }
    }

    private static final class FileObject {
        final Path path;
        final SeekableByteChannel channel;
        boolean deleteOnClose;

        FileObject(Path path, SeekableByteChannel channel) {
            this.path = path;
            this.channel = channel;
        }

        @Override
        public String toString() {
            return "file " + path;
        }
    }

    private static final class Descriptor {
        final String sddl;
        final Memory memory;

        Descriptor(String sddl, Memory memory) {
            this.sddl = sddl;
            this.memory = memory;
        }
    }

    /** One CreateNamedPipe call as the model received it. */
    public static final class CreatePipeCall {
        /** The arguments. */
        public final String name;
        /** dwOpenMode. */
        public final int openMode;
        /** dwPipeMode. */
        public final int pipeMode;
        /** nMaxInstances. */
        public final int maxInstances;
        /** nOutBufferSize. */
        public final int outBufferSize;
        /** nInBufferSize. */
        public final int inBufferSize;
        /** nDefaultTimeOut. */
        public final int defaultTimeout;
        /** The SDDL of lpSecurityAttributes' descriptor, or null. */
        public final String sddl;
        /** The calling process. */
        public final long pid;

        CreatePipeCall(String name, int openMode, int pipeMode, int maxInstances, int outBufferSize, int inBufferSize,
                int defaultTimeout, String sddl, long pid) {
            this.name = name;
            this.openMode = openMode;
            this.pipeMode = pipeMode;
            this.maxInstances = maxInstances;
            this.outBufferSize = outBufferSize;
            this.inBufferSize = inBufferSize;
            this.defaultTimeout = defaultTimeout;
            this.sddl = sddl;
            this.pid = pid;
        }
    }

    /** One CreateFile call on a pipe as the model received it. */
    public static final class CreateFileCall {
        /** lpFileName. */
        public final String name;
        /** dwDesiredAccess. */
        public final int access;
        /** dwShareMode. */
        public final int shareMode;
        /** dwCreationDisposition. */
        public final int disposition;
        /** dwFlagsAndAttributes. */
        public final int flags;
        /** The calling process. */
        public final long pid;

        CreateFileCall(String name, int access, int shareMode, int disposition, int flags, long pid) {
            this.name = name;
            this.access = access;
            this.shareMode = shareMode;
            this.disposition = disposition;
            this.flags = flags;
            this.pid = pid;
        }
    }
}
