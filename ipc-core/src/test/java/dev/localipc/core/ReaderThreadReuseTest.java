package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.VirtualThreads;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a server reuses the platform thread that read a connection that ended for the next
 * connection (a peer that churns connections must not cost a thread start each), and lets its
 * idle readers go as soon as it closes.
 */
class ReaderThreadReuseTest {
    @TempDir
    Path temp;

    @Test
    void theReaderOfAConnectionThatEndedReadsTheNextOneAndCloseLetsItGo() throws Exception {
        Endpoint endpoint = Endpoint.builder("reuse").name("readers").runtimeDirectory(temp.resolve("run")).build();
        IpcServer server = IpcServer.builder(endpoint).handlerThreading(HandlerThreading.READER_THREAD)
                .onRequest("whoReads", Void.class, (ctx, params) -> Thread.currentThread().getName())
                .build().start();
        String first;
        String second;
        try {
            first = readerOfANewClient(server);
            await("the first client's connection ended on the server", () -> server.clients().isEmpty(), 10_000);
            second = readerOfANewClient(server);
        } finally {
            server.close();
        }
        assertTrue(first.startsWith("localipc-readers-reader-"), first);
        if (!VirtualThreads.requested()) {
            assertEquals(first, second, "the second connection was read by another thread than the first's idle one");
        }
        await("no reader thread of the closed server is left (they go at close, not after their keep-alive)",
                () -> readerThreads().isEmpty(), 2_000);
    }

    private static String readerOfANewClient(IpcServer server) throws Exception {
        try (IpcClient client = IpcClient.builder(server.address().endpoint()).token(server.token()).reconnect(false)
                .connect()) {
            return client.request("whoReads", null, String.class).get(10, TimeUnit.SECONDS);
        }
    }

    private static void await(String what, BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + millis + " ms: " + what + "; reader threads: " + readerThreads());
            }
            Thread.sleep(10);
        }
    }

    private static List<String> readerThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("localipc-readers-reader-")).toList();
    }
}
