package dev.localipc.transport.unix.internal;

import dev.localipc.api.PeerIdentity;
import dev.localipc.api.spi.AddressInUseException;
import dev.localipc.api.spi.BlockingCalls;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketCredentials;
import org.newsclub.net.unix.AddressAlreadyInUseSocketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening AF_UNIX socket in a private runtime directory (PROTOCOL.md section 6). Opening
 * checks or creates the 0700 directory, replaces a stale socket file (a live server means
 * {@link AddressInUseException}), binds without SO_REUSEADDR, sets the socket to 0600 and
 * writes the 0600 token file, all before the first accept. {@link #accept()} refuses peers of
 * users not allowed, before reading a byte. Closing, or JVM shutdown, removes both files if
 * they are still this listener's.
 *
 * <p>At an explicit socket path ({@link TransportAddress#isInRuntimeDirectory()} false) the
 * directory is not localipc's: it is neither created nor made private, only checked to exist and
 * to let nobody else replace its entries ({@link SocketPathDirectory}); no token file and no
 * start-lock file are written there. The rest is the same: only a stale socket is replaced
 * (anything else is refused untouched), the socket is 0600 before the first accept, peers are
 * checked, and the socket is removed on close while it is still this listener's.
 *
 * <pre>{@code
 * try (UnixListener listener = UnixListener.open(address, ListenOptions.defaults(), CurrentUser.uid())) {
 *     TransportConnection connection = listener.accept();
 * }
 * }</pre>
 *
 * <p>Thread-safe as {@link TransportListener} says.
 */
public final class UnixListener implements TransportListener {
    private static final Logger LOG = LoggerFactory.getLogger(UnixListener.class);
    private static final int BACKLOG = 256;

    private final TransportAddress address;
    private final AFUNIXServerSocket server;
    private final long ownUid;
    private final Set<Long> allowedUids;
    private final OwnedFile socketFile;
    private final OwnedFile tokenFile;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean filesRemoved = new AtomicBoolean();
    private volatile Thread shutdownHook;

    private UnixListener(TransportAddress address, AFUNIXServerSocket server, long ownUid, Set<Long> allowedUids,
            OwnedFile socketFile, OwnedFile tokenFile) {
        this.address = address;
        this.server = server;
        this.ownUid = ownUid;
        this.allowedUids = allowedUids;
        this.socketFile = socketFile;
        this.tokenFile = tokenFile;
    }

    /**
     * Starts listening on {@code address} as user {@code ownUid}.
     *
     * @throws AddressInUseException if a live server listens there
     * @throws IllegalArgumentException if the socket path is too long or not in the address's directory
     * @throws IOException naming the path and the fix for any other failure
     */
    @SuppressWarnings("try") // the start lock is held by try-with-resources, not referenced
    public static UnixListener open(TransportAddress address, ListenOptions options, long ownUid) throws IOException {
        Path socket = Path.of(address.location());
        if (!address.isInRuntimeDirectory()) {
            return openAtExplicitPath(address, socket, options, ownUid);
        }
        SocketPathLimit.current().check(socket);
        if (!address.directory().equals(socket.getParent())) {
            throw new IllegalArgumentException("socket path " + socket + " is not directly in the runtime directory "
                    + address.directory() + ": resolve the address with the unix transport's resolve()");
        }
        RuntimeDirectory.prepare(address.directory(), ownUid);
        try (StartLock lock = StartLock.acquire(address.directory().resolve(address.endpoint().name() + ".lock"))) {
            StaleSocket.removeIfStale(socket, SocketPlacement.RUNTIME_DIRECTORY, ownUid);
            return bind(address, socket, options, ownUid);
        }
    }

    @SuppressWarnings("try") // the start lock is held by try-with-resources, not referenced
    private static UnixListener openAtExplicitPath(TransportAddress address, Path socket, ListenOptions options,
            long ownUid) throws IOException {
        SocketPathLimit.current().checkExplicit(socket);
        SocketPathDirectory.check(socket, ownUid);
        if (options.token().isPresent()) {
            LOG.debug("no token file for {}: it is an explicit socket path, outside localipc's runtime directory",
                    socket);
        }
        try (StartLock lock = StartLock.withinThisJvm()) {
            StaleSocket.removeIfStale(socket, SocketPlacement.EXPLICIT_PATH, ownUid);
            return bind(address, socket, options, ownUid);
        }
    }

    private static UnixListener bind(TransportAddress address, Path socket, ListenOptions options, long ownUid)
            throws IOException {
        AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
        OwnedFile socketFile = null;
        OwnedFile tokenFile = null;
        try {
            // junixsocket defaults to SO_REUSEADDR, which silently takes over a live server's path.
            server.setReuseAddress(false);
            server.setDeleteOnClose(false); // we delete it ourselves, and only while it is still ours
            SocketPlacement placement = SocketPlacement.of(address);
            try {
                server.bind(AFUNIXSocketAddress.of(socket), BACKLOG);
            } catch (AddressAlreadyInUseSocketException raced) {
                throw new AddressInUseException(socket.toString(), socket + " is in use by a running server that"
                        + " started at the same time: stop it or " + placement.alternative());
            }
            socketFile = boundSocket(socket, ownUid);
            // junixsocket makes the socket 0666; in the runtime directory the 0700 directory is the real
            // barrier, but be strict anyway. The path was just checked to be our socket, and nobody else
            // can replace entries of its directory (0700, or SocketPathDirectory's rules), so chmod, which
            // follows links, meets our socket.
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            if (options.token().isPresent() && address.isInRuntimeDirectory()) {
                tokenFile = TokenFile.write(address.tokenFile(), options.token().get());
            }
            Set<Long> allowed = new HashSet<>(options.allowedUids());
            allowed.add(ownUid);
            UnixListener listener = new UnixListener(address, server, ownUid, Set.copyOf(allowed), socketFile, tokenFile);
            if (options.installShutdownHook()) {
                listener.installShutdownHook();
            }
            LOG.debug("listening on {} (uids allowed: {})", socket, allowed);
            return listener;
        } catch (IOException | RuntimeException | Error failure) {
            closeAfterFailure(server, failure);
            if (tokenFile != null) {
                tokenFile.deleteIfStillOurs();
            }
            if (socketFile != null) {
                socketFile.deleteIfStillOurs();
            }
            throw failure;
        }
    }

    /** Records the socket just bound at {@code socket}, after checking that it is a socket of ours. */
    private static OwnedFile boundSocket(Path socket, long ownUid) throws IOException {
        FileEntry entry = FileEntry.read(socket).orElseThrow(() -> new IOException("the socket bound at " + socket
                + " vanished at once: another process removed it; choose a socket path in a directory only you can write"));
        if (!entry.isSocket() || entry.uid() != ownUid) {
            throw new IOException("the socket bound at " + socket + " was replaced at once by " + entry
                    + ": another process can change its directory; choose a socket path in a directory only you can write");
        }
        return OwnedFile.of(socket, entry.inode());
    }

    @Override
    public TransportAddress address() {
        return address;
    }

    @Override
    public TransportConnection accept() throws IOException {
        while (true) {
            AFUNIXSocket socket;
            try {
                socket = BlockingCalls.call(server::accept, server, "accepting on " + address.location());
            } catch (IOException failure) {
                if (closed.get()) {
                    throw new ListenerClosedException(address.location(), failure);
                }
                throw new IOException("accepting a client on " + address.location() + " failed: " + failure, failure);
            }
            TransportConnection connection;
            try {
                connection = admit(socket);
            } catch (IOException failure) {
                LOG.warn("dropped a client on {}: {}", address.location(), failure.toString(), failure);
                closeRefused(socket);
                continue;
            }
            if (connection != null) {
                return connection;
            }
        }
    }

    /** The connection if the peer's user may connect; null (after closing it and logging why) if not. */
    private TransportConnection admit(AFUNIXSocket socket) throws IOException {
        AFUNIXSocketCredentials credentials;
        try {
            credentials = socket.getPeerCredentials();
        } catch (IOException unreadable) {
            LOG.warn("refused a client on {}: cannot read its credentials ({})", address.location(), unreadable.toString(),
                    unreadable);
            closeRefused(socket);
            return null;
        }
        long uid = credentials.getUid();
        if (uid < 0 || !allowedUids.contains(uid)) {
            LOG.warn("refused a client on {}: pid {} runs as uid {}, but only uids {} may connect;"
                    + " allow it with ListenOptions.allowUid({}) if it is trusted",
                    address.location(), credentials.getPid(), uid, allowedUids, uid);
            closeRefused(socket);
            return null;
        }
        return new UnixConnection(socket, PeerIdentity.unix(credentials.getPid(), uid, credentials.getGid()), address);
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        removeShutdownHook();
        try {
            server.close();
        } finally {
            removeFiles();
        }
        LOG.debug("stopped listening on {}", address.location());
    }

    /** The uid this listener runs as. */
    public long ownUid() {
        return ownUid;
    }

    private void removeFiles() {
        if (filesRemoved.compareAndSet(false, true)) {
            if (tokenFile != null) {
                tokenFile.deleteIfStillOurs();
            }
            socketFile.deleteIfStillOurs();
        }
    }

    private void installShutdownHook() {
        Thread hook = new Thread(this::onShutdown, "localipc-unix-cleanup-" + address.endpoint().name());
        Runtime.getRuntime().addShutdownHook(hook);
        shutdownHook = hook;
    }

    private void removeShutdownHook() {
        Thread hook = shutdownHook;
        if (hook == null || Thread.currentThread() == hook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            LOG.debug("JVM is shutting down; the cleanup hook for {} stays", address.location(), shuttingDown);
        }
    }

    private void onShutdown() {
        closed.set(true);
        removeFiles();
        try {
            server.close();
        } catch (IOException | RuntimeException failed) {
            LOG.debug("closing {} during JVM shutdown failed", address.location(), failed);
        }
    }

    private void closeRefused(AFUNIXSocket socket) {
        try {
            socket.close();
        } catch (IOException failed) {
            LOG.debug("closing a refused client on {} failed", address.location(), failed);
        }
    }

    private static void closeAfterFailure(AFUNIXServerSocket server, Throwable failure) {
        try {
            server.close();
        } catch (IOException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }

    @Override
    public String toString() {
        return "unix listener on " + address.location();
    }
}
