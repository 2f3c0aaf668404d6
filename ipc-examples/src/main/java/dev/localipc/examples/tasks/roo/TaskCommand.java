package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.localipc.examples.json.Nullable;
import dev.localipc.examples.tasks.StartNewTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A Roo client's command: the {@code data} of an {@link IpcMessage} of type TaskCommand. On the
 * wire: {@code {"commandName":"StartNewTask","data":{"configuration":{},"text":"Say hello."}}},
 * {@code {"commandName":"ResumeTask","data":"<taskId>"}}, {@code {"commandName":"GetModes"}}.
 * Exactly the field its name needs is set:
 *
 * <table>
 * <caption>data per command</caption>
 * <tr><th>name</th><th>field</th></tr>
 * <tr><td>START_NEW_TASK</td><td>{@link #start()}: text, configuration (required), images, newTab</td></tr>
 * <tr><td>SEND_MESSAGE</td><td>{@link #message()}</td></tr>
 * <tr><td>RESUME_TASK, DELETE_QUEUED_MESSAGE</td><td>{@link #argument()}: a task id, a message id</td></tr>
 * <tr><td>the others</td><td>none: CancelTask and CloseTask act on the current task (Roo strips any data)</td></tr>
 * </table>
 *
 * <pre>{@code
 * TaskCommand start = TaskCommand.startNewTask("Say hello.", new JsonObject());
 * IpcMessage frame = IpcMessage.taskCommand(ack.clientId(), start);
 * }</pre>
 *
 * @param name the command
 * @param start StartNewTask's data, else null
 * @param message SendMessage's data, else null
 * @param argument ResumeTask's task id or DeleteQueuedMessage's message id, else null
 */
public record TaskCommand(TaskCommandName name, @Nullable StartNewTask start, @Nullable SendMessageData message,
                          @Nullable String argument) {
    /** Checks that exactly the field {@code name} needs is set, and StartNewTask has its text and configuration. */
    public TaskCommand {
        Objects.requireNonNull(name, "name");
        boolean wantsStart = name == TaskCommandName.START_NEW_TASK;
        boolean wantsMessage = name == TaskCommandName.SEND_MESSAGE;
        boolean wantsArgument = name == TaskCommandName.RESUME_TASK || name == TaskCommandName.DELETE_QUEUED_MESSAGE;
        if (wantsStart != (start != null) || wantsMessage != (message != null) || wantsArgument != (argument != null)) {
            throw new IllegalArgumentException(name.wire() + " takes " + (wantsStart ? "StartNewTask data" : wantsMessage
                    ? "SendMessage data" : wantsArgument ? "a string argument" : "no data") + "; got start=" + start
                    + ", message=" + message + ", argument=" + argument);
        }
        if (start != null && (start.text() == null || start.configuration() == null)) {
            throw new IllegalArgumentException("StartNewTask needs text and configuration (Roo requires both; {} is a valid configuration)");
        }
        start = start == null ? null : copy(start);
    }

    /** StartNewTask's data (a copy: its configuration is a mutable JsonObject), else null. */
    @Override
    public @Nullable StartNewTask start() {
        return start == null ? null : copy(start);
    }

    private static StartNewTask copy(StartNewTask data) {
        return new StartNewTask(data.text(), data.images() == null ? null : Collections.unmodifiableList(new ArrayList<>(data.images())),
                data.configuration().deepCopy(), data.newTab());
    }

    /** StartNewTask with the given text and configuration (Roo's settings; {} for none). */
    public static TaskCommand startNewTask(String text, JsonObject configuration) {
        return new TaskCommand(TaskCommandName.START_NEW_TASK, new StartNewTask(text, null, configuration, null), null, null);
    }

    /** StartNewTask with all of its fields. */
    public static TaskCommand startNewTask(StartNewTask data) {
        return new TaskCommand(TaskCommandName.START_NEW_TASK, data, null, null);
    }

    /** SendMessage to the current task. */
    public static TaskCommand sendMessage(SendMessageData data) {
        return new TaskCommand(TaskCommandName.SEND_MESSAGE, null, data, null);
    }

    /** ResumeTask for the task with this id. */
    public static TaskCommand resumeTask(String taskId) {
        return new TaskCommand(TaskCommandName.RESUME_TASK, null, null, taskId);
    }

    /** DeleteQueuedMessage for the queued message with this id. */
    public static TaskCommand deleteQueuedMessage(String messageId) {
        return new TaskCommand(TaskCommandName.DELETE_QUEUED_MESSAGE, null, null, messageId);
    }

    /** A command without data: CancelTask, CloseTask, GetCommands, GetModes, GetModels. */
    public static TaskCommand of(TaskCommandName name) {
        return new TaskCommand(name, null, null, null);
    }

    /** The JSON object: commandName, then data when the command has some. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("commandName", name.wire());
        if (start != null) {
            JsonObject data = new JsonObject();
            data.add("configuration", start.configuration().deepCopy());
            data.addProperty("text", start.text());
            if (start.images() != null) {
                data.add("images", JsonStringArray.of(start.images()));
            }
            if (start.newTab() != null) {
                data.addProperty("newTab", start.newTab());
            }
            json.add("data", data);
        } else if (message != null) {
            json.add("data", message.toJson());
        } else if (argument != null) {
            json.addProperty("data", argument);
        }
        return json;
    }

    /**
     * Reads a command as Roo's {@code taskCommandSchema} does; the data of commands that take none
     * is ignored (zod strips it). StartNewTask's configuration must be an object; Roo's server also
     * checks the types of the settings it knows in it, this does not.
     *
     * @throws RooSchemaException if the name is unknown or the data does not fit it
     */
    public static TaskCommand parse(JsonElement value, String path) throws RooSchemaException {
        ObjectReader json = ObjectReader.of(value, path);
        TaskCommandName name = WireName.parse(TaskCommandName.class, json.required("commandName"), json.at("commandName"));
        switch (name) {
            case START_NEW_TASK: {
                ObjectReader data = ObjectReader.of(json.required("data"), json.at("data"));
                JsonObject configuration = ObjectReader.object(data.required("configuration"), data.at("configuration"));
                List<String> images = data.optionalStrings("images");
                return startNewTask(new StartNewTask(data.string("text"), images, configuration, data.optionalBool("newTab")));
            }
            case SEND_MESSAGE:
                return sendMessage(SendMessageData.parse(json.required("data"), json.at("data")));
            case RESUME_TASK:
                return resumeTask(json.string("data"));
            case DELETE_QUEUED_MESSAGE:
                return deleteQueuedMessage(json.string("data"));
            default:
                return of(name);
        }
    }
}
