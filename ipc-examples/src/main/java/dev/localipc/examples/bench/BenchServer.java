package dev.localipc.examples.bench;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.core.IpcServer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server side of a workload, in its own JVM: an {@link IpcServer} with real handlers that
 * verify every message (count, order, content). It prints {@code READY} once it listens, and
 * exits after a client called {@code bench.finish} and every client left: 0 if everything was
 * verified, 3 otherwise.
 *
 * <pre>{@code
 * int exit = new BenchServer(Workload.W1, endpoint, transport, counts, System.out).run();
 * }</pre>
 *
 * <p>Handlers run on the connection's reader thread (the default): W1 and W2 have one client.
 */
public final class BenchServer {
    private final Workload workload;
    private final Endpoint endpoint;
    private final TransportProvider transport;
    private final Counts counts;
    private final PrintStream out;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicLong verified = new AtomicLong();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final CompletableFuture<Double> w3Rate = new CompletableFuture<>();
    private volatile double baseHeapMib;
    private volatile double baseRssMib;
    private volatile IpcServer server;
    private volatile long broadcastStart;

    /** A server for {@code workload} on {@code endpoint}; progress goes to {@code out}. */
    public BenchServer(Workload workload, Endpoint endpoint, TransportProvider transport, Counts counts, PrintStream out) {
        this.workload = workload;
        this.endpoint = endpoint;
        this.transport = transport;
        this.counts = counts;
        this.out = out;
    }

    /** Serves until finished; returns the exit code (0 verified, 3 not). */
    public int run() throws IOException, InterruptedException {
        IpcServer.Builder builder = IpcServer.builder(endpoint).transport(transport).serverName("localipc-bench");
        long expected = configure(builder);
        IpcServer server = builder.build();
        this.server = server;
        server.start();
        baseHeapMib = MemoryUse.heapAfterGcMib();
        baseRssMib = MemoryUse.rssMib();
        out.println("READY");
        out.flush();
        finished.await();
        for (int i = 0; i < 2000 && !server.clients().isEmpty(); i++) {
            Thread.sleep(5);
        }
        server.close();
        String problem = failure.get();
        if (problem == null && verified.get() != expected) {
            problem = workload + " server verified " + verified.get() + " where " + expected + " were expected";
        }
        if (problem != null) {
            out.println("VERIFY FAILED: " + problem);
            return 3;
        }
        out.println("server " + workload + " ok: " + verified.get() + (workload == Workload.W4 || workload == Workload.W5
                ? " connections" : " messages") + " verified");
        return 0;
    }

    /** Registers the workload's handlers; returns what the server must have verified at the end. */
    private long configure(IpcServer.Builder builder) {
        builder.onRequest("bench.finish", Void.class, (ctx, ignored) -> {
            CompletableFuture<Double> rate = fanOut() ? w3Rate : CompletableFuture.completedFuture(0.0);
            return rate.thenApply(deliveries -> {
                ServerReport report = report(false);
                report.deliveriesPerS = deliveries;
                finished.countDown();
                return report;
            });
        });
        switch (workload) {
            case W1: {
                builder.onRequest("bench.echo", BenchMessage.class, (ctx, message) -> {
                    verify(message, verified.get(), "req");
                    verified.incrementAndGet();
                    return message;
                });
                return counts.w1Warm + counts.w1N;
            }
            case W2: {
                AtomicLong inRun = new AtomicLong();
                AtomicInteger runs = new AtomicInteger();
                AtomicReference<RunCosts> runCosts = new AtomicReference<>();
                builder.onNotification("bench.msg", BenchMessage.class, (ctx, message) -> {
                    long i = inRun.get();
                    if (i == 0 && counts.printCosts) {
                        runCosts.set(RunCosts.now());
                    }
                    verify(message, i, "msg");
                    verified.incrementAndGet();
                    if (i + 1 == counts.w2N) {
                        if (counts.printCosts) {
                            out.printf("W2 run %d, the reader thread (from its first message) and the machine: %s%n",
                                    runs.incrementAndGet(), runCosts.get().until(RunCosts.now()));
                        }
                        inRun.set(0);
                        ctx.notifyPeer("bench.ack", new Done(counts.w2N));
                    } else {
                        inRun.set(i + 1);
                    }
                });
                return counts.w2N * counts.w2Runs;
            }
            case W3:
            case W6: {
                // The broadcast queue must hold a whole run for a client that reads slower than we
                // write (the peers block or await 'drain' instead; publish/broadcast never block).
                builder.outboundQueueLimit((int) Math.min(Integer.MAX_VALUE - 1024, counts.w3N + 1024));
                AtomicInteger ready = new AtomicInteger();
                AtomicInteger done = new AtomicInteger();
                builder.onNotification("bench.ready", Void.class, (ctx, ignored) -> {
                    if (ready.incrementAndGet() == counts.w3Clients) {
                        new Thread(this::broadcast, "bench-broadcaster").start();
                    }
                });
                builder.onNotification("bench.done", Done.class, (ctx, ack) -> {
                    if (ack.n != counts.w3N) {
                        fail(workload + " client " + ctx.clientId() + " acknowledged " + ack.n + " messages, not " + counts.w3N);
                    }
                    if (done.incrementAndGet() == counts.w3Clients) {
                        long elapsed = System.nanoTime() - broadcastStart;
                        out.printf("%s last ack after %.1f ms%n", workload, elapsed / 1e6);
                        verified.set(counts.w3N * counts.w3Clients);
                        w3Rate.complete(counts.w3Clients * counts.w3N / (elapsed / 1e9));
                    }
                });
                return counts.w3N * counts.w3Clients;
            }
            case W4: {
                builder.onClientConnected(client -> verified.incrementAndGet());
                return counts.w4Warm + counts.w4N + 1;
            }
            case W5: {
                builder.maxClients(counts.w5Clients + 16);
                builder.onClientConnected(client -> verified.incrementAndGet());
                builder.onRequest("bench.report", Void.class, (ctx, ignored) -> report(true));
                return counts.w5Clients + 1;
            }
            default:
                throw new IllegalArgumentException("unknown workload " + workload);
        }
    }

    /** Whether the workload sends each message to every client: W3 (broadcast) and W6 (publish). */
    private boolean fanOut() {
        return workload == Workload.W3 || workload == Workload.W6;
    }

    /** W3: a broadcast per message; W6: a publish per message to topic {@value BenchClient#TOPIC} (each client's session stamps its seq). */
    private void broadcast() {
        RunCosts costs = counts.printCosts ? RunCosts.now() : null;
        broadcastStart = System.nanoTime();
        boolean publish = workload == Workload.W6;
        for (long i = 0; i < counts.w3N; i++) {
            BenchMessage message = BenchMessage.of(i, "msg");
            int reached = publish ? server.publish(BenchClient.TOPIC, message) : server.broadcast("bench.msg", message);
            if (reached != counts.w3Clients) {
                fail(workload + " message " + i + " reached " + reached + " of " + counts.w3Clients + " clients");
                w3Rate.complete(0.0);
                return;
            }
        }
        out.printf("%s %s calls took %.1f ms%n", workload, publish ? "publish" : "broadcast",
                (System.nanoTime() - broadcastStart) / 1e6);
        if (costs != null) {
            out.printf("%s sends, the sending thread and the machine: %s%n", workload, costs.until(RunCosts.now()));
        }
    }

    private ServerReport report(boolean measure) {
        ServerReport report = new ServerReport();
        report.verified = verified.get();
        report.failure = failure.get();
        report.baseHeapMib = baseHeapMib;
        report.baseRssMib = baseRssMib;
        if (measure) {
            report.heapMib = MemoryUse.heapAfterGcMib();
            report.rssMib = MemoryUse.rssMib();
        }
        report.threads = Thread.activeCount();
        return report;
    }

    private void verify(BenchMessage message, long seq, String op) {
        try {
            message.check(seq, op);
        } catch (BenchFailure e) {
            fail(workload + ": " + e.getMessage());
        }
    }

    private void fail(String problem) {
        if (failure.compareAndSet(null, problem)) {
            out.println("VERIFY FAILED: " + problem);
        }
    }
}
