package dev.localipc.examples.orchestrator;

/**
 * A control signal that the workflow's current phase does not allow, such as PAUSE while IDLE.
 * The IPC server answers it as an application error with {@link #CODE} and this message.
 *
 * <pre>{@code
 * try {
 *     machine.apply(Signal.PAUSE, clientId);
 * } catch (TransitionRefusedException e) {
 *     System.err.println(e.getMessage()); // cannot PAUSE: the workflow is IDLE; START it first
 * }
 * }</pre>
 */
public final class TransitionRefusedException extends Exception {
    /** The application error code (outside JSON-RPC's reserved -32768..-32000). */
    public static final int CODE = 1001;

    private static final long serialVersionUID = 1L;

    private final transient WorkflowState state;
    private final Signal signal;

    TransitionRefusedException(Signal signal, WorkflowState state, String message) {
        super(message);
        this.signal = signal;
        this.state = state;
    }

    /** The refused signal. */
    public Signal signal() {
        return signal;
    }

    /** The workflow's state when the signal was refused (unchanged by it). */
    public WorkflowState state() {
        return state;
    }
}
