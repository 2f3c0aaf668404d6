package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import dev.localipc.examples.json.Nullable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Roo-style client's side of one connection, without the connection: feed it what arrives, do
 * what each {@link RooClientStep} says. It waits for the Ack, sends the plan's queries and then
 * StartNewTask (or ResumeTask) under the Ack's clientId, prints every TaskEvent as one JSON line
 * (as received), follows the task of the first {@code taskCreated} / {@code taskStarted} after
 * its command, and ends on that task's {@code taskCompleted} ({@link RooClientOutcome#COMPLETED})
 * or {@code taskAborted} ({@link RooClientOutcome#ABORTED}), or when the server disconnects.
 *
 * <p>Every received message is checked as Roo's client checks it ({@link IpcMessage#parse}).
 * A strict session ends with {@link RooClientOutcome#BAD_FRAME} on the first one Roo's client
 * would drop or ignore, a second Ack, or a TaskEvent before the Ack; a lenient one notes it and
 * goes on as Roo's client does.
 *
 * <pre>{@code
 * RooClientSession session = new RooClientSession(RooClientPlan.start(
 *         TaskCommand.startNewTask("Say hello.", new JsonObject()).start()), true);
 * // for each node-ipc "message" envelope received:
 * RooClientStep step = session.onMessage(envelope.get("data"));
 * }</pre>
 *
 * <p>Thread-safe (each call holds the session's lock), but frames must be fed in arrival order.
 */
public final class RooClientSession {
    private final RooClientPlan plan;
    private final boolean strict;
    private final Map<RooEventName, TaskCommandName> pending = new LinkedHashMap<>();
    private @Nullable String clientId;
    private @Nullable String taskId;
    private boolean cancelled;
    private @Nullable RooClientOutcome outcome;

    /**
     * @param strict end on the first frame Roo's client would not accept (else note it and go on)
     */
    public RooClientSession(RooClientPlan plan, boolean strict) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.strict = strict;
    }

    /** The clientId of the Ack, once it arrived. */
    public synchronized Optional<String> clientId() {
        return Optional.ofNullable(clientId);
    }

    /** The id of the task followed, once known. */
    public synchronized Optional<String> taskId() {
        return Optional.ofNullable(taskId);
    }

    /** How the session ended, if it has. */
    public synchronized Optional<RooClientOutcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /**
     * One received node-ipc "message" envelope's {@code data}.
     *
     * @param data the envelope's data, as received (null if it had none)
     */
    public synchronized RooClientStep onMessage(@Nullable JsonElement data) {
        if (outcome != null) {
            return idle();
        }
        IpcMessage message;
        try {
            message = IpcMessage.parse(data);
        } catch (RooSchemaException invalid) {
            return bad("dropped: Roo's client drops this frame: " + invalid.getMessage());
        }
        if (message.type() == IpcMessageType.TASK_COMMAND) {
            return bad("ignored: Roo's client does not act on a TaskCommand (origin client) sent to it");
        }
        if (message.type() == IpcMessageType.ACK) {
            return onAck(message.ack());
        }
        RooClientStep before = clientId == null ? bad("out of order: a TaskEvent before the Ack (the Ack must be the first frame)") : null;
        if (before != null && before.outcome() != null) {
            return before;
        }
        RooClientStep step = onEvent(message.event(), data.getAsJsonObject().get("data").toString());
        return before == null ? step : new RooClientStep(step.send(), step.print(), before.note(), step.outcome());
    }

    /**
     * A frame the wire layer could not deliver as a "message" envelope: not JSON, an empty frame,
     * an envelope without a string type, another envelope type ("disconnect"...).
     *
     * @param why what was wrong with it, for the note
     */
    public synchronized RooClientStep onUnusableFrame(String why) {
        return outcome != null ? idle() : bad("unusable frame: " + why);
    }

    /** The server closed the connection. */
    public synchronized RooClientStep onDisconnect() {
        if (outcome != null) {
            return idle();
        }
        return end(RooClientOutcome.DISCONNECTED, List.of(), List.of(), clientId == null
                ? "the server closed the connection before its Ack"
                : "the server disconnected before the task ended" + (taskId == null ? "" : " (task " + taskId + ")"));
    }

    private RooClientStep onAck(Ack ack) {
        if (clientId != null) {
            RooClientStep step = bad("a second Ack on the connection (clientId " + ack.clientId() + ", was " + clientId
                    + "); Roo's client would take the new id");
            if (step.outcome() == null) {
                clientId = ack.clientId();
            }
            return step;
        }
        clientId = ack.clientId();
        List<IpcMessage> send = new ArrayList<>();
        for (TaskCommandName query : plan.queries()) {
            pending.put(responseTo(query), query);
            send.add(IpcMessage.taskCommand(clientId, TaskCommand.of(query)));
        }
        if (plan.start() != null) {
            send.add(IpcMessage.taskCommand(clientId, TaskCommand.startNewTask(plan.start())));
        } else if (plan.resumeTaskId() != null) {
            taskId = plan.resumeTaskId();
            send.add(IpcMessage.taskCommand(clientId, TaskCommand.resumeTask(plan.resumeTaskId())));
        } else if (pending.isEmpty()) {
            return end(RooClientOutcome.COMPLETED, send, List.of(), "acknowledged (clientId " + clientId + "); nothing else to do");
        }
        return new RooClientStep(send, List.of(), "Ack: clientId " + clientId + ", server pid " + ack.pid(), null);
    }

    private RooClientStep onEvent(RooTaskEvent event, String line) {
        List<String> print = List.of(line);
        if (pending.remove(event.name()) != null) {
            if (plan.start() == null && plan.resumeTaskId() == null && pending.isEmpty()) {
                return end(RooClientOutcome.COMPLETED, List.of(), print, "every query was answered");
            }
            return new RooClientStep(List.of(), print, null, null);
        }
        Optional<String> about = event.aboutTask();
        if (taskId == null && about.isPresent()
                && (event.name() == RooEventName.TASK_CREATED || event.name() == RooEventName.TASK_STARTED)) {
            taskId = about.get();
        }
        if (about.isEmpty() || !about.get().equals(taskId)) {
            return new RooClientStep(List.of(), print, null, null);
        }
        List<IpcMessage> send = new ArrayList<>();
        if (event.name() == plan.cancelOn() && !cancelled) {
            cancelled = true;
            send.add(IpcMessage.taskCommand(clientId, TaskCommand.of(TaskCommandName.CANCEL_TASK)));
        }
        if (event.name() == RooEventName.TASK_COMPLETED) {
            return end(RooClientOutcome.COMPLETED, send, print, "taskCompleted " + taskId);
        }
        if (event.name() == RooEventName.TASK_ABORTED) {
            return end(RooClientOutcome.ABORTED, send, print, "taskAborted " + taskId);
        }
        return new RooClientStep(send, print, null, null);
    }

    private RooClientStep end(RooClientOutcome how, List<IpcMessage> sendFirst, List<String> print, String why) {
        List<IpcMessage> send = new ArrayList<>(sendFirst);
        RooClientOutcome result = how;
        String note = why;
        if (!pending.isEmpty() && (how == RooClientOutcome.COMPLETED || how == RooClientOutcome.ABORTED)) {
            result = RooClientOutcome.QUERY_UNANSWERED;
            note = "no " + String.join(", ", pending.keySet().stream().map(RooEventName::wire).toList()) + " arrived before the end ("
                    + why + ")";
        }
        if (plan.closeAtEnd() && clientId != null && (how == RooClientOutcome.COMPLETED || how == RooClientOutcome.ABORTED)) {
            send.add(IpcMessage.taskCommand(clientId, TaskCommand.of(TaskCommandName.CLOSE_TASK)));
        }
        outcome = result;
        return new RooClientStep(send, print, note, result);
    }

    private RooClientStep bad(String why) {
        if (strict) {
            return end(RooClientOutcome.BAD_FRAME, List.of(), List.of(), "bad frame: " + why);
        }
        return new RooClientStep(List.of(), List.of(), "bad frame (going on, as Roo's client does): " + why, null);
    }

    private static RooClientStep idle() {
        return new RooClientStep(List.of(), List.of(), null, null);
    }

    private static RooEventName responseTo(TaskCommandName query) {
        switch (query) {
            case GET_COMMANDS:
                return RooEventName.COMMANDS_RESPONSE;
            case GET_MODES:
                return RooEventName.MODES_RESPONSE;
            case GET_MODELS:
                return RooEventName.MODELS_RESPONSE;
            default:
                throw new IllegalArgumentException(query.wire() + " is not a query");
        }
    }
}
