package dev.localipc.core.internal.wire;

/**
 * What a connection's decoder asks its connection while it reads a frame: who handles a method,
 * and which request an answer belongs to.
 */
public interface Targets {
    /** The receiver of {@code method}'s params when it comes as a request ({@code request}) or a notification; null if none. */
    ParamsTarget target(String method, boolean request);

    /** Our request with this id, waiting for its answer; null if none. */
    PendingCall pending(long id);
}
