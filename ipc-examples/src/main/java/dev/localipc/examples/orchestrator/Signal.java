package dev.localipc.examples.orchestrator;

/**
 * A control signal a client sends to the orchestrator; each is also the name of an IPC request.
 *
 * <pre>{@code
 * WorkflowState paused = machine.apply(Signal.PAUSE, clientId);
 * }</pre>
 */
public enum Signal {
    /** IDLE, COMPLETED or FAILED to PLANNING: begins a new run. */
    START,
    /** PLANNING or RUNNING to PAUSED. */
    PAUSE,
    /** PAUSED back to the phase it was paused in. */
    RESUME,
    /** PLANNING, RUNNING or PAUSED to IDLE: abandons the run. */
    STOP
}
