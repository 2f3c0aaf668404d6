package dev.localipc.examples.bench;

import com.google.gson.JsonObject;
import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.core.HandlerThreading;
import dev.localipc.core.IpcClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client side of a workload, through the public API of {@link IpcClient}: runs it against a
 * {@link BenchServer} in another JVM, verifies every answer, and returns the figures.
 *
 * <pre>{@code
 * JsonObject figures = new BenchClient(endpoint, transport, token, counts, out).run(Workload.W1);
 * }</pre>
 *
 * <p>Not thread-safe; one per run.
 */
public final class BenchClient {
    private static final long WAIT_SECONDS = 600;

    private final Endpoint endpoint;
    private final TransportProvider transport;
    private final String token;
    /** The topic of W6. */
    static final String TOPIC = "bench";

    private final Counts counts;
    private final PrintWriter out;

    /** A client of the server on {@code endpoint}, authenticating with {@code token}; progress goes to {@code out}. */
    public BenchClient(Endpoint endpoint, TransportProvider transport, String token, Counts counts, PrintWriter out) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.token = token;
        this.counts = counts;
        this.out = out;
    }

    /** Runs {@code workload}; returns its figures (p50_us, msgs_per_s, ...). */
    public JsonObject run(Workload workload) throws Exception {
        switch (workload) {
            case W1:
                return w1();
            case W2:
                return w2();
            case W3:
                return w3(false);
            case W4:
                return w4();
            case W5:
                return w5();
            case W6:
                return w3(true);
            default:
                throw new IllegalArgumentException("unknown workload " + workload);
        }
    }

    private IpcClient.Builder builder() {
        return IpcClient.builder(endpoint).transport(transport).token(token).clientName("localipc-bench").reconnect(false);
    }

    private JsonObject w1() throws Exception {
        long total = counts.w1Warm + counts.w1N;
        long[] rtt = new long[(int) counts.w1N];
        try (IpcClient client = builder().connect()) {
            for (long i = 0; i < total; i++) {
                BenchMessage request = BenchMessage.of(i, "req");
                long start = System.nanoTime();
                BenchMessage answer = client.request("bench.echo", request, BenchMessage.class).get();
                long end = System.nanoTime();
                answer.check(i, "req");
                if (i >= counts.w1Warm) {
                    rtt[(int) (i - counts.w1Warm)] = end - start;
                }
            }
            finish(client, total);
        }
        Percentiles p = Percentiles.of(rtt);
        JsonObject figures = new JsonObject();
        figures.addProperty("p50_us", p.micros(50));
        figures.addProperty("p99_us", p.micros(99));
        figures.addProperty("p999_us", p.micros(99.9));
        figures.addProperty("n", counts.w1N);
        figures.addProperty("verified", total);
        return figures;
    }

    private JsonObject w2() throws Exception {
        BlockingQueue<Done> acks = new LinkedBlockingQueue<>();
        double[] rates = new double[counts.w2Runs];
        try (IpcClient client = builder().onNotification("bench.ack", Done.class, (ctx, ack) -> acks.add(ack)).connect()) {
            for (int run = 0; run < counts.w2Runs; run++) {
                RunCosts costs = counts.printCosts ? RunCosts.now() : null;
                long start = System.nanoTime();
                for (long i = 0; i < counts.w2N; i++) {
                    client.notify("bench.msg", BenchMessage.of(i, "msg"));
                }
                Done ack = acks.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                if (ack == null || ack.n != counts.w2N) {
                    throw new BenchFailure("W2 run " + (run + 1) + ": " + (ack == null ? "no ack within " + WAIT_SECONDS + " s"
                            : "the ack counts " + ack.n + " messages, not " + counts.w2N));
                }
                rates[run] = counts.w2N / ((System.nanoTime() - start) / 1e9);
                out.printf("W2 run %d: %.0f msg/s%n", run + 1, rates[run]);
                if (costs != null) {
                    out.printf("W2 run %d, the calling thread and the machine: %s%n", run + 1, costs.until(RunCosts.now()));
                }
                out.flush();
            }
            finish(client, counts.w2N * counts.w2Runs);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        JsonObject figures = new JsonObject();
        figures.addProperty("msgs_per_s", Math.round(sorted[sorted.length / 2]));
        StringBuilder runs = new StringBuilder();
        for (double rate : rates) {
            runs.append(runs.length() == 0 ? "" : " ").append(Math.round(rate));
        }
        figures.addProperty("runs", runs.toString());
        figures.addProperty("n", counts.w2N);
        figures.addProperty("verified", counts.w2N * counts.w2Runs);
        return figures;
    }

    /** W3 (broadcast notifications) or, with {@code events}, W6 (topic events: the seq of each is checked too). */
    private JsonObject w3(boolean events) throws Exception {
        int k = counts.w3Clients;
        String workload = events ? "W6" : "W3";
        CountDownLatch allReceived = new CountDownLatch(k);
        AtomicReference<String> failure = new AtomicReference<>();
        List<IpcClient> clients = new ArrayList<>();
        ServerReport report;
        try {
            for (int c = 0; c < k; c++) {
                long[] received = {0};
                int index = c;
                java.util.function.BiConsumer<BenchMessage, Long> check = (message, seq) -> {
                    try {
                        message.check(received[0], "msg");
                        if (seq != null && seq != received[0] + 1) {
                            throw new BenchFailure("event " + received[0] + " came with seq " + seq + ", not " + (received[0] + 1));
                        }
                    } catch (BenchFailure e) {
                        if (failure.compareAndSet(null, workload + " client " + index + ": " + e.getMessage())) {
                            for (long n = 0; n < k; n++) {
                                allReceived.countDown();
                            }
                        }
                        return;
                    }
                    if (++received[0] == counts.w3N) {
                        clients.get(index).notify("bench.done", new Done(counts.w3N));
                        allReceived.countDown();
                    }
                };
                IpcClient.Builder builder = builder().handlerThreading(HandlerThreading.READER_THREAD);
                if (!events) {
                    builder.onNotification("bench.msg", BenchMessage.class, (ctx, message) -> check.accept(message, null));
                }
                IpcClient client = builder.connect();
                clients.add(client);
                if (events) {
                    client.subscribe(TOPIC, BenchMessage.class, (message, seq) -> check.accept(message, seq));
                }
            }
            for (IpcClient client : clients) {
                client.notify("bench.ready", null);
            }
            if (!allReceived.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new BenchFailure(workload + ": not every client received " + counts.w3N + " messages within " + WAIT_SECONDS
                        + " s");
            }
            if (failure.get() != null) {
                throw new BenchFailure(failure.get());
            }
            report = finish(clients.get(0), counts.w3N * k);
        } finally {
            clients.forEach(IpcClient::close);
        }
        JsonObject figures = new JsonObject();
        figures.addProperty("deliveries_per_s", Math.round(report.deliveriesPerS));
        figures.addProperty("clients", k);
        figures.addProperty("n", counts.w3N);
        figures.addProperty("verified", counts.w3N * k);
        return figures;
    }

    private JsonObject w4() throws Exception {
        int total = counts.w4Warm + counts.w4N;
        long[] times = new long[counts.w4N];
        for (int i = 0; i < total; i++) {
            long start = System.nanoTime();
            IpcClient client = builder().connect();
            client.close();
            long end = System.nanoTime();
            if (i >= counts.w4Warm) {
                times[i - counts.w4Warm] = end - start;
            }
        }
        try (IpcClient client = builder().connect()) {
            finish(client, total + 1);
        }
        Percentiles p = Percentiles.of(times);
        JsonObject figures = new JsonObject();
        figures.addProperty("p50_us", p.micros(50));
        figures.addProperty("p99_us", p.micros(99));
        figures.addProperty("n", counts.w4N);
        figures.addProperty("verified", total + 1);
        return figures;
    }

    private JsonObject w5() throws Exception {
        int n = counts.w5Clients;
        long limit = MemoryUse.openFilesLimit();
        if (limit >= 0 && limit < n + 256L) {
            throw new BenchFailure("W5 holds " + n + " connections but this process may open only " + limit
                    + " files (ulimit -n): run 'ulimit -n " + (n + 1024) + "' first (the hard limit is 'ulimit -Hn'),"
                    + " or lower W5_CLIENTS");
        }
        List<IpcClient> clients = new ArrayList<>(n);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        ServerReport report;
        long start = System.nanoTime();
        try {
            List<Future<IpcClient>> connecting = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                connecting.add(pool.submit(() -> builder().connect()));
            }
            for (Future<IpcClient> future : connecting) {
                clients.add(await(future, "W5: connecting client " + (clients.size() + 1) + " of " + n));
            }
            double connectSeconds = (System.nanoTime() - start) / 1e9;
            out.printf("W5: %d clients connected in %.1f s%n", n, connectSeconds);
            out.flush();
            report = clients.get(0).request("bench.report", null, ServerReport.class).get(WAIT_SECONDS, TimeUnit.SECONDS);
            if (report.verified != n) {
                throw new BenchFailure("W5: the server registered " + report.verified + " connections, not " + n);
            }
        } finally {
            List<Future<?>> closing = new ArrayList<>();
            for (IpcClient client : clients) {
                closing.add(pool.submit(client::close));
            }
            for (Future<?> future : closing) {
                await(future, "W5: closing a client");
            }
            pool.shutdown();
        }
        try (IpcClient client = builder().connect()) {
            finish(client, n + 1);
        }
        JsonObject figures = new JsonObject();
        figures.addProperty("clients", n);
        figures.addProperty("heap_mib", round1(report.heapMib));
        figures.addProperty("heap_base_mib", round1(report.baseHeapMib));
        figures.addProperty("heap_per_client_kib", round1((report.heapMib - report.baseHeapMib) * 1024 / n));
        figures.addProperty("rss_mib", round1(report.rssMib));
        figures.addProperty("rss_base_mib", round1(report.baseRssMib));
        figures.addProperty("rss_per_client_kib", round1((report.rssMib - report.baseRssMib) * 1024 / n));
        figures.addProperty("server_threads", report.threads);
        figures.addProperty("verified", n + 1);
        return figures;
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static <T> T await(Future<T> future, String what) throws InterruptedException, IOException {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new BenchFailure(what + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new BenchFailure(what + ": no result within " + WAIT_SECONDS + " s", e);
        }
    }

    /** Asks the server for its verdict: it must have verified {@code expected} and found no fault. */
    private static ServerReport finish(IpcClient client, long expected) throws Exception {
        ServerReport report = client.request("bench.finish", null, ServerReport.class).get(WAIT_SECONDS, TimeUnit.SECONDS);
        if (report.failure != null) {
            throw new BenchFailure("the server's verification failed: " + report.failure);
        }
        if (report.verified != expected) {
            throw new BenchFailure("the server verified " + report.verified + " where " + expected + " were expected");
        }
        return report;
    }
}
