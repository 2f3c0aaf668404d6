package dev.localipc.examples.tasks.roo;

import dev.localipc.examples.json.Nullable;
import java.util.List;

/**
 * What a {@link RooClientSession} wants done after one frame: messages to send (in order), lines
 * to print on standard output (each received TaskEvent as one JSON line), a diagnostic for
 * standard error, and the outcome once the session has ended.
 *
 * <pre>{@code
 * RooClientStep step = session.onMessage(data);
 * step.send().forEach(message -> connection.send(message.toJson()));
 * step.print().forEach(System.out::println);
 * if (step.note() != null) { System.err.println(step.note()); }
 * if (step.outcome() != null) { System.exit(step.outcome().exitCode()); }
 * }</pre>
 *
 * @param send messages for the server, in order
 * @param print lines for standard output
 * @param note a line for standard error (what happened: a bad frame, why the session ended), or null
 * @param outcome how the session ended, or null while it goes on
 */
public record RooClientStep(List<IpcMessage> send, List<String> print, @Nullable String note, @Nullable RooClientOutcome outcome) {
    /** Copies the lists. */
    public RooClientStep {
        send = List.copyOf(send);
        print = List.copyOf(print);
    }
}
