package dev.localipc.examples.orchestrator;

/**
 * The answer to {@code HEARTBEAT}: the orchestrator is alive, and where its workflow is.
 *
 * <pre>{@code
 * Heartbeat beat = client.request("HEARTBEAT", null, Heartbeat.class).get();
 * }</pre>
 *
 * @param alive always true
 * @param time the server's clock, epoch milliseconds
 * @param pid the server's process id
 * @param uptimeMs milliseconds since the server started
 * @param phase the workflow's phase
 * @param version the workflow state's version
 */
public record Heartbeat(boolean alive, long time, long pid, long uptimeMs, Phase phase, long version) {
}
