package dev.localipc.core;

/**
 * Handles one JSON-RPC notification (a message without an id, which gets no answer). An exception
 * thrown here is logged, never sent.
 *
 * <pre>{@code
 * NotificationHandler<PauseParams> pause = (ctx, p) -> scheduler.pause(p.reason);
 * }</pre>
 *
 * @param <P> the params type
 */
@FunctionalInterface
public interface NotificationHandler<P> {
    /**
     * Handles the notification.
     *
     * @param ctx the connection it came from and the server
     * @param params the params, bound to {@code P}
     * @throws Exception anything: logged, never sent
     */

    void handle(RequestContext ctx, P params) throws Exception;
}
