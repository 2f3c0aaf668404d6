package dev.localipc.examples.orchestrator;

import dev.localipc.examples.json.Nullable;

/**
 * One immutable snapshot of the workflow: what {@code GET_STATE} answers and what topic
 * {@code state} carries. Its JSON form is described by {@code docs/schema/orchestrator.state.json}.
 *
 * <pre>{@code
 * WorkflowState state = client.request("GET_STATE", null, WorkflowState.class).get();
 * System.out.println(state.phase() + " step " + state.step() + "/" + state.totalSteps());
 * }</pre>
 *
 * @param version increases by one with every change, so a reader can order snapshots
 * @param phase the current phase
 * @param run the run number: 0 before the first START, then 1, 2, ...
 * @param step how many steps of this run are done (0 to {@code totalSteps})
 * @param totalSteps how many steps a run has
 * @param activity what the simulated agent is doing, in words
 * @param pausedFrom the phase a PAUSED workflow resumes to; null otherwise
 * @param reason why the last change happened, in words
 * @param changedBy the client id that caused the last change, or {@code "orchestrator"} for a step
 * @param updatedAt when the last change happened, epoch milliseconds
 */
public record WorkflowState(long version, Phase phase, int run, int step, int totalSteps, String activity,
                            @Nullable Phase pausedFrom, String reason, String changedBy, long updatedAt) {
}
