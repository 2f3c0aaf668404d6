package dev.localipc.examples.bench;

/**
 * The benchmark workloads (docs/PERFORMANCE.md).
 *
 * <pre>{@code
 * Workload w = Workload.valueOf("W1");
 * }</pre>
 */
public enum Workload {
    /** One {@code bench.echo} request in flight: round-trip p50/p99/p99.9. */
    W1,
    /** A one-way stream of {@code bench.msg} notifications, acknowledged after the last: messages/s. */
    W2,
    /** One {@code broadcast} per message to W3_CLIENTS clients in one JVM: deliveries/s. */
    W3,
    /** Sequential connect + hello + ack + close: p50/p99. */
    W4,
    /** W5_CLIENTS idle authenticated clients at once: server heap and RSS per client. */
    W5,
    /** W3 through topic events: one {@code publish} per message to W3_CLIENTS subscribers (seq checked): deliveries/s. */
    W6
}
