package dev.localipc.api.spi;

import dev.localipc.api.Endpoint;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a transport listens for one endpoint: the location clients connect to (a socket path or
 * a pipe name), the token file beside it, and the directory that holds them.
 *
 * <pre>{@code
 * TransportAddress address = Transports.select().resolve(Endpoint.of("myapp", "daemon"));
 * System.out.println("listening on " + address.location());
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

    /** {@return the private directory holding the token file (and, on Unix, the socket)} */
    public Path directory() {
        return directory;
    }

    /** {@return the token file: 64 hex characters, readable by the owner only} */

    public Path tokenFile() {
        return tokenFile;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof TransportAddress)) {
            return false;
        }
        TransportAddress that = (TransportAddress) other;
        return transport.equals(that.transport) && endpoint.equals(that.endpoint) && location.equals(that.location)
                && directory.equals(that.directory) && tokenFile.equals(that.tokenFile);
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
