package dev.localipc.core;

/**
 * Receives the events of a topic an {@link IpcClient} subscribed to, in order, each with its
 * per-session sequence number.
 *
 * <pre>{@code
 * client.subscribe("state", State.class, (state, seq) -> view.show(state));
 * }</pre>
 *
 * @param <T> the event data type
 */
@FunctionalInterface
public interface TopicListener<T> {
    /**
     * Called once per event, in {@code seq} order.
     *
     * @param data the event's data, bound to {@code T}
     * @param seq the event's number; it counts this session's events
     * @throws Exception anything: logged, and the next event is delivered as usual
     */

    void onEvent(T data, long seq) throws Exception;
}
