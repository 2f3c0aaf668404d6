package dev.localipc.transport.unix.internal;

import dev.localipc.api.spi.TransportAddress;

/**
 * Where a socket lives, which decides what its errors advise: in localipc's private runtime
 * directory (named by application and endpoint name), or at an explicit path someone else chose
 * ({@link dev.localipc.api.Endpoint#ofSocketPath(String)}).
 *
 * <pre>{@code
 * SocketPlacement placement = SocketPlacement.of(address);
 * throw new IOException(socket + " is taken: stop it or " + placement.alternative());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public enum SocketPlacement {
    /** {@code <runtime dir>/<name>.sock}, in a private 0700 directory. */
    RUNTIME_DIRECTORY("choose another endpoint name"),
    /** Exactly the path the endpoint names, in a directory localipc does not own. */
    EXPLICIT_PATH("choose another socket path");

    private final String alternative;

    SocketPlacement(String alternative) {
        this.alternative = alternative;
    }

    /** The placement of {@code address}'s socket. */
    public static SocketPlacement of(TransportAddress address) {
        return address.isInRuntimeDirectory() ? RUNTIME_DIRECTORY : EXPLICIT_PATH;
    }

    /** The other way out, as an imperative: "choose another endpoint name" or "choose another socket path". */
    public String alternative() {
        return alternative;
    }
}
