package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults: clients in separate JVMs killed with SIGKILL mid-frame, closing mid-write and
 * reconnecting in a tight loop, then checks that nothing leaked; streams resumed across forced
 * drops without gaps or duplicates; a server process killed and restarted under running clients.
 * Short in the normal build; {@code -Preliability-long} runs 50 processes and over 1,000 cycles.
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class ChaosTest {
    private static final TransportProvider UNIX = Transports.byName("unix");
    private static final String TOKEN = "c0ffee".repeat(10) + "0123";

    @TempDir
    Path directory;

    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    private final List<AutoCloseable> closeables = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void cleanUp() throws Exception {
        for (Process process : List.copyOf(processes)) {
            process.destroyForcibly();
        }
        for (AutoCloseable closeable : List.copyOf(closeables)) {
            closeable.close();
        }
    }

    private Endpoint endpoint(String name) {
        return Endpoint.builder("rel").name(name).runtimeDirectory(directory).build();
    }

    // ================================================================ clients misbehaving

    @Test
    void clientsKilledMidFrameClosedMidWriteAndFlappingLeaveNothingBehind() throws Exception {
        int workers = LongRun.pick(2, 16);
        int killsPerWorker = LongRun.pick(1, 3);
        int halfWriters = LongRun.pick(2, 17);
        int flappers = LongRun.pick(2, 17);
        int cycles = LongRun.pick(20, 30);
        IpcServer server = IpcServer.builder(endpoint("chaos")).transport(UNIX).token(TOKEN)
                .onRequest("echo", JsonElement.class, (ctx, p) -> p).build().start();
        closeables.add(server);

        // Warm up (the first client loads classes and starts pools), then take the baseline.
        try (IpcClient warm = IpcClient.builder(endpoint("chaos")).transport(UNIX).token(TOKEN).reconnect(false).connect()) {
            warm.request("echo", List.of(1), JsonElement.class).get(30, TimeUnit.SECONDS);
        }
        Await.until("the warm-up client left", () -> server.clients().isEmpty());
        Snapshot before = Snapshot.take();

        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publisher = new Thread(() -> {
            for (long n = 0; publishing.get(); n++) {
                server.publish("t", n);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "chaos-publisher");
        publisher.start();
        long started = System.nanoTime();
        List<Process> finite = new ArrayList<>();
        for (int i = 0; i < halfWriters; i++) {
            finite.add(child("chaos", "halfwrite", cycles));
        }
        for (int i = 0; i < flappers; i++) {
            finite.add(child("chaos", "flap", cycles));
        }
        Random random = new Random(42);
        int kills = 0;
        for (int round = 0; round < killsPerWorker; round++) {
            List<Process> alive = new ArrayList<>();
            List<BlockingQueue<String>> outputs = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                Process worker = child("chaos", "worker", 0);
                alive.add(worker);
                outputs.add(lines(worker));
            }
            for (int i = 0; i < workers; i++) {
                awaitLine(outputs.get(i), "READY");
            }
            for (Process worker : alive) {
                Thread.sleep(random.nextInt(50));
                worker.destroyForcibly(); // SIGKILL, in the middle of 64 KiB frames
                kills++;
            }
            for (Process worker : alive) {
                assertTrue(worker.waitFor(60, TimeUnit.SECONDS));
            }
        }
        for (Process process : finite) {
            BlockingQueue<String> output = lines(process);
            assertTrue(process.waitFor(600, TimeUnit.SECONDS), "a child did not finish");
            String last = drain(output);
            assertEquals(0, process.exitValue(), last);
            assertTrue(last.contains("DONE " + cycles), last);
        }
        publishing.set(false);
        publisher.join();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        Await.until("every client left the registry", () -> server.clients().isEmpty());
        HostileInputTest.assertServerServes(server);
        Await.until("no reader thread of the server is left", () -> readerThreads("chaos") == 0);
        Snapshot after = Snapshot.settle(before);
        int processesRun = workers * killsPerWorker + halfWriters + flappers;
        int totalCycles = kills + (halfWriters + flappers) * cycles;
        LongRun.report("chaos clients", processesRun + " client processes, " + totalCycles + " cycles (" + kills + " SIGKILLs mid-frame, "
                + halfWriters * cycles + " closes mid-write, " + flappers * cycles + " reconnects) in " + seconds + " s; "
                + "fds " + before.fds + " -> " + after.fds + ", threads " + before.threads + " -> " + after.threads
                + ", heap " + before.heapKiB + " -> " + after.heapKiB + " KiB");
        assertTrue(after.fds <= before.fds + 2, "file descriptors leaked: " + before.fds + " -> " + after.fds);
        assertTrue(after.threads <= before.threads + 64, "threads leaked: " + before.threads + " -> " + after.threads);
        assertTrue(after.heapKiB <= before.heapKiB + 32 * 1024, "heap did not come back: " + before.heapKiB + " -> " + after.heapKiB + " KiB");
    }

    // ================================================================ resume across drops

    record N(long n) {
    }

    @Test
    void resumedStreamsHaveNoGapsAndNoDuplicatesAcrossRepeatedDrops() throws Exception {
        int clients = LongRun.pick(10, 100);
        int events = LongRun.pick(3000, 30000);
        int drops = LongRun.pick(3, 20);
        IpcServer server = IpcServer.builder(endpoint("resume")).transport(UNIX).token(TOKEN)
                .replayBuffer(events, 256L << 20).outboundQueueLimit(events + 100)
                .onRequest("block", Void.class, (ctx, p) -> new CompletableFuture<Void>())
                .onRequest("echo", JsonElement.class, (ctx, p) -> p).build().start();
        closeables.add(server);
        List<KillableTransport> links = new ArrayList<>();
        List<List<Long>> seqs = new ArrayList<>();
        List<List<Long>> values = new ArrayList<>();
        List<IpcClient> all = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            KillableTransport killable = new KillableTransport(UNIX);
            links.add(killable);
            List<Long> seen = Collections.synchronizedList(new ArrayList<>());
            List<Long> data = Collections.synchronizedList(new ArrayList<>());
            seqs.add(seen);
            values.add(data);
            IpcClient client = IpcClient.builder(endpoint("resume")).transport(killable).token(TOKEN)
                    .requestTimeout(Duration.ofMinutes(5)).reconnectBackoff(Duration.ofMillis(5), Duration.ofMillis(200)).connect();
            closeables.add(client);
            all.add(client);
            client.subscribe("n", N.class, (d, seq) -> {
                seen.add(seq);
                data.add(d.n());
            });
        }
        ConcurrentLinkedQueue<Throwable> inFlightFailures = new ConcurrentLinkedQueue<>();
        int lostRequests = 0;
        for (int i = 1; i <= events; i++) {
            server.publish("n", new N(i));
            if (i % (events / (drops + 1)) == 0 && i < events) {
                List<CompletableFuture<Void>> blocked = new ArrayList<>();
                for (IpcClient client : all) {
                    Await.until("the client is ready", client::isReady);
                    blocked.add(client.request("block", null, Void.class));
                }
                for (KillableTransport killable : links) {
                    killable.killAll();
                }
                for (CompletableFuture<Void> request : blocked) {
                    ExecutionException failed = assertThrows(ExecutionException.class, () -> request.get(60, TimeUnit.SECONDS),
                            "an in-flight request must fail, not hang");
                    inFlightFailures.add(failed.getCause());
                    lostRequests++;
                }
            }
        }
        for (Throwable failure : inFlightFailures) {
            assertInstanceOf(ConnectionLostException.class, failure);
        }
        for (int c = 0; c < clients; c++) {
            List<Long> seen = seqs.get(c);
            Await.until("client " + c + " has all " + events + " events", () -> seen.size() >= events);
        }
        Thread.sleep(100);
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= events; i++) {
            expected.add(i);
        }
        for (int c = 0; c < clients; c++) {
            assertEquals(expected, seqs.get(c), "client " + c + ": seq with a gap or a duplicate");
            assertEquals(expected, values.get(c), "client " + c + ": data out of order");
            Await.until("client " + c + " is ready", all.get(c)::isReady);
            assertTrue(all.get(c).serverInfo().resumed(), "client " + c + " did not resume");
        }
        LongRun.report("resume across drops", clients + " clients x " + events + " events, " + drops + " forced drops each: "
                + "0 gaps, 0 duplicates; " + lostRequests + " in-flight requests failed with ConnectionLostException, none hung");
    }

    // ================================================================ the server process dies

    @Test
    void aKilledAndRestartedServerIsReconnectedByEveryClientWhichSaysItCouldNotResume() throws Exception {
        int clients = LongRun.pick(5, 50);
        int restarts = LongRun.pick(2, 10);
        Process server = startServerProcess();
        List<IpcClient> all = new ArrayList<>();
        List<List<Long>> seqs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Long> seen = Collections.synchronizedList(new ArrayList<>());
            seqs.add(seen);
            IpcClient client = IpcClient.builder(endpoint("restart")).transport(UNIX).token(TOKEN)
                    .requestTimeout(Duration.ofMinutes(5)).reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(500)).connect();
            closeables.add(client);
            all.add(client);
            client.subscribe("t", JsonElement.class, (data, seq) -> seen.add(seq));
        }
        int lost = 0;
        for (int r = 0; r < restarts; r++) {
            for (List<Long> seen : seqs) {
                Await.until("events arrive", () -> !seen.isEmpty() && seen.get(seen.size() - 1) > 20);
            }
            List<CompletableFuture<Void>> inFlight = new ArrayList<>();
            for (IpcClient client : all) {
                inFlight.add(client.request("block", null, Void.class));
            }
            List<String> sessions = all.stream().map(IpcClient::session).toList();
            server.destroyForcibly();
            assertTrue(server.waitFor(60, TimeUnit.SECONDS));
            for (CompletableFuture<Void> request : inFlight) {
                ExecutionException failed = assertThrows(ExecutionException.class, () -> request.get(60, TimeUnit.SECONDS));
                assertInstanceOf(ConnectionLostException.class, failed.getCause());
                lost++;
            }
            for (List<Long> seen : seqs) {
                seen.clear();
            }
            server = startServerProcess();
            for (int c = 0; c < clients; c++) {
                IpcClient client = all.get(c);
                Await.until("client reconnected by itself", () -> client.isReady() && !sessions.contains(client.session()));
                assertFalse(client.serverInfo().resumed(), "a new server process cannot resume a session");
                assertEquals("[1]", client.request("echo", List.of(1), JsonElement.class).get(60, TimeUnit.SECONDS).toString());
            }
        }
        for (List<Long> seen : seqs) {
            Await.until("events of the last server arrive", () -> seen.size() > 20);
            List<Long> copy;
            synchronized (seen) {
                copy = new ArrayList<>(seen);
            }
            for (int i = 1; i < copy.size(); i++) {
                assertEquals(copy.get(i - 1) + 1, copy.get(i).longValue(), "within one server's session seq has no gap or duplicate");
            }
        }
        LongRun.report("server restart", restarts + " SIGKILLs of the server process under " + clients + " clients: every client"
                + " reconnected by itself with resumed:false; " + lost + " in-flight requests failed with ConnectionLostException");
    }

    // ================================================================ helpers

    private Process startServerProcess() throws Exception {
        Process server = child(ChaosServerMain.class, List.of(directory.toString(), "restart"));
        awaitLine(lines(server), "LISTENING");
        return server;
    }

    private Process child(String name, String mode, int cycles) throws IOException {
        return child(ChaosClientMain.class, List.of(directory.toString(), name, mode, Integer.toString(cycles)));
    }

    private Process child(Class<?> main, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ChildJvm.java(), "-cp", System.getProperty("java.class.path"),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", main.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LOCALIPC_TOKEN", TOKEN);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private final java.util.Map<Process, BlockingQueue<String>> outputs = new java.util.concurrent.ConcurrentHashMap<>();

    private BlockingQueue<String> lines(Process process) {
        return outputs.computeIfAbsent(process, p -> {
            BlockingQueue<String> queue = new LinkedBlockingQueue<>();
            Thread pump = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = reader.readLine()) != null; ) {
                        queue.add(line);
                    }
                } catch (IOException ended) {
                    queue.add("(output ended: " + ended + ")");
                }
            }, "chaos-output-" + p.pid());
            pump.setDaemon(true);
            pump.start();
            return queue;
        });
    }

    private static void awaitLine(BlockingQueue<String> output, String expected) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String line = output.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
                if (line.equals(expected)) {
                    return;
                }
            }
        }
        throw new AssertionError("no " + expected + " from the child; it said " + seen);
    }

    private static String drain(BlockingQueue<String> output) throws InterruptedException {
        Thread.sleep(50);
        List<String> lines = new ArrayList<>();
        output.drainTo(lines);
        return String.join("\n", lines);
    }

    private static long readerThreads(String serverName) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("localipc-" + serverName + "-reader")).count();
    }

    /** Open file descriptors, live threads and used heap of this JVM. */
    record Snapshot(long fds, int threads, long heapKiB) {
        static Snapshot take() throws IOException {
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                return new Snapshot(fds.count(), ManagementFactory.getThreadMXBean().getThreadCount(),
                        (runtime.totalMemory() - runtime.freeMemory()) / 1024);
            }
        }

        /**
         * Waits (up to a minute) until the descriptors are back to the baseline (+2) and the threads
         * within the worker pool's slack (+64; idle workers leave after 30 s), then takes a snapshot.
         */
        static Snapshot settle(Snapshot before) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Snapshot now = take();
            while (System.nanoTime() < deadline && (now.fds > before.fds + 2 || now.threads > before.threads + 64)) {
                Thread.sleep(500);
                now = take();
            }
            return now;
        }
    }
}
