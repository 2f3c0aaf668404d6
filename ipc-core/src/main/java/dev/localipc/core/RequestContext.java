package dev.localipc.core;

/**
 * What a handler knows about the message it handles and the connection it came from.
 *
 * <pre>{@code
 * server.onRequest("START", TaskSpec.class, (ctx, spec) -> {
 *     String id = tasks.start(spec);
 *     ctx.notifyClient("TaskStarted", Map.of("id", id));          // only to the client that asked
 *     ctx.server().publish("tasks", tasks.snapshot());             // to every subscriber
 *     return id;
 * });
 * }</pre>
 *
 * <p>A context is valid while its connection is open; it is safe to keep and use from other threads.
 */
public interface RequestContext {

    /** {@return the method of the request or notification being handled} */
    String method();

    /**
     * {@return the client's id} On a server, the id of the client that sent the message; on a
     * client, the id the server gave this client.
     */
    String clientId();

    /**
     * {@return a snapshot of the connection} On a server the asking client's registry entry; on a
     * client this connection seen from the client side (the server's pid and uid, this client's counters).
     */
    ClientInfo client();

    /**
     * The server that received the message.
     *
     * @return the server
     * @throws IllegalStateException in a handler of an {@link IpcClient}
     */
    IpcServer server();

    /**
     * Sends a notification to the peer that sent this message (from a server handler: to the
     * asking client; from a client handler: to the server). Does not wait.
     *
     * @param method the notification's method
     * @param params its params, turned into JSON with the connection's Gson (null: none)
     * @throws ConnectionLostException if that connection is closed
     */
    void notifyPeer(String method, Object params);

    /**
     * Same as {@link #notifyPeer}; reads better in a server handler.
     *
     * @param method the notification's method
     * @param params its params, turned into JSON with the connection's Gson (null: none)
     * @throws ConnectionLostException if that connection is closed
     */

    default void notifyClient(String method, Object params) {
        notifyPeer(method, params);
    }
}
