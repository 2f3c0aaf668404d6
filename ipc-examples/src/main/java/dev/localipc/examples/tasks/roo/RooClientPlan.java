package dev.localipc.examples.tasks.roo;

import dev.localipc.examples.json.Nullable;
import dev.localipc.examples.tasks.StartNewTask;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link RooClientSession} does once the server's Ack arrives: the queries to send first,
 * then either StartNewTask or ResumeTask (or neither: queries only), and what to do on the way.
 *
 * <pre>{@code
 * RooClientPlan plan = RooClientPlan.start(TaskCommand.startNewTask("Say hello.", new JsonObject()).start());
 * RooClientPlan withModes = plan.withQueries(List.of(TaskCommandName.GET_MODES));
 * }</pre>
 *
 * @param start StartNewTask's data, or null
 * @param resumeTaskId the task to resume with ResumeTask, or null (at most one of start and resumeTaskId)
 * @param queries GetCommands, GetModes and/or GetModels, sent right after the Ack; each must be answered before the end
 * @param cancelOn send CancelTask when the followed task's first event of this name arrives, or null
 * @param closeAtEnd send CloseTask when the task ended (what Roo's evals runner does)
 */
public record RooClientPlan(@Nullable StartNewTask start, @Nullable String resumeTaskId, List<TaskCommandName> queries,
                            @Nullable RooEventName cancelOn, boolean closeAtEnd) {
    private static final EnumSet<TaskCommandName> QUERIES =
            EnumSet.of(TaskCommandName.GET_COMMANDS, TaskCommandName.GET_MODES, TaskCommandName.GET_MODELS);

    /** Checks there is at most one of start / resume, and the queries are queries. */
    public RooClientPlan {
        queries = List.copyOf(queries);
        if (start != null && resumeTaskId != null) {
            throw new IllegalArgumentException("a plan either starts a task or resumes one, not both");
        }
        for (TaskCommandName query : queries) {
            if (!QUERIES.contains(query)) {
                throw new IllegalArgumentException(query.wire() + " is not a query; queries are GetCommands, GetModes, GetModels");
            }
        }
        if (start != null) {
            TaskCommand.startNewTask(start); // the same checks as the command: text and configuration are required
        }
    }

    /** Start this task, nothing else. */
    public static RooClientPlan start(StartNewTask start) {
        return new RooClientPlan(Objects.requireNonNull(start, "start"), null, List.of(), null, false);
    }

    /** Resume this task, nothing else. */
    public static RooClientPlan resume(String taskId) {
        return new RooClientPlan(null, Objects.requireNonNull(taskId, "taskId"), List.of(), null, false);
    }

    /** Only these queries: the session ends (COMPLETED) when each has its answer. */
    public static RooClientPlan queriesOnly(List<TaskCommandName> queries) {
        return new RooClientPlan(null, null, queries, null, false);
    }

    /** This plan with these queries sent first. */
    public RooClientPlan withQueries(List<TaskCommandName> newQueries) {
        return new RooClientPlan(start, resumeTaskId, newQueries, cancelOn, closeAtEnd);
    }

    /** This plan, cancelling the task on its first event of this name. */
    public RooClientPlan cancellingOn(RooEventName eventName) {
        return new RooClientPlan(start, resumeTaskId, queries, eventName, closeAtEnd);
    }

    /** This plan, sending CloseTask at the end. */
    public RooClientPlan closingAtEnd() {
        return new RooClientPlan(start, resumeTaskId, queries, cancelOn, true);
    }
}
