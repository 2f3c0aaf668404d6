package dev.localipc.api.spi;

import dev.localipc.api.Endpoint;
import java.io.IOException;

/**
 * A way to carry localipc connections between local processes: Unix domain sockets, Windows
 * named pipes, or a transport of your own. Providers are found at run time with
 * {@link java.util.ServiceLoader}; applications pick one through {@link dev.localipc.api.Transports}.
 *
 * <p>A provider must have a public no-argument constructor that never throws for lack of
 * platform support: it reports that through {@link #availability()} instead. It is registered
 * both in its module-info ({@code provides dev.localipc.api.spi.TransportProvider with ...})
 * and in {@code META-INF/services/dev.localipc.api.spi.TransportProvider}.
 *
 * <pre>{@code
 * TransportProvider transport = Transports.select();
 * TransportAddress address = transport.resolve(Endpoint.of("myapp", "daemon"));
 * try (TransportListener listener = transport.listen(address, ListenOptions.defaults())) {
 *     TransportConnection connection = listener.accept();
 *     ...
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe: one instance serves every listener and connection of the JVM.
 */
public interface TransportProvider {

    /** {@return a stable lowercase name, such as {@code "unix"} or {@code "windows"}; the value of {@code localipc.transport}} */
    String name();

    /**
     * {@return whether this transport works here, with the cause when it does not} Checked once
     * and cached: calling it again is cheap and gives the same answer.
     */
    TransportAvailability availability();

    /**
     * {@return the preference among available providers} The highest wins when
     * {@code localipc.transport} names none. The built-in providers use 100; a provider meant to
     * be chosen only on demand returns a negative number.
     */
    default int priority() {
        return 0;
    }

    /**
     * Resolves an endpoint to this transport's address (socket path or pipe name, token file),
     * applying {@code LOCALIPC_RUNTIME_DIR} and the endpoint's own runtime directory. Resolving
     * creates nothing; it fails if the address cannot be used at all (for example a socket
     * path over the platform's length limit).
     *
     * <p>An endpoint named by its socket path ({@link Endpoint#socketPath()}) resolves to exactly
     * that path (or the pipe name made from it) with {@link TransportAddress#ofSocketPath}; a
     * transport that cannot honour the path refuses the endpoint, and never places it elsewhere.
     *
     * @param endpoint the endpoint to resolve
     * @return its address on this transport
     * @throws IllegalArgumentException naming the address, the cause and the fix
     */
    TransportAddress resolve(Endpoint endpoint);

    /**
     * Starts listening. Before this returns, the runtime directory is checked or created
     * private, the token file (when {@link ListenOptions#token()} is set) is written readable by
     * the owner only, and the endpoint is bound; nobody is accepted before that. For an address
     * without a runtime directory ({@link TransportAddress#isInRuntimeDirectory()} false) no
     * directory is created or checked and no token file is written, even when the options carry a
     * token: the caller gives it to clients another way.
     *
     * @param address where to listen, from {@link #resolve(Endpoint)}
     * @param options the token to write, the users to accept, cleanup on shutdown
     * @return the listener, bound and ready to accept
     * @throws AddressInUseException if a live server already listens on the address
     * @throws IOException naming the address and the cause for any other failure
     */
    TransportListener listen(TransportAddress address, ListenOptions options) throws IOException;

    /**
     * Connects to a listening endpoint and verifies the server (its owner is the expected
     * user) before returning, so that nothing, and no token, is sent to an impostor.
     *
     * @param address where the server listens, from {@link #resolve(Endpoint)}
     * @param options how long to wait for a busy server, and which user it must run as
     * @return the connection to the verified server
     * @throws java.net.ConnectException
 (or another {@link IOException}) naming the address when nobody listens
     * @throws UntrustedServerException if the server is not the expected user's
     */
    TransportConnection connect(TransportAddress address, ConnectOptions options) throws IOException;
}
