package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.api.testing.ExpectedLogRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 13: a client with the right token always gets in. Each case runs a hostile process
 * ({@link HostileMain}) beside the server and, while the attack goes on, a well-behaved client
 * that connects, sends {@code ipc.hello} and one request, again and again; every attempt must
 * succeed, and the time from connect to the answer is measured (p50, p99, max). After the
 * attacker is gone the server's file descriptors are back where they began.
 *
 * <p>{@code -Dlocalipc.admission.attack=torn} runs one attack only (with {@code -Preliability-long}, 30 s).
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class AdmissionTest {
    private static final TransportProvider UNIX = Transports.byName("unix");
    /**
     * What a good client's hello + first request must stay under (p99) while an attack goes on:
     * 100 ms in the long run on a quiet machine (the figures in docs/RELIABILITY.md); the short
     * run in every build checks for starvation only (two seconds), as wall-clock bounds on a
     * loaded two-core CI machine would fail for reasons that are not the code's.
     */
    private static final long P99_LIMIT_MILLIS = LongRun.enabled() ? 100 : 2000;

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({
        "slowloris, 300",
        "wrong-token, 300",
        "torn, 200",
        "nesting-bomb, 1",
        "request-flood, 1",
        "never-read, 20",
    })
    void aGoodClientGetsInQuicklyWhileTheAttackGoesOn(String attack, int connections) throws Exception {
        String only = System.getProperty("localipc.admission.attack", "");
        assumeTrue(only.isEmpty() || only.equals(attack), "-Dlocalipc.admission.attack=" + only + " runs that attack only");
        Endpoint endpoint = Endpoint.builder("rel").name("admit").runtimeDirectory(directory).build();
        IpcServer server = IpcServer.builder(endpoint).transport(UNIX).heartbeat(Duration.ofSeconds(1))
                .outboundQueueLimit(1000)
                .onRequest("echo", JsonElement.class, (ctx, p) -> p)
                .build().start();
        long fdsBefore = openFileDescriptors();
        AtomicBoolean attacking = new AtomicBoolean(true);
        Thread publisher = publisher(server, attack, attacking);
        Process attacker = startAttacker(attack, server, connections);
        List<Long> millis = new ArrayList<>();
        String stats;
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(LongRun.pick(5, 30));
            while (System.nanoTime() - until < 0) {
                assertTrue(attacker.isAlive(), "the attacker died early: " + output(attacker));
                long begin = System.nanoTime();
                try (IpcClient good = IpcClient.builder(endpoint).transport(UNIX).token(server.token())
                        .reconnect(false).connectTimeout(Duration.ofSeconds(10)).connect()) {
                    assertEquals("[7]", good.request("echo", List.of(7), JsonElement.class).get(10, TimeUnit.SECONDS).toString());
                } catch (IOException refused) {
                    throw new AssertionError("a good client was refused during the " + attack + " attack: "
                            + refused.getMessage() + "; attacker: " + output(attacker), refused);
                }
                millis.add((System.nanoTime() - begin) / 1_000_000);
                Thread.sleep(20);
            }
            stats = lastStats(attacker);
        } finally {
            attacking.set(false);
            attacker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            publisher.join(10_000);
        }
        Collections.sort(millis);
        long p50 = millis.get(millis.size() / 2);
        long p99 = millis.get(Math.min(millis.size() - 1, (int) Math.ceil(millis.size() * 0.99) - 1));
        long max = millis.get(millis.size() - 1);
        LongRun.report("admission under " + attack, millis.size() + " good sessions (hello + one request) while "
                + connections + " hostile connection(s) ran (" + stats + "): p50 " + p50 + " ms, p99 " + p99 + " ms, max "
                + max + " ms");
        Await.until("the server's connections to the attacker are closed", () -> server.clients().isEmpty());
        try {
            Await.until("the server's descriptors are back to " + fdsBefore, Duration.ofSeconds(30),
                    () -> openFileDescriptors() <= fdsBefore);
        } catch (AssertionError leaked) {
            throw new AssertionError(leaked.getMessage() + "; open now: " + describeFileDescriptors(), leaked);
        }
        server.close();
        assertTrue(p99 < P99_LIMIT_MILLIS, "p99 of a good client's hello + first request was " + p99 + " ms during the "
                + attack + " attack (limit " + P99_LIMIT_MILLIS + " ms); all: " + millis);
    }

    /** For the never-read attack: events on topic "flood" that fill the attacker's queue (-32007, then it reconnects). */
    private static Thread publisher(IpcServer server, String attack, AtomicBoolean attacking) {
        Thread publisher = new Thread(() -> {
            String padding = "p".repeat(1000);
            while (attacking.get() && attack.equals("never-read")) {
                server.publish("flood", padding);
                if (Thread.interrupted()) {
                    return;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(20_000);
            }
        }, "flood-publisher");
        publisher.setDaemon(true);
        publisher.start();
        return publisher;
    }

    private final AtomicReference<StringBuffer> attackerOutput = new AtomicReference<>(new StringBuffer());

    private Process startAttacker(String attack, IpcServer server, int connections) throws Exception {
        List<String> command = ChildJvm.command("warn", HostileMain.class, attack, server.address().location(),
                String.valueOf(connections), "0");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LOCALIPC_TOKEN", server.token());
        Process process = builder.start();
        CountDownLatch started = new CountDownLatch(1);
        StringBuffer output = attackerOutput.get();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.equals("ATTACKING")) {
                        started.countDown();
                    }
                }
            } catch (IOException ended) {
                output.append("(output ended: ").append(ended).append(")\n");
            }
        }, "attacker-output");
        reader.setDaemon(true);
        reader.start();
        assertTrue(started.await(60, TimeUnit.SECONDS), "the attacker did not start: " + output);
        Thread.sleep(500); // let the attack reach its strength
        return process;
    }

    private String output(Process attacker) {
        String text = attackerOutput.get().toString();
        return (attacker.isAlive() ? "" : "exit " + attacker.exitValue() + ", ") + text.substring(Math.max(0, text.length() - 2000));
    }

    private String lastStats(Process attacker) {
        String[] lines = attackerOutput.get().toString().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("STATS ")) {
                String[] parts = lines[i].split(" ");
                return parts[1] + " connections opened, " + parts[2] + " closed by the server";
            }
        }
        return "no figures";
    }

    private static boolean isHiddenLogFile(Path fd) {
        try {
            return Files.readSymbolicLink(fd).endsWith(ExpectedLogRecords.HIDDEN_FILE);
        } catch (IOException gone) {
            return false;
        }
    }

    /** What each open descriptor is (socket:[inode], a file...), counted by kind, for a failure's message. */
    static String describeFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            java.util.Map<String, Long> kinds = new java.util.TreeMap<>();
            fds.forEach(fd -> {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    return;
                }
                kinds.merge(target.startsWith("socket:") ? "socket" : target, 1L, Long::sum);
            });
            return kinds.toString();
        } catch (IOException e) {
            return "cannot list /proc/self/fd: " + e;
        }
    }

    /**
     * The open descriptors, without the test logger's file of hidden records (opened on the first
     * one, which may come in the middle of a case).
     */
    static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> !isHiddenLogFile(fd)).count();
        } catch (IOException e) {
            throw new AssertionError("cannot count /proc/self/fd", e);
        }
    }
}
