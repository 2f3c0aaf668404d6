package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.testing.CloseAfterEach;
import dev.localipc.api.spi.TransportProvider;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients at once (200 in the normal build, 2,000 with {@code -Preliability-long}), each
 * sending requests and receiving a topic for a fixed number of rounds: every request is answered
 * with its own value and every event arrives, in order, with seq 1..rounds. Throughput, latency
 * percentiles and the server's memory per client are printed, never asserted. Each client costs
 * two file descriptors in this JVM (its end and the server's); {@code ulimit -n} must allow it.
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 1200, unit = TimeUnit.SECONDS)
class LoadTest {
    private static final TransportProvider UNIX = Transports.byName("unix");

    @TempDir
    Path directory;

    @RegisterExtension
    final CloseAfterEach resources = new CloseAfterEach();

    @Test
    void everyRequestIsAnsweredAndEveryEventDeliveredInOrderToManyClients() throws Exception {
        int clients = LongRun.pick(200, 2000);
        int rounds = LongRun.pick(20, 50);
        Endpoint endpoint = Endpoint.builder("rel").name("load").runtimeDirectory(directory).build();
        IpcServer server = IpcServer.builder(endpoint).transport(UNIX).heartbeat(Duration.ZERO)
                .maxClients(clients + 10).maxPendingHandshakes(clients + 10)
                .onRequest("echo", JsonElement.class, (ctx, p) -> p).build().start();
        resources.add(server);
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

        List<IpcClient> all = Collections.synchronizedList(new ArrayList<>());
        List<List<long[]>> received = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            received.add(Collections.synchronizedList(new ArrayList<>()));
        }
        long connectStart = System.nanoTime();
        ExecutorService connectors = Executors.newFixedThreadPool(16);
        try {
            List<Future<IpcClient>> connecting = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int index = c;
                connecting.add(connectors.submit(() -> {
                    IpcClient client = IpcClient.builder(endpoint).transport(UNIX).token(server.token()).reconnect(false)
                            .requestTimeout(Duration.ofMinutes(5)).connectTimeout(Duration.ofMinutes(2)).connect();
                    resources.add(client);
                    client.subscribe("load", Long.class, (value, seq) -> received.get(index).add(new long[] {seq, value}));
                    return client;
                }));
            }
            for (Future<IpcClient> client : connecting) {
                all.add(client.get(300, TimeUnit.SECONDS));
            }
        } finally {
            connectors.shutdownNow();
        }
        long connectMillis = (System.nanoTime() - connectStart) / 1_000_000;
        Await.until("all clients are in the registry", () -> server.clients().size() == clients);
        System.gc();
        long heapConnected = runtime.totalMemory() - runtime.freeMemory();
        int threadsConnected = ManagementFactory.getThreadMXBean().getThreadCount();

        long[] latencies = new long[clients * rounds];
        long start = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            List<CompletableFuture<JsonElement>> answers = new ArrayList<>(clients);
            long[] sent = new long[clients];
            for (int c = 0; c < clients; c++) {
                sent[c] = System.nanoTime();
                answers.add(all.get(c).request("echo", List.of(c, round), JsonElement.class));
            }
            server.publish("load", (long) round);
            for (int c = 0; c < clients; c++) {
                JsonElement answer = answers.get(c).get(300, TimeUnit.SECONDS);
                latencies[(round - 1) * clients + c] = System.nanoTime() - sent[c];
                assertEquals("[" + c + "," + round + "]", answer.toString(), "client " + c + " got another client's answer");
            }
        }
        for (int c = 0; c < clients; c++) {
            List<long[]> events = received.get(c);
            Await.until("client events", () -> events.size() >= rounds);
        }
        long elapsedNanos = System.nanoTime() - start;
        for (int c = 0; c < clients; c++) {
            List<long[]> events = received.get(c);
            assertEquals(rounds, events.size(), "client " + c + " events");
            for (int i = 0; i < rounds; i++) {
                assertEquals(i + 1, events.get(i)[0], "client " + c + ": seq");
                assertEquals(i + 1, events.get(i)[1], "client " + c + ": event order");
            }
        }
        java.util.Arrays.sort(latencies);
        long requests = (long) clients * rounds;
        LongRun.report("load", clients + " clients x " + rounds + " rounds: " + requests + " requests all answered, "
                + requests + " events all delivered in order; connect all " + connectMillis + " ms; "
                + String.format("%.0f", requests / (elapsedNanos / 1e9)) + " requests/s + events; request latency p50 "
                + latencies[latencies.length / 2] / 1000 + " us, p99 " + latencies[(int) (latencies.length * 0.99)] / 1000
                + " us, max " + latencies[latencies.length - 1] / 1000 + " us; heap per client (both ends, this JVM) "
                + Math.max(0, heapConnected - heapBefore) / clients / 1024 + " KiB; threads " + threadsBefore + " -> "
                + threadsConnected);
    }
}
