package dev.localipc.examples.tasks.roo;

/**
 * The {@code commandName} of a {@link TaskCommand} ({@code TaskCommandName} of {@code @roo-code/types}
 * 1.115.0): what a Roo client asks of the server.
 *
 * <pre>{@code
 * if (command.name() == TaskCommandName.START_NEW_TASK) { ... }
 * }</pre>
 */
public enum TaskCommandName implements WireName {
    START_NEW_TASK("StartNewTask"),
    CANCEL_TASK("CancelTask"),
    CLOSE_TASK("CloseTask"),
    RESUME_TASK("ResumeTask"),
    SEND_MESSAGE("SendMessage"),
    GET_COMMANDS("GetCommands"),
    GET_MODES("GetModes"),
    GET_MODELS("GetModels"),
    DELETE_QUEUED_MESSAGE("DeleteQueuedMessage");

    private final String wire;

    TaskCommandName(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
