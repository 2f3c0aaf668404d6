package dev.localipc.examples.tasks;

/**
 * One message of a task's conversation: what the simulated agent says, or what a user sent.
 *
 * <pre>{@code
 * TaskMessage m = event.message();
 * System.out.println("[" + m.role() + "] " + m.text());
 * }</pre>
 *
 * @param index position in the task's history, from 0
 * @param ts epoch milliseconds
 * @param role {@code "user"} or {@code "assistant"}
 * @param kind {@code "prompt"}, {@code "text"}, {@code "completion"} (the agent's final answer) or {@code "reply"} (a user's message)
 * @param text the content
 */
public record TaskMessage(int index, long ts, String role, String kind, String text) {
}
