package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, finding 2: 20 connections x 100,000 distinct topics, each followed by ipc.bye, left
 * 2,000,000 empty topic entries and 356 MB of live heap with nobody connected. Here clients
 * subscribe to many distinct topics and leave, round after round, and the live heap must come
 * back near where it was after the first rounds (a leak of 20,000 entries a round would add
 * several MB each round).
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SubscriptionMemoryTest {
    private static final TransportProvider UNIX = Transports.byName("unix");
    private static final int CONNECTIONS = 20;
    private static final int TOPICS = 1000;

    @TempDir
    Path directory;

    @Test
    void topicsOfClientsThatLeftHoldNoMemory() throws Exception {
        int rounds = LongRun.pick(12, 60);
        IpcServer server = IpcServer.builder(Endpoint.builder("rel").name("topics").runtimeDirectory(directory).build())
                .transport(UNIX).heartbeat(Duration.ZERO).sessionGrace(Duration.ZERO).build().start();
        try (server) {
            long settled = 0;
            long last = 0;
            for (int round = 0; round < rounds; round++) {
                playRound(server, round);
                Await.until("every client left", () -> server.clients().isEmpty());
                last = liveHeap();
                if (round == 2) {
                    settled = last;
                }
            }
            long grown = last - settled;
            LongRun.report("subscription memory", rounds + " rounds of " + CONNECTIONS + " x " + TOPICS
                    + " distinct topics: live heap " + settled / 1024 + " KiB after round 3, " + last / 1024 + " KiB after the last");
            assertTrue(grown < 8L << 20, "the live heap grew by " + grown / 1024 + " KiB over " + (rounds - 3)
                    + " rounds of clients that all left: topic entries are leaking");
            assertTrue(server.publish("r0-c0-t0", "x") == 0, "nobody is subscribed any more");
        }
    }

    private void playRound(IpcServer server, int round) throws Exception {
        List<RawPeer> peers = new ArrayList<>();
        try {
            for (int c = 0; c < CONNECTIONS; c++) {
                RawPeer peer = RawPeer.authenticated(UNIX, server.address(), server.token());
                peers.add(peer);
                StringBuilder topics = new StringBuilder();
                for (int t = 0; t < TOPICS; t++) {
                    topics.append(t == 0 ? "" : ",").append("\"r").append(round).append("-c").append(c).append("-t").append(t).append('"');
                }
                peer.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ipc.subscribe\",\"params\":{\"topics\":[" + topics + "]}}");
                peer.expect("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"seq\":0}}");
            }
            for (RawPeer peer : peers) {
                peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.bye\"}");
            }
        } finally {
            for (RawPeer peer : peers) {
                peer.close();
            }
        }
    }

    private static long liveHeap() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
