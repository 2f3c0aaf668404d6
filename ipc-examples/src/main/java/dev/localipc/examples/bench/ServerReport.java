package dev.localipc.examples.bench;

/**
 * What the benchmark server answers to {@code bench.finish} and {@code bench.report}: how many
 * messages or connections it verified, the first verification failure, and its own figures.
 * Mutable for Gson; filled once by the server.
 *
 * <pre>{@code
 * ServerReport report = client.request("bench.finish", null, ServerReport.class).get();
 * }</pre>
 */
public final class ServerReport {
    /** Messages (W1-W3) or connections (W4, W5) the server verified. */
    long verified;
    /** The first verification failure, or null. */
    String failure;
    /** W3: deliveries per second, timed by the server from the first broadcast to the last ack. */
    double deliveriesPerS;
    /** Heap used after GC, MiB: at start (no client) and now. */
    double baseHeapMib;
    double heapMib;
    /** Resident set size (VmRSS), MiB: at start and now. */
    double baseRssMib;
    double rssMib;
    /** Live threads of the server JVM now. */
    int threads;
    /** Clients in the server's registry now. */
    int clients;

    /** For Gson. */
    public ServerReport() {
    }
}
