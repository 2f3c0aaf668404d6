package dev.localipc.core.internal.connection;

import dev.localipc.core.ClientInfo;
import dev.localipc.core.IpcServer;
import dev.localipc.core.RequestContext;
import dev.localipc.core.internal.wire.FrameTooLargeException;
import dev.localipc.core.internal.wire.Inbound;
import dev.localipc.core.internal.wire.ParamsTarget;

/**
 * One side's rules for a {@link Connection}: the server's (the hello, then ping, subscribe,
 * unsubscribe and bye) or the client's (ping, events, bye). The connection does everything else:
 * reading, decoding, application handlers, answers, pending requests, heartbeats.
 *
 * <p>Called by the connection's reader thread unless said otherwise.
 */
public interface Protocol {
    /** The receiver of the reserved method's params on this side ({@code ipc.*}), or null: -32601. */
    ParamsTarget libraryTarget(String method, boolean request);

    /** Whether the connection carries messages yet; until then every frame goes to {@link #beforeReady}. */
    boolean ready();

    /** A frame that arrived before {@link #ready()} (the server's hello). */
    void beforeReady(Connection connection, Inbound frame);

    /** A frame over the limit arrived; true if this side answered it (before ready), false for the usual -32002. */
    boolean frameTooLarge(Connection connection, FrameTooLargeException e);

    /**
     * A reserved notification that must be handled on the reader thread, in arrival order (an
     * event's seq): returns what is left to run on the handler thread, or null if it is not one.
     */
    Runnable onReaderThread(Connection connection, Inbound.Notification notification);

    /**
     * Handles a reserved request or notification (on the handler thread): the answer to send (a
     * frame, or a future of its text), or null for none.
     */
    Object library(Connection connection, Inbound call);

    /** The peer's client id, as {@link RequestContext#clientId()} tells a handler. */
    String clientId();

    /** The peer as {@link RequestContext#client()} tells a handler. */
    ClientInfo clientInfo();

    /**
     * The server, as {@link RequestContext#server()} tells a handler.
     *
     * @throws IllegalStateException on a client, with the advice a handler's author needs
     */
    IpcServer server();

    /** The peer reported an error about the connection itself (an error response with id null). */
    void connectionError(Connection connection, int code, String message);

    /** Periodic work of this side, from the timer (never blocks). */
    void tick(Connection connection, long now);

    /** The connection closed, once, on the thread that closed it. */
    void closed(Connection connection, String reason);
}
