package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, finding 3: 296 authenticated connections that each sent 16 MiB without a newline ran
 * the server out of heap. Here a server in its own JVM with a 192 MiB heap (default limits:
 * 16 MiB frames, 64 MiB of inbound buffers for large frames) takes 40 such connections (640 MB
 * if each were buffered): it must stay up, keep its live heap (after a full collection) under
 * its bound (1.5 x the budget, 64 KiB per connection, 32 MiB for the server itself), and answer a
 * good client during the attack.
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class InboundMemoryTest {
    private static final TransportProvider UNIX = Transports.byName("unix");
    private static final String TOKEN = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @TempDir
    Path directory;

    @Test
    void largeFramesFromManyConnectionsStayWithinTheInboundBudget() throws Exception {
        int connections = LongRun.pick(40, 300);
        List<String> serverCommand = new ArrayList<>(ChildJvm.command("warn", MemoryBoundServerMain.class,
                directory.toString(), "mem"));
        serverCommand.add(1, "-Xmx" + (LongRun.enabled() ? 256 : 192) + "m");
        ProcessBuilder serverBuilder = new ProcessBuilder(serverCommand).redirectErrorStream(true);
        serverBuilder.environment().put("LOCALIPC_TOKEN", TOKEN);
        Process server = serverBuilder.start();
        AtomicLong peakHeap = new AtomicLong();
        StringBuffer serverOutput = new StringBuffer();
        CountDownLatch listening = new CountDownLatch(1);
        follow(server, line -> {
            if (line.startsWith("HEAP ")) {
                peakHeap.accumulateAndGet(Long.parseLong(line.substring(5)), Math::max);
            } else {
                serverOutput.append(line).append('\n');
                if (line.equals("LISTENING")) {
                    listening.countDown();
                }
            }
        });
        Process attacker = null;
        try {
            assertTrue(listening.await(60, TimeUnit.SECONDS), "the server did not start: " + serverOutput);
            Endpoint endpoint = Endpoint.builder("rel").name("mem").runtimeDirectory(directory).build();
            String socket = directory.resolve("mem.sock").toString();
            ProcessBuilder attack = new ProcessBuilder(ChildJvm.command("warn", HostileMain.class, "large-frames", socket,
                    String.valueOf(connections), String.valueOf(16_000_000))).redirectErrorStream(true);
            attack.environment().put("LOCALIPC_TOKEN", TOKEN);
            attacker = attack.start();
            StringBuffer attackerOutput = new StringBuffer();
            CountDownLatch sent = new CountDownLatch(1);
            follow(attacker, line -> {
                attackerOutput.append(line).append('\n');
                if (line.equals("SENT")) {
                    sent.countDown();
                }
            });
            int good = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (sent.getCount() > 0 || good < 5) {
                assertTrue(System.nanoTime() - deadline < 0, "the attack did not end: " + attackerOutput);
                assertTrue(server.isAlive(), "the server died under the attack: " + serverOutput);
                try (IpcClient client = IpcClient.builder(endpoint).transport(UNIX).token(TOKEN).reconnect(false)
                        .connectTimeout(Duration.ofSeconds(30)).connect()) {
                    assertEquals("[1]", client.request("echo", List.of(1), JsonElement.class).get(30, TimeUnit.SECONDS).toString());
                }
                good++;
                Thread.sleep(100);
            }
            assertTrue(server.isAlive(), "the server died under the attack: " + serverOutput);
            LongRun.report("large frames", connections + " authenticated connections sent 16,000,000 bytes each without a"
                    + " newline (" + connections * 16L + " MB in all) to a server with a small heap (-Xmx192m, long run 256m): it stayed up, live heap after collections peaked at "
                    + peakHeap.get() / (1 << 20) + " MiB, " + good + " good sessions during the attack");
            // The bound: the 64 MiB budget, plus half of it while a buffer doubles (old and new are both
            // live during the copy), 64 KiB for each connection, and 32 MiB for the server itself.
            long bound = (96L << 20) + connections * (64L << 10) + (32L << 20);
            assertTrue(peakHeap.get() < bound, "the live heap peaked at " + peakHeap.get() / (1 << 20)
                    + " MiB, over the bound of " + bound / (1 << 20) + " MiB: the 64 MiB inbound budget did not bound it");
            assertTrue(!serverOutput.toString().contains("OutOfMemoryError"), serverOutput.toString());
        } finally {
            if (attacker != null) {
                attacker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void follow(Process process, java.util.function.Consumer<String> onLine) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    onLine.accept(line);
                }
            } catch (IOException ended) {
                onLine.accept("(output ended: " + ended + ")");
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
    }
}
