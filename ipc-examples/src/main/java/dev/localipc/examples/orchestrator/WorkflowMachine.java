package dev.localipc.examples.orchestrator;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The orchestrator's workflow: a small state machine whose simulated agent does one step per
 * {@link #tick()}. Control signals ({@link #apply}) change the phase or are refused with a
 * {@link TransitionRefusedException} that says why.
 *
 * <pre>
 * IDLE --START--> PLANNING --tick--> RUNNING --tick x totalSteps--> COMPLETED
 *                     |                 |    \--tick at failAtStep--> FAILED
 *                     +------PAUSE------+--> PAUSED --RESUME--> (back where it was)
 * STOP: PLANNING | RUNNING | PAUSED --> IDLE;  START again from IDLE, COMPLETED, FAILED
 * </pre>
 *
 * <pre>{@code
 * WorkflowMachine machine = new WorkflowMachine(5, 0, Clock.systemUTC(), state -> server.publish("state", state));
 * machine.apply(Signal.START, "cli");
 * machine.tick();                       // PLANNING -> RUNNING
 * }</pre>
 *
 * <p>Thread-safe: every method holds the machine's lock, and the listener is called under it,
 * so listeners see the snapshots in {@link WorkflowState#version()} order. Listeners must be quick.
 */
public final class WorkflowMachine {
    /** The {@link WorkflowState#changedBy()} of changes the machine makes by itself. */
    public static final String SELF = "orchestrator";

    private static final List<String> STEP_NAMES = List.of(
            "read the goal", "collect context", "write the code", "run the tests", "review the change",
            "write the docs");

    private final int totalSteps;
    private final int failAtStep;
    private final Clock clock;
    private final Consumer<WorkflowState> listener;
    private WorkflowState state;

    /**
     * Creates an IDLE workflow.
     *
     * @param totalSteps steps per run, at least 1
     * @param failAtStep the step (1-based) that fails with a simulated error, or 0 for never
     * @param clock the time source for {@link WorkflowState#updatedAt()}
     * @param listener called with every new snapshot, under the machine's lock
     */
    public WorkflowMachine(int totalSteps, int failAtStep, Clock clock, Consumer<WorkflowState> listener) {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps is " + totalSteps + ": a run needs at least 1 step");
        }
        if (failAtStep < 0 || failAtStep > totalSteps) {
            throw new IllegalArgumentException("failAtStep is " + failAtStep + ": use 0 (never) or 1.." + totalSteps);
        }
        this.totalSteps = totalSteps;
        this.failAtStep = failAtStep;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.state = new WorkflowState(0, Phase.IDLE, 0, 0, totalSteps, "waiting for START", null,
                "the orchestrator started", SELF, clock.millis());
    }

    /** The current snapshot. */
    public synchronized WorkflowState state() {
        return state;
    }

    /**
     * Applies a control signal on behalf of {@code who} (a client id) and returns the resulting state.
     *
     * @throws TransitionRefusedException if the current phase does not allow the signal; the state is unchanged
     */
    public synchronized WorkflowState apply(Signal signal, String who) throws TransitionRefusedException {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(who, "who");
        Phase phase = state.phase();
        switch (signal) {
            case START:
                if (phase.isActive()) {
                    throw refused(signal, phase == Phase.PAUSED ? "RESUME or STOP it first" : "STOP it first");
                }
                return change(Phase.PLANNING, state.run() + 1, 0, "drafting a plan of " + totalSteps + " steps", null,
                        "START by " + who, who);
            case PAUSE:
                if (phase == Phase.PLANNING || phase == Phase.RUNNING) {
                    return change(Phase.PAUSED, state.run(), state.step(), "paused: " + state.activity(), phase,
                            "PAUSE by " + who, who);
                }
                throw refused(signal, phase == Phase.PAUSED ? "RESUME it to continue" : startHint(phase));
            case RESUME:
                if (phase == Phase.PAUSED) {
                    Phase back = state.pausedFrom();
                    return change(back, state.run(), state.step(), activityOf(back, state.step()), null,
                            "RESUME by " + who, who);
                }
                throw refused(signal, phase.isActive() ? "it is not PAUSED" : startHint(phase));
            case STOP:
                if (phase.isActive()) {
                    return change(Phase.IDLE, state.run(), state.step(), "waiting for START", null,
                            "STOP by " + who + " after " + state.step() + " of " + totalSteps + " steps", who);
                }
                throw refused(signal, "nothing is running");
            default:
                throw new IllegalArgumentException("unknown signal " + signal);
        }
    }

    /**
     * Lets the simulated agent do one step: PLANNING becomes RUNNING, RUNNING completes a step
     * (and may become COMPLETED or FAILED). In any other phase nothing happens.
     *
     * @return whether the state changed
     */
    public synchronized boolean tick() {
        switch (state.phase()) {
            case PLANNING:
                change(Phase.RUNNING, state.run(), 0, activityOf(Phase.RUNNING, 0), null,
                        "the plan has " + totalSteps + " steps", SELF);
                return true;
            case RUNNING:
                int next = state.step() + 1;
                if (next == failAtStep) {
                    change(Phase.FAILED, state.run(), state.step(), "failed at step " + next, null,
                            "step " + next + " (" + stepName(next) + ") failed: simulated agent error", SELF);
                } else if (next == totalSteps) {
                    change(Phase.COMPLETED, state.run(), next, "done", null,
                            "all " + totalSteps + " steps are done", SELF);
                } else {
                    change(Phase.RUNNING, state.run(), next, activityOf(Phase.RUNNING, next), null,
                            "step " + next + " of " + totalSteps + " (" + stepName(next) + ") is done", SELF);
                }
                return true;
            default:
                return false;
        }
    }

    private String activityOf(Phase phase, int stepsDone) {
        if (phase == Phase.PLANNING) {
            return "drafting a plan of " + totalSteps + " steps";
        }
        int current = stepsDone + 1;
        return "step " + current + " of " + totalSteps + ": " + stepName(current);
    }

    private static String stepName(int oneBased) {
        return STEP_NAMES.get((oneBased - 1) % STEP_NAMES.size());
    }

    private static String startHint(Phase phase) {
        return phase == Phase.IDLE ? "START it first" : "START a new run";
    }

    private TransitionRefusedException refused(Signal signal, String hint) {
        return new TransitionRefusedException(signal, state,
                "cannot " + signal + ": the workflow is " + state.phase() + "; " + hint);
    }

    private WorkflowState change(Phase phase, int run, int step, String activity, Phase pausedFrom, String reason,
                                 String who) {
        state = new WorkflowState(state.version() + 1, phase, run, step, totalSteps, activity, pausedFrom, reason, who,
                clock.millis());
        listener.accept(state);
        return state;
    }
}
