package dev.localipc.core;

/**
 * Which thread runs request handlers, notification handlers and topic listeners.
 *
 * <p>Every connection has its own reader thread (a platform thread; a virtual one with
 * {@code -Dlocalipc.virtualThreads=true} on Java 21+). Responses to
 * your own requests are always completed on that reader thread, so the choice below is about
 * handlers only. In both modes the handlers of one connection run one at a time, in the order
 * the messages arrived, and a slow handler never delays reading from other connections.
 *
 * <pre>{@code
 * IpcServer.builder("app").handlerThreading(HandlerThreading.ORDERED_WORKER)...
 * }</pre>
 */
public enum HandlerThreading {
    /**
     * Handlers run on the connection's reader thread: the lowest latency (no thread hand-off).
     * While a handler runs nothing else is read from that peer, so a handler must not block
     * waiting for a response from the same peer: such a {@code get()} or {@code join()} throws
     * {@link IllegalStateException} instead of deadlocking (use {@code thenAccept} instead).
     * Default for {@link IpcServer}.
     */
    READER_THREAD,
    /**
     * Handlers run on a per-connection worker that takes them in order: the reader keeps
     * reading (and completing responses) while a handler runs, so a handler may block on a
     * request to the same peer. Costs one thread hand-off per message. Default for {@link IpcClient}.
     */
    ORDERED_WORKER
}
