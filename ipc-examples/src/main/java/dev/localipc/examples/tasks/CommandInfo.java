package dev.localipc.examples.tasks;

/**
 * One entry of {@code GetCommands}: a request the task runner answers.
 *
 * <pre>{@code
 * CommandInfo[] commands = client.request("GetCommands", null, CommandInfo[].class).get();
 * }</pre>
 *
 * @param name the method name
 * @param params the params, as a short JSON example
 * @param result what the answer is
 * @param description what it does
 */
public record CommandInfo(String name, String params, String result, String description) {
}
