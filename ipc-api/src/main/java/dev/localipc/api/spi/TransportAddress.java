package dev.localipc.api.spi;

import dev.localipc.api.Endpoint;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a transport listens for one endpoint: the location clients connect to (a socket path or
 * a pipe name), the token file beside it, and the directory that holds them.
 *
 * <p>The address of an endpoint named by its socket path ({@link Endpoint#ofSocketPath(String)},
 * made with {@link #ofSocketPath}) has a location only: no runtime directory and no token file
 * ({@link #isInRuntimeDirectory()} is false, and {@link #directory()} and {@link #tokenFile()}
 * throw).
 *
 * <pre>{@code
 * TransportAddress address = Transports.select().resolve(Endpoint.of("myapp", "daemon"));
 * System.out.println("listening on " + address.location());
 * if (address.isInRuntimeDirectory()) {
 *     System.out.println("token in " + address.tokenFile());
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TransportAddress {
    private final String transport;
    private final Endpoint endpoint;
    private final String location;
    private final Path directory;
    private final Path tokenFile;

    /**
     * Creates an address; called by transport providers.
     *
     * @param transport the provider's {@link TransportProvider#name()}
     * @param endpoint the endpoint this address was resolved from
     * @param location what clients connect to: a socket path or a pipe name
     * @param directory the private directory that holds the token file (and the socket)
     * @param tokenFile the token file's path
     */
    public TransportAddress(String transport, Endpoint endpoint, String location, Path directory, Path tokenFile) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.location = Objects.requireNonNull(location, "location");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.tokenFile = Objects.requireNonNull(tokenFile, "tokenFile");
    }

    private TransportAddress(String transport, Endpoint endpoint, String location) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.location = Objects.requireNonNull(location, "location");
        this.directory = null;
        this.tokenFile = null;
    }

    /**
     * Creates the address of an endpoint named by its socket path: no runtime directory, no token
     * file. Called by transport providers.
     *
     * <pre>{@code
     * Endpoint endpoint = Endpoint.ofSocketPath("/tmp/evals-1-2.sock");
     * return TransportAddress.ofSocketPath(name(), endpoint, Path.of(endpoint.socketPath().get()).toAbsolutePath().toString());
     * }</pre>
     *
     * @param transport the provider's {@link TransportProvider#name()}
     * @param endpoint the endpoint, made with {@link Endpoint#ofSocketPath(String)}
     * @param location what clients connect to: the socket path, or the pipe name made from it
     * @return the address
     * @throws IllegalArgumentException if the endpoint is not named by a socket path
     */
    public static TransportAddress ofSocketPath(String transport, Endpoint endpoint, String location) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.socketPath().isEmpty()) {
            throw new IllegalArgumentException("endpoint " + endpoint + " is not named by a socket path: resolve it"
                    + " with TransportAddress's constructor, which takes its runtime directory and token file");
        }
        return new TransportAddress(transport, endpoint, location);
    }

    /**
     * {@return whether this address lies in a runtime directory of localipc's, with a token file
     * beside it} False for the address of an endpoint named by its socket path.
     */
    public boolean isInRuntimeDirectory() {
        return directory != null;
    }

    /** {@return the name of the transport that resolved this address} */
    public String transport() {
        return transport;
    }

    /** {@return the endpoint this address belongs to} */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** {@return what clients connect to: a socket path such as {@code /run/user/1000/app/x.sock} or a pipe name} */
    public String location() {
        return location;
    }

    /**
     * {@return the private directory holding the token file (and, on Unix, the socket)}
     *
     * @throws IllegalStateException if this address has none ({@link #isInRuntimeDirectory()} is false)
     */
    public Path directory() {
        if (directory == null) {
            throw new IllegalStateException(location + " is an explicit socket path (" + endpoint + "), not in a"
                    + " runtime directory of localipc's: check TransportAddress.isInRuntimeDirectory() first");
        }
        return directory;
    }

    /**
     * {@return the token file: 64 hex characters, readable by the owner only}
     *
     * @throws IllegalStateException if this address has none ({@link #isInRuntimeDirectory()} is false): the
     *         message says that the token must reach the client another way
     */
    public Path tokenFile() {
        if (tokenFile == null) {
            throw new IllegalStateException("no token file is published for " + location + ": its endpoint is named"
                    + " by its socket path, and localipc writes token files only in its own runtime directory;"
                    + " give the client the token another way");
        }
        return tokenFile;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof TransportAddress)) {
            return false;
        }
        TransportAddress that = (TransportAddress) other;
        return transport.equals(that.transport) && endpoint.equals(that.endpoint) && location.equals(that.location)
                && Objects.equals(directory, that.directory) && Objects.equals(tokenFile, that.tokenFile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(transport, endpoint, location, directory, tokenFile);
    }

    @Override
    public String toString() {
        return transport + ":" + location;
    }
}
