package dev.localipc.transport.unix;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.RuntimeDirectories;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportAvailability;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.transport.unix.internal.CurrentUser;
import dev.localipc.transport.unix.internal.NativeSupport;
import dev.localipc.transport.unix.internal.SocketPathLimit;
import dev.localipc.transport.unix.internal.UnixConnector;
import dev.localipc.transport.unix.internal.UnixListener;
import dev.localipc.transport.unix.internal.XdgRuntimeBase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code "unix"} transport: Unix domain sockets on Linux and macOS through junixsocket,
 * secure by default (PROTOCOL.md section 6).
 *
 * <ul>
 *   <li>Socket {@code <dir>/<name>.sock} (mode 0600) and token file {@code <dir>/<name>.token}
 *       (mode 0600, written before the first accept) in a private runtime directory: mode 0700,
 *       owned by the current user, not a symbolic link. The directory is
 *       {@code $XDG_RUNTIME_DIR/<app>}, else {@code <java.io.tmpdir>/<app>-<uid>}, unless the
 *       endpoint or {@code LOCALIPC_RUNTIME_DIR} names another. XDG_RUNTIME_DIR itself is never
 *       created: it must exist, belong to the user and have mode 0700, or listening fails.</li>
 *   <li>A live server on the path is "address in use"; a stale socket file is replaced. Server
 *       starts on one endpoint are serialised by an empty 0600 file {@code <dir>/<name>.lock},
 *       which stays in place. Probing a live server opens (and at once closes) a connection to
 *       it, which that server accepts like any other.</li>
 *   <li>The server refuses peers of other users (see {@link ListenOptions#allowedUids()})
 *       before reading a byte; the client checks the server's user before sending any.</li>
 *   <li>Both files are removed on close and on JVM shutdown.</li>
 * </ul>
 *
 * <p>An endpoint named by its socket path ({@link Endpoint#ofSocketPath(String)}) listens on
 * exactly that path (made absolute against the working directory). Its directory is someone
 * else's: it must exist, and it must not let other users replace the socket (a directory only
 * this user or root can write, or a sticky one such as {@code /tmp}); it is not created, not
 * required to be 0700, and holds no token file and no lock file of ours. The socket is still
 * 0600 before the first accept, only a stale socket is replaced (a regular file or symbolic link
 * there is refused and left alone), a live server is "address in use", peers are checked both
 * ways, and the socket is removed on close while it is still this server's.
 *
 * <pre>{@code
 * TransportAddress roo = unix.resolve(Endpoint.ofSocketPath("/tmp/evals-1-2.sock"));
 * }</pre>
 *
 * <pre>{@code
 * TransportProvider unix = Transports.byName("unix");
 * TransportAddress address = unix.resolve(Endpoint.of("myapp", "daemon"));
 * try (TransportListener listener = unix.listen(address, ListenOptions.builder().token(token).build())) {
 *     TransportConnection connection = listener.accept();
 * }
 * }</pre>
 *
 * <p>Connections may be served by virtual threads: a blocking accept, connect, read or write
 * called from a virtual thread runs on a pooled platform thread while the virtual thread parks
 * (junixsocket's own virtual-thread poller starves once as many connections as CPUs are idle).
 *
 * <p>On Java 24 and later the JVM warns when junixsocket loads its native library unless native
 * access is enabled: {@code --enable-native-access=org.newsclub.net.unix} on the module path,
 * {@code --enable-native-access=ALL-UNNAMED} on the class path.
 *
 * <p>Normally found through {@link dev.localipc.api.Transports}; the no-argument constructor
 * never throws, even where the transport cannot work ({@link #availability()} says why).
 * Thread-safe: one instance serves the whole JVM.
 */
public final class UnixTransportProvider implements TransportProvider {
    /** The provider's name, the value of {@code -Dlocalipc.transport}. */
    public static final String NAME = "unix";

    /** Creates the provider; cheap, and never fails. */
    public UnixTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TransportAvailability availability() {
        return NativeSupport.availability();
    }

    /** 100, like every built-in transport: the only one available on its platforms. */
    @Override
    public int priority() {
        return 100;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the socket path exceeds the platform's limit, for example
     *         "socket path /run/user/1000/app/x.sock is 121 bytes; the limit on Linux is 107: use a
     *         shorter name or set LOCALIPC_RUNTIME_DIR" (for an explicit socket path: "... is 121 bytes;
     *         the limit on Linux is 107: choose a shorter socket path")
     * @throws IllegalStateException if the transport is unavailable here
     */
    @Override
    public TransportAddress resolve(Endpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        long uid = ensureAvailable();
        if (endpoint.socketPath().isPresent()) {
            Path socket = Path.of(endpoint.socketPath().get()).toAbsolutePath();
            SocketPathLimit.current().checkExplicit(socket);
            return TransportAddress.ofSocketPath(NAME, endpoint, socket.toString());
        }
        Path directory = RuntimeDirectories.unix(endpoint, System::getenv, System.getProperty("java.io.tmpdir"), uid);
        Path socket = directory.resolve(endpoint.name() + ".sock");
        SocketPathLimit.current().check(socket);
        return new TransportAddress(NAME, endpoint, socket.toString(), directory,
                directory.resolve(endpoint.name() + ".token"));
    }

    @Override
    public TransportListener listen(TransportAddress address, ListenOptions options) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        long uid = ensureAvailable();
        XdgRuntimeBase.check(address, System::getenv, uid); // before anything is created in it
        return UnixListener.open(address, options, uid);
    }

    @Override
    public TransportConnection connect(TransportAddress address, ConnectOptions options) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        return UnixConnector.connect(address, options, ensureAvailable());
    }

    private static long ensureAvailable() {
        TransportAvailability availability = NativeSupport.availability();
        if (!availability.isAvailable()) {
            Throwable cause = availability.cause().orElseThrow();
            throw new IllegalStateException("the unix transport is unavailable here: " + cause.getMessage(), cause);
        }
        return CurrentUser.uid();
    }

    @Override
    public String toString() {
        return "unix transport (" + availability() + ")";
    }
}
