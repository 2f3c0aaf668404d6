package dev.localipc.examples.tasks.roo;

import dev.localipc.examples.json.Nullable;
import dev.localipc.examples.tasks.StartNewTask;
import dev.localipc.examples.tasks.TaskException;
import dev.localipc.examples.tasks.TaskRunner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries out Roo clients' commands on the task runner, the way Roo Code's extension does:
 *
 * <table>
 * <caption>Roo command to task runner operation</caption>
 * <tr><th>command</th><th>operation</th></tr>
 * <tr><td>StartNewTask {text, configuration, images, newTab}</td><td>{@link TaskRunner#start}; the task becomes the
 *     current task. Of the configuration the runner reads {@code steps}, {@code stepMs}, {@code abortAtStep}
 *     and keeps the rest (Roo's settings)</td></tr>
 * <tr><td>CancelTask</td><td>{@link TaskRunner#cancel} of the current task (Roo's command names no task)</td></tr>
 * <tr><td>CloseTask</td><td>{@link TaskRunner#close} of the current task (Roo closes its window)</td></tr>
 * <tr><td>ResumeTask taskId</td><td>{@link TaskRunner#resume}; the task becomes the current task</td></tr>
 * <tr><td>SendMessage {text}</td><td>{@link TaskRunner#sendMessage} to the current task (images are not kept)</td></tr>
 * <tr><td>GetCommands / GetModes / GetModels</td><td>{@code commandsResponse} / {@code modesResponse} /
 *     {@code modelsResponse}, to the asking connection only</td></tr>
 * <tr><td>DeleteQueuedMessage</td><td>refused: the task runner has no message queue</td></tr>
 * </table>
 *
 * <p>The current task is the one most recently started or resumed by any client (Roo's extension
 * has one current task, whoever started it). The caller passes the clientId it gave the
 * connection in its Ack, never the one written in the command: Roo's server routes by the
 * written one, this one does not. A command the runner refuses gives a {@link RooCommandResult}
 * with the reason.
 *
 * <pre>{@code
 * RooCommandDispatcher dispatcher = new RooCommandDispatcher(runner, Clock.systemUTC());
 * RooCommandResult result = dispatcher.dispatch(connection.clientId(), message.command());
 * }</pre>
 *
 * <p>Thread-safe: commands are carried out one at a time.
 */
public final class RooCommandDispatcher {
    /** The mode the task runner answers GetModes with: its simulated agent has only this one. */
    public static final ModeInfo MODE = new ModeInfo("code", "Code (simulated agent)");
    /** The model id the task runner answers GetModels with. */
    public static final String MODEL_ID = "localipc/simulated-agent";

    private static final Map<TaskCommandName, String> DESCRIPTIONS = Map.of(
            TaskCommandName.START_NEW_TASK, "creates a task and starts it; configuration.steps, stepMs and abortAtStep"
                    + " shape the simulated agent's work",
            TaskCommandName.CANCEL_TASK, "aborts the current task (ResumeTask continues it)",
            TaskCommandName.CLOSE_TASK, "closes the current task, aborting it if it runs",
            TaskCommandName.RESUME_TASK, "continues a paused or aborted task by id, also after a server restart",
            TaskCommandName.SEND_MESSAGE, "adds a user message to the current task",
            TaskCommandName.GET_COMMANDS, "lists these commands",
            TaskCommandName.GET_MODES, "lists the modes (one)",
            TaskCommandName.GET_MODELS, "lists the models (one, simulated)");

    private final TaskRunner runner;
    private final Clock clock;
    private @Nullable String current;

    /**
     * @param runner the task runner the commands act on
     * @param clock the time of the error messages of refusals
     */
    public RooCommandDispatcher(TaskRunner runner, Clock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The current task's id: the one most recently started or resumed. */
    public synchronized Optional<String> currentTask() {
        return Optional.ofNullable(current);
    }

    /**
     * Carries out one command.
     *
     * @param connectionClientId the clientId the server gave the command's connection (its Ack)
     */
    public synchronized RooCommandResult dispatch(String connectionClientId, TaskCommand command) {
        Objects.requireNonNull(connectionClientId, "connectionClientId");
        Objects.requireNonNull(command, "command");
        String who = "node-ipc client " + connectionClientId;
        String subject = command.name() == TaskCommandName.RESUME_TASK ? command.argument() : current;
        try {
            switch (command.name()) {
                case START_NEW_TASK: {
                    StartNewTask start = command.start();
                    current = runner.start(start, who);
                    return RooCommandResult.done();
                }
                case CANCEL_TASK:
                    runner.cancel(requireCurrent(command), who);
                    return RooCommandResult.done();
                case CLOSE_TASK:
                    runner.close(requireCurrent(command), who);
                    return RooCommandResult.done();
                case RESUME_TASK:
                    runner.resume(command.argument(), who);
                    current = command.argument();
                    return RooCommandResult.done();
                case SEND_MESSAGE:
                    runner.sendMessage(requireCurrent(command), command.message().text(), who);
                    return RooCommandResult.done();
                case GET_COMMANDS:
                    return RooCommandResult.answer(RooTaskEvent.commandsResponse(commands()));
                case GET_MODES:
                    return RooCommandResult.answer(RooTaskEvent.modesResponse(List.of(MODE)));
                case GET_MODELS:
                    return RooCommandResult.answer(RooTaskEvent.modelsResponse(Map.of(MODEL_ID, new ModelInfo(
                            TaskRunner.MAX_TEXT / RooEventTranslator.CHARACTERS_PER_TOKEN, false, null,
                            "the task runner's simulated agent: no model, no cost"))));
                case DELETE_QUEUED_MESSAGE:
                    return refused(command, subject, "the task runner has no message queue, so there is no message "
                            + command.argument() + " to delete; send SendMessage instead of queueing");
                default:
                    throw new IllegalStateException("no operation for " + command.name());
            }
        } catch (TaskException | IllegalArgumentException refusedByRunner) {
            return refused(command, subject, refusedByRunner.getMessage());
        }
    }

    private String requireCurrent(TaskCommand command) {
        if (current == null) {
            throw new IllegalArgumentException("there is no current task: no task was started or resumed since the"
                    + " server started; send StartNewTask or ResumeTask first");
        }
        return current;
    }

    private RooCommandResult refused(TaskCommand command, @Nullable String taskId, String cause) {
        String refusal = command.name().wire() + " refused: " + cause;
        RooTaskEvent error = RooTaskEvent.message(new MessagePayload(taskId == null ? "" : taskId, MessageAction.CREATED,
                ClineMessage.say(clock.millis(), ClineSay.ERROR, refusal)));
        return new RooCommandResult(List.of(error), refusal);
    }

    private static List<SlashCommandInfo> commands() {
        List<SlashCommandInfo> list = new ArrayList<>();
        for (TaskCommandName name : TaskCommandName.values()) {
            String description = DESCRIPTIONS.get(name);
            if (description != null) {
                list.add(new SlashCommandInfo(name.wire(), CommandSource.BUILT_IN, null, description, null));
            }
        }
        return list;
    }
}
