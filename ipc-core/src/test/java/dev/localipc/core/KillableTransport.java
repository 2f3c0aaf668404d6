package dev.localipc.core;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportAvailability;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.TransportProvider;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Wraps a transport so that a test can cut the client's connections abruptly, as a crash would. */
final class KillableTransport implements TransportProvider {
    private final TransportProvider delegate;
    private final List<TransportConnection> connections = new CopyOnWriteArrayList<>();

    KillableTransport(TransportProvider delegate) {
        this.delegate = delegate;
    }

    /**
     * Closes every connection made so far, without any goodbye. Each is taken off the list as it
     * is closed: a connection the client's reconnector makes meanwhile stays listed, to be killed
     * next time (clearing the whole list afterwards would forget it, and a later kill would miss it).
     */
    void killAll() throws IOException {
        for (TransportConnection connection : connections) {
            connections.remove(connection);
            connection.close();
        }
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public TransportAvailability availability() {
        return delegate.availability();
    }

    @Override
    public TransportAddress resolve(Endpoint endpoint) {
        return delegate.resolve(endpoint);
    }

    @Override
    public TransportListener listen(TransportAddress address, ListenOptions options) throws IOException {
        return delegate.listen(address, options);
    }

    @Override
    public TransportConnection connect(TransportAddress address, ConnectOptions options) throws IOException {
        TransportConnection connection = delegate.connect(address, options);
        connections.add(connection);
        return connection;
    }
}
