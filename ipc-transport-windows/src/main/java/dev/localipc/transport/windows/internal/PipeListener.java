package dev.localipc.transport.windows.internal;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import dev.localipc.api.PeerIdentity;
import dev.localipc.api.spi.AddressInUseException;
import dev.localipc.api.spi.BlockingCalls;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a named pipe (PROTOCOL.md section 6).
 *
 * <p>{@link #open} makes sure no other process holds the pipe name, in three layers, then writes
 * the token file (none for an endpoint named by its socket path): it opens the name as a client would ({@link PipeNameHolder}) and refuses a name
 * that exists, naming the process that holds it; it creates the first instance with
 * FILE_FLAG_FIRST_PIPE_INSTANCE, which Windows enforces atomically (another process creating the
 * name in between makes the call fail); and it checks that the pipe it created has exactly one
 * instance (GetNamedPipeHandleState), which catches that race where the flag is not enforced
 * (Wine 8 ignores it). A server therefore never shares a name with a process it did not create. Each {@link #accept()} waits in an overlapped ConnectNamedPipe on the pending
 * instance; once a client is connected, the next instance is created <em>before</em> the
 * connected one is handed off, so a client never finds no instance between two accepts.
 * ConnectNamedPipe's ERROR_PIPE_CONNECTED (the client came before the call) counts as
 * connected; ERROR_NO_DATA (it came and left) disconnects the instance and waits again.
 *
 * <pre>{@code
 * try (TransportListener listener = PipeListener.open(api, address, options, userSid)) {
 *     TransportConnection connection = listener.accept();
 * }
 * }</pre>
 *
 * <p>Thread-safe: one thread accepts at a time; {@link #close()} from any thread ends a blocked accept.
 */
public final class PipeListener implements TransportListener {
    private static final Logger LOG = LoggerFactory.getLogger(PipeListener.class);
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final Win32Pipes api;
    private final TransportAddress address;
    private final String pipeName;
    private final String userSid;
    private final NativeSecurityAttributes security;
    private final ShutdownEvent shutdown;
    private final OverlappedOperation connect;
    private final PipeTokenFile tokenFile;
    private final ReentrantLock acceptLock = new ReentrantLock();
    private final ReentrantLock closeLock = new ReentrantLock();
    private final Thread shutdownHook;

    private HANDLE pending; // guarded by acceptLock
    private volatile boolean closed;

    private PipeListener(Win32Pipes api, TransportAddress address, String userSid, NativeSecurityAttributes security,
            ShutdownEvent shutdown, OverlappedOperation connect, HANDLE first, PipeTokenFile tokenFile, boolean hook) {
        this.api = api;
        this.address = address;
        this.pipeName = address.location();
        this.userSid = userSid;
        this.security = security;
        this.shutdown = shutdown;
        this.connect = connect;
        this.pending = first;
        this.tokenFile = tokenFile;
        this.shutdownHook = hook ? new Thread(this::closeQuietly, "localipc-pipe-cleanup") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /**
     * Creates the first pipe instance, then writes the token file (when the options carry one).
     *
     * @param userSid the current user's SID: the pipe's owner and, with SYSTEM, the only one granted access
     * @throws AddressInUseException if another process already holds the pipe name (the message names it)
     * @throws IOException naming the pipe and the Win32 error for any other failure
     */
    public static PipeListener open(Win32Pipes api, TransportAddress address, ListenOptions options, String userSid)
            throws IOException {
        String name = address.location();
        NativeSecurityAttributes security = NativeSecurityAttributes.fromSddl(api, PipeSecurity.pipe(userSid), "pipe " + name);
        ShutdownEvent shutdown = null;
        OverlappedOperation connect = null;
        HANDLE first = null;
        PipeTokenFile tokenFile = null;
        try {
            first = createFirstInstance(api, name, security, PipeAddresses.otherName(address));
            shutdown = ShutdownEvent.create(api, "pipe " + name);
            connect = new OverlappedOperation(api, shutdown.handle(), "pipe " + name + " (accept)");
            if (options.token().isPresent() && address.isInRuntimeDirectory()) {
                tokenFile = PipeTokenFile.write(api, address.tokenFile(), options.token().get(), userSid);
            }
            LOG.debug("listening on pipe {}", name);
            return new PipeListener(api, address, userSid, security, shutdown, connect, first, tokenFile,
                    options.installShutdownHook());
        } catch (IOException | RuntimeException failed) {
            if (tokenFile != null) {
                tokenFile.delete();
            }
            if (connect != null) {
                connect.close();
            }
            if (shutdown != null) {
                shutdown.close();
            }
            if (first != null) {
                api.closeHandle(first);
            }
            security.close();
            throw failed;
        }
    }

    /** The first instance, created only when no other process holds the name (see the class comment). */
    private static HANDLE createFirstInstance(Win32Pipes api, String name, NativeSecurityAttributes security,
            String otherName) throws IOException {
        Optional<String> holder = PipeNameHolder.of(api, name);
        if (holder.isPresent()) {
            throw inUse(name, holder.get(), null, otherName);
        }
        HANDLE handle = createInstance(api, name, security, true, otherName);
        int instances = api.getNamedPipeCurrentInstances(handle);
        if (instances == 1) {
            return handle;
        }
        int error = api.getLastError();
        api.closeHandle(handle);
        if (instances < 0) {
            throw new IOException("cannot check that pipe " + name + " is this server's alone: GetNamedPipeHandleState"
                    + " failed with " + Win32Error.describe(error) + "; the pipe was closed again");
        }
        throw inUse(name, PipeNameHolder.of(api, name).orElse("another process"), "the pipe this server created has "
                + instances + " instances, not 1: another process created the name at the same moment, and this"
                + " system did not enforce FILE_FLAG_FIRST_PIPE_INSTANCE", otherName);
    }

    /**
     * {@code detail}: how it was found out, when not by {@link PipeNameHolder} itself; or null.
     * {@code otherName}: what to change ({@link PipeAddresses#otherName}).
     */
    private static AddressInUseException inUse(String name, String holder, String detail, String otherName) {
        return new AddressInUseException(name, "pipe " + name + " is already in use by " + holder
                + (detail == null ? "" : "; " + detail) + ": another server of this application, or a process"
                + " squatting on the name. Stop that process or use " + otherName);
    }

    /** {@code otherName}: what to change if the first instance finds the name taken ({@link PipeAddresses#otherName}). */
    private static HANDLE createInstance(Win32Pipes api, String name, NativeSecurityAttributes security, boolean first,
            String otherName) throws IOException {
        HANDLE handle = api.createNamedPipe(name, PipeFlags.serverOpenMode(first), PipeFlags.SERVER_PIPE_MODE,
                PipeFlags.MAX_INSTANCES, PipeFlags.BUFFER_SIZE, PipeFlags.BUFFER_SIZE, 0, security.attributes());
        if (handle != null && !WinBase.INVALID_HANDLE_VALUE.equals(handle)) {
            return handle;
        }
        int error = api.getLastError();
        if (first && (error == Win32Error.ERROR_ACCESS_DENIED || error == Win32Error.ERROR_PIPE_BUSY)) {
            throw inUse(name, PipeNameHolder.of(api, name).orElse("another process"), "CreateNamedPipe with"
                    + " FILE_FLAG_FIRST_PIPE_INSTANCE failed with " + Win32Error.describe(error), otherName);
        }
        throw new IOException("cannot create " + (first ? "pipe " : "another instance of pipe ") + name
                + ": CreateNamedPipe failed with " + Win32Error.describe(error));
    }

    @Override
    public TransportAddress address() {
        return address;
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public TransportConnection accept() throws IOException {
        acceptLock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new AsynchronousCloseException();
                }
                if (pending == null) {
                    pending = createInstance(api, pipeName, security, false, PipeAddresses.otherName(address));
                }
                HANDLE instance = pending;
                long result = connect.run(instance, () -> api.connectNamedPipe(instance, connect.overlapped()));
                if (result < 0 && -result != Win32Error.ERROR_PIPE_CONNECTED) {
                    int error = (int) -result;
                    if (error == Win32Error.ERROR_NO_DATA) {
                        LOG.debug("pipe {}: a client connected and left before it was accepted", pipeName);
                        disconnect(instance);
                        continue;
                    }
                    if (error == Win32Error.ERROR_OPERATION_ABORTED && closed) {
                        throw new AsynchronousCloseException();
                    }
                    throw new IOException("pipe " + pipeName + ": ConnectNamedPipe failed with " + Win32Error.describe(error));
                }
                // Connected. The next instance exists before this one is handed off.
                pending = null;
                try {
                    pending = createInstance(api, pipeName, security, false, PipeAddresses.otherName(address));
                } catch (IOException notNow) {
                    LOG.warn("{}; the next accept() tries again", notNow.getMessage(), notNow);
                }
                TransportConnection accepted = handOff(instance);
                if (accepted != null) {
                    return accepted;
                }
            }
        } finally {
            acceptLock.unlock();
        }
    }

    private TransportConnection handOff(HANDLE instance) throws IOException {
        long pid = api.getNamedPipeClientProcessId(instance);
        if (pid < 0) {
            LOG.debug("pipe {}: GetNamedPipeClientProcessId failed with {}", pipeName, Win32Error.describe(api.getLastError()));
        }
        String clientSid = BlockingCalls.callUninterruptibly(() -> api.impersonateClientSid(instance));
        if (clientSid == null) {
            // The DACL already admits only this user and SYSTEM; the SID is for the registry only.
            LOG.debug("pipe {}: cannot read the client's SID ({}); the DACL admitted it", pipeName,
                    Win32Error.describe(api.getLastError()));
        } else if (!clientSid.equals(userSid) && !clientSid.equals(PipeSecurity.SYSTEM_SID)) {
            LOG.warn("pipe {}: refused a client running as {} (pid {}): only {} and SYSTEM may connect",
                    pipeName, clientSid, pid, userSid);
            disconnect(instance);
            api.closeHandle(instance);
            return null;
        }
        return new PipeConnection(api, instance, address, PeerIdentity.windows(pid, clientSid), "server");
    }

    private void disconnect(HANDLE instance) {
        if (!api.disconnectNamedPipe(instance)) {
            LOG.warn("pipe {}: DisconnectNamedPipe failed with {}", pipeName, Win32Error.describe(api.getLastError()));
        }
    }

    /**
     * Stops accepting: a blocked accept cancels its ConnectNamedPipe and throws; the pending
     * instance is closed (new clients then find no pipe) and the token file removed. Accepted
     * connections stay open. Idempotent.
     */
    @Override
    public void close() throws IOException {
        closeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            shutdown.signal();
            if (Locks.tryLockUninterruptibly(acceptLock, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                try {
                    if (pending != null) {
                        api.closeHandle(pending);
                        pending = null;
                    }
                    connect.close();
                    shutdown.close();
                    security.close();
                } finally {
                    acceptLock.unlock();
                }
            } else {
                LOG.error("pipe {}: accept() did not end within {} s of close; its instance and event are leaked",
                        pipeName, CLOSE_WAIT_SECONDS);
            }
            if (tokenFile != null) {
                tokenFile.delete();
            }
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    LOG.debug("pipe {}: JVM is shutting down; the hook stays", pipeName);
                }
            }
            LOG.debug("pipe {} closed", pipeName);
        } finally {
            closeLock.unlock();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException failed) {
            LOG.warn("pipe {}: cleanup at JVM shutdown failed: {}", pipeName, failed.getMessage(), failed);
        }
    }

    @Override
    public String toString() {
        return "listener on pipe " + pipeName;
    }
}
