package dev.localipc.examples.tasks.roo;

import dev.localipc.examples.tasks.TaskEvent;
import dev.localipc.examples.tasks.TaskMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the task runner's events ({@link TaskEvent}) into the Roo task events a Roo client
 * expects, to be broadcast to every connection (Roo sends task events to all clients):
 *
 * <table>
 * <caption>task runner event to Roo events</caption>
 * <tr><th>task runner</th><th>Roo</th></tr>
 * <tr><td>TaskCreated</td><td>{@code taskCreated [taskId]}</td></tr>
 * <tr><td>TaskStarted</td><td>{@code taskStarted [taskId]}</td></tr>
 * <tr><td>Message</td><td>{@code message [{taskId, "created", ClineMessage}]} (see {@link #clineMessage}); after an
 *     assistant message also {@code taskTokenUsageUpdated [taskId, TokenUsage, ToolUsage]}</td></tr>
 * <tr><td>TaskCompleted</td><td>{@code taskCompleted [taskId, TokenUsage, ToolUsage, {isSubtask:false}]}</td></tr>
 * <tr><td>TaskAborted</td><td>{@code taskAborted [taskId]}</td></tr>
 * <tr><td>TaskPaused (the server stops)</td><td>{@code taskResumable [taskId]}: the task waits for ResumeTask</td></tr>
 * <tr><td>TaskResumed</td><td>{@code taskStarted [taskId]} (Roo's taskStarted also means "resumed")</td></tr>
 * <tr><td>TaskClosed</td><td>nothing: Roo has no such event (closing is Roo's window going away)</td></tr>
 * </table>
 *
 * <p>The simulated agent has no model, so the token usage is an estimate: one token per
 * {@value #CHARACTERS_PER_TOKEN} characters of the user's messages (tokens in) and of the
 * agent's (tokens out), no cache, cost 0, context = in + out. The tool usage counts one
 * {@code attempt_completion} per completion message. Both are counted per task from the events
 * this translator has seen: after a server restart, a resumed task's counts start again from its
 * first new message. Message timestamps are made strictly increasing per task, because Roo uses
 * {@code ts} as a message's identity.
 *
 * <pre>{@code
 * RooEventTranslator translator = new RooEventTranslator();
 * TaskRunner runner = new TaskRunner(store, step, clock,
 *         event -> translator.translate(event).forEach(roo -> broadcast(IpcMessage.taskEvent(roo))));
 * }</pre>
 *
 * <p>Thread-safe; {@link #translate} keeps each task's events in order if it is called in order
 * (TaskRunner calls its listener under its lock).
 */
public final class RooEventTranslator {
    /** Characters per estimated token. */
    public static final int CHARACTERS_PER_TOKEN = 4;

    private final Map<String, Tally> tallies = new HashMap<>();

    /** Counts of one task. */
    private static final class Tally {
        long tokensIn;
        long tokensOut;
        long completions;
        long lastTs = Long.MIN_VALUE;

        TokenUsage usage() {
            return new TokenUsage(tokensIn, tokensOut, 0L, 0L, 0, tokensIn + tokensOut);
        }

        ToolUsage tools() {
            return completions == 0 ? ToolUsage.none()
                    : ToolUsage.none().with(ToolName.ATTEMPT_COMPLETION, new ToolAttempts(completions, 0));
        }
    }

    /**
     * The Roo events for one task runner event, in the order to send them (possibly none).
     *
     * @throws NullPointerException if {@code event} or its message (for a Message event) is null
     */
    public synchronized List<RooTaskEvent> translate(TaskEvent event) {
        Objects.requireNonNull(event, "event");
        String taskId = event.taskId();
        Tally tally = tallies.computeIfAbsent(taskId, id -> new Tally());
        switch (event.type()) {
            case TaskCreated:
                return List.of(RooTaskEvent.taskCreated(taskId));
            case TaskStarted:
            case TaskResumed:
                return List.of(RooTaskEvent.taskStarted(taskId));
            case Message: {
                TaskMessage message = Objects.requireNonNull(event.message(), "a Message event's message");
                long ts = Math.max(message.ts(), tally.lastTs == Long.MIN_VALUE ? message.ts() : tally.lastTs + 1);
                tally.lastTs = ts;
                long tokens = estimateTokens(message.text());
                RooTaskEvent said = RooTaskEvent.message(new MessagePayload(taskId, MessageAction.CREATED,
                        clineMessage(message, ts)));
                if ("user".equals(message.role())) {
                    tally.tokensIn += tokens;
                    return List.of(said);
                }
                tally.tokensOut += tokens;
                if ("completion".equals(message.kind())) {
                    tally.completions++;
                }
                return List.of(said, RooTaskEvent.taskTokenUsageUpdated(taskId, tally.usage(), tally.tools()));
            }
            case TaskCompleted:
                tallies.remove(taskId);
                return List.of(RooTaskEvent.taskCompleted(taskId, tally.usage(), tally.tools(), false));
            case TaskAborted:
                return List.of(RooTaskEvent.taskAborted(taskId));
            case TaskPaused:
                return List.of(RooTaskEvent.forTask(RooEventName.TASK_RESUMABLE, taskId));
            case TaskClosed:
                tallies.remove(taskId);
                return List.of();
            default:
                throw new IllegalArgumentException("no Roo event for task runner event " + event.type());
        }
    }

    /**
     * The Roo message for a task runner message: the user's prompt is {@code say:"text"} (Roo
     * shows the task's text so), a user's reply {@code say:"user_feedback"}, the agent's final
     * answer {@code say:"completion_result"}, anything else the agent says {@code say:"text"}.
     */
    public static ClineMessage clineMessage(TaskMessage message, long ts) {
        ClineSay say;
        if ("user".equals(message.role())) {
            say = "reply".equals(message.kind()) ? ClineSay.USER_FEEDBACK : ClineSay.TEXT;
        } else {
            say = "completion".equals(message.kind()) ? ClineSay.COMPLETION_RESULT : ClineSay.TEXT;
        }
        return ClineMessage.say(ts, say, message.text());
    }

    /** Estimated tokens of a text: its characters divided by {@value #CHARACTERS_PER_TOKEN}, rounded up. */
    public static long estimateTokens(String text) {
        return text == null ? 0 : (text.length() + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN;
    }
}
