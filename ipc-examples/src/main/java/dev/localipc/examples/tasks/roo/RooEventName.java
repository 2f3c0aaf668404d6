package dev.localipc.examples.tasks.roo;

/**
 * The names of Roo Code's task events ({@code RooCodeEventName} of {@code @roo-code/types} 1.115.0,
 * camelCase on the wire) with the payload tuple each one takes. Three of them
 * ({@link #TASK_USER_MESSAGE}, {@link #MODE_CHANGED}, {@link #PROVIDER_PROFILE_CHANGED}) are in
 * the enum but not in {@code taskEventSchema}: Roo's client drops them, so they must never be sent.
 *
 * <pre>{@code
 * if (event.name() == RooEventName.TASK_COMPLETED) { ... }
 * int length = RooEventName.TASK_COMPLETED.payloadLength();   // 4
 * }</pre>
 */
public enum RooEventName implements WireName {
    /** A task was created (StartNewTask, a subtask, a task reopened from history). */
    TASK_CREATED("taskCreated", PayloadShape.TASK_ID),
    /** A task started: a new task, a resumed one or a subtask. Roo's evals runner takes the task id from it. */
    TASK_STARTED("taskStarted", PayloadShape.TASK_ID),
    /** A task finished: {@code [taskId, TokenUsage, ToolUsage, {isSubtask}]}. */
    TASK_COMPLETED("taskCompleted", PayloadShape.COMPLETED),
    /** A task was aborted (cancelled, or it failed). */
    TASK_ABORTED("taskAborted", PayloadShape.TASK_ID),
    /** A task's view got the focus. */
    TASK_FOCUSED("taskFocused", PayloadShape.TASK_ID),
    /** A task's view lost the focus. */
    TASK_UNFOCUSED("taskUnfocused", PayloadShape.TASK_ID),
    /** A task is working. */
    TASK_ACTIVE("taskActive", PayloadShape.TASK_ID),
    /** A task waits for the user's answer to an ask. */
    TASK_INTERACTIVE("taskInteractive", PayloadShape.TASK_ID),
    /** A task stopped and can be resumed (ResumeTask). */
    TASK_RESUMABLE("taskResumable", PayloadShape.TASK_ID),
    /** A task has nothing to do. */
    TASK_IDLE("taskIdle", PayloadShape.TASK_ID),
    /** A task paused to let a subtask run. */
    TASK_PAUSED("taskPaused", PayloadShape.TASK_ID),
    /** A task continues after its subtask. */
    TASK_UNPAUSED("taskUnpaused", PayloadShape.TASK_ID),
    /** A task started a subtask: {@code [parentTaskId, childTaskId]}. */
    TASK_SPAWNED("taskSpawned", PayloadShape.TWO_TASK_IDS),
    /** A task handed work to a child: {@code [parentTaskId, childTaskId]}. */
    TASK_DELEGATED("taskDelegated", PayloadShape.TWO_TASK_IDS),
    /** A child finished delegated work: {@code [parentTaskId, childTaskId, summary]}. */
    TASK_DELEGATION_COMPLETED("taskDelegationCompleted", PayloadShape.DELEGATION_COMPLETED),
    /** A parent resumed after delegation: {@code [parentTaskId, childTaskId]}. */
    TASK_DELEGATION_RESUMED("taskDelegationResumed", PayloadShape.TWO_TASK_IDS),
    /** A message was created or updated: {@code [{taskId, action, message}]}. */
    MESSAGE("message", PayloadShape.MESSAGE),
    /** A task switched mode: {@code [taskId, mode]}. */
    TASK_MODE_SWITCHED("taskModeSwitched", PayloadShape.TASK_MODE),
    /** The user answered a task's ask. */
    TASK_ASK_RESPONDED("taskAskResponded", PayloadShape.TASK_ID),
    /** In the enum but not in taskEventSchema: Roo's client drops it. Never send it. */
    TASK_USER_MESSAGE("taskUserMessage", PayloadShape.NOT_IN_SCHEMA),
    /** A task's queue of pending user messages changed: {@code [taskId, QueuedMessage[]]}. */
    QUEUED_MESSAGES_UPDATED("queuedMessagesUpdated", PayloadShape.QUEUED_MESSAGES),
    /** A task's token use changed: {@code [taskId, TokenUsage, ToolUsage]}. */
    TASK_TOKEN_USAGE_UPDATED("taskTokenUsageUpdated", PayloadShape.TOKEN_USAGE),
    /** A tool failed: {@code [taskId, toolName, error]}. */
    TASK_TOOL_FAILED("taskToolFailed", PayloadShape.TOOL_FAILED),
    /** In the enum but not in taskEventSchema: Roo's client drops it. Never send it. */
    MODE_CHANGED("modeChanged", PayloadShape.NOT_IN_SCHEMA),
    /** In the enum but not in taskEventSchema: Roo's client drops it. Never send it. */
    PROVIDER_PROFILE_CHANGED("providerProfileChanged", PayloadShape.NOT_IN_SCHEMA),
    /** The answer to GetCommands (to the asking client only). */
    COMMANDS_RESPONSE("commandsResponse", PayloadShape.COMMANDS),
    /** The answer to GetModes (to the asking client only). */
    MODES_RESPONSE("modesResponse", PayloadShape.MODES),
    /** The answer to GetModels (to the asking client only). */
    MODELS_RESPONSE("modelsResponse", PayloadShape.MODELS),
    /** An evaluation passed: no payload, a numeric taskId. */
    EVAL_PASS("evalPass", PayloadShape.NONE),
    /** An evaluation failed: no payload, a numeric taskId. */
    EVAL_FAIL("evalFail", PayloadShape.NONE);

    private final String wire;
    private final PayloadShape shape;

    RooEventName(String wire, PayloadShape shape) {
        this.wire = wire;
        this.shape = shape;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** Whether Roo's client accepts events of this name at all ({@code taskEventSchema} has it). */
    public boolean inTaskEventSchema() {
        return shape != PayloadShape.NOT_IN_SCHEMA;
    }

    /** Whether the event has a payload tuple (evalPass and evalFail have none, and a numeric taskId instead). */
    public boolean hasPayload() {
        return shape != PayloadShape.NONE && shape != PayloadShape.NOT_IN_SCHEMA;
    }

    /** The exact length of the payload tuple (0 when it has none). */
    public int payloadLength() {
        return shape.length();
    }

    /** Whether the payload's first element is the id of the task the event is about. */
    public boolean isAboutOneTask() {
        return shape == PayloadShape.TASK_ID || shape == PayloadShape.TASK_MODE || shape == PayloadShape.QUEUED_MESSAGES
                || shape == PayloadShape.TOOL_FAILED || shape == PayloadShape.TOKEN_USAGE || shape == PayloadShape.COMPLETED;
    }

    PayloadShape shape() {
        return shape;
    }
}
