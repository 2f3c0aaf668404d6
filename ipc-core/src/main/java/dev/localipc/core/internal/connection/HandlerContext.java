package dev.localipc.core.internal.connection;

import dev.localipc.core.ClientInfo;
import dev.localipc.core.IpcServer;
import dev.localipc.core.RequestContext;

/**
 * The {@link RequestContext} an application handler gets: the method it handles, and what the
 * connection's {@link Protocol} knows of the peer (its client id, its {@link ClientInfo}, the
 * server), read when the handler asks.
 *
 * <p>Immutable: the calls of one method on one connection share one.
 */
final class HandlerContext implements RequestContext {
    private final String method;
    private final Protocol protocol;
    private final Connection connection;

    HandlerContext(String method, Protocol protocol, Connection connection) {
        this.method = method;
        this.protocol = protocol;
        this.connection = connection;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String clientId() {
        return protocol.clientId();
    }

    @Override
    public ClientInfo client() {
        return protocol.clientInfo();
    }

    @Override
    public IpcServer server() {
        return protocol.server();
    }

    @Override
    public void notifyPeer(String notificationMethod, Object params) {
        connection.notify(notificationMethod, params);
    }
}
