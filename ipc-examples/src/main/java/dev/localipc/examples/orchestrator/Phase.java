package dev.localipc.examples.orchestrator;

/**
 * Where the orchestrator's workflow is.
 *
 * <pre>{@code
 * if (machine.state().phase() == Phase.PAUSED) {
 *     machine.apply(Signal.RESUME, "me");
 * }
 * }</pre>
 */
public enum Phase {
    /** Nothing runs; START begins a run. */
    IDLE,
    /** The simulated agent drafts its plan (one step). */
    PLANNING,
    /** The agent works through its steps, one per tick. */
    RUNNING,
    /** A client paused the run; RESUME continues where it stopped. */
    PAUSED,
    /** Every step is done; START begins a new run. */
    COMPLETED,
    /** A step failed; START begins a new run. */
    FAILED;

    /** Whether a run is under way (planning, running or paused). */
    public boolean isActive() {
        return this == PLANNING || this == RUNNING || this == PAUSED;
    }
}
