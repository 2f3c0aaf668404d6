package dev.localipc.examples.tasks.roo;

import dev.localipc.examples.json.Nullable;
import java.util.List;

/**
 * What {@link RooCommandDispatcher} did with one command: the events to send to the connection
 * the command came on (only to it), and, if the task runner refused the command, why. Roo's
 * protocol has no error reply, so a refusal is a log line on the server, plus a
 * {@code message} event with {@code say:"error"} in {@link #replies()} for the client to see.
 * The task events the command caused (taskCreated...) are not here: they reach every client
 * through {@link RooEventTranslator}.
 *
 * <pre>{@code
 * RooCommandResult result = dispatcher.dispatch(connectionClientId, command);
 * result.replies().forEach(event -> connection.send(IpcMessage.taskEvent(event)));
 * if (result.refusal() != null) { log.warn(result.refusal()); }
 * }</pre>
 *
 * @param replies events for the asking connection only, in order
 * @param refusal why the command was not carried out (names the command, the cause and the fix), or null
 */
public record RooCommandResult(List<RooTaskEvent> replies, @Nullable String refusal) {
    /** Copies the list. */
    public RooCommandResult {
        replies = List.copyOf(replies);
    }

    /** Done, nothing to answer. */
    public static RooCommandResult done() {
        return new RooCommandResult(List.of(), null);
    }

    /** Done, with one answer to the asking connection. */
    public static RooCommandResult answer(RooTaskEvent reply) {
        return new RooCommandResult(List.of(reply), null);
    }
}
