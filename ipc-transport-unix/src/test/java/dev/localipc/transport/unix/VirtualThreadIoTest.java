package dev.localipc.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.VirtualThreads;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections served by virtual threads: junixsocket 2.11.1's own poller starves once as many
 * connections as CPUs are idle, so the transport runs blocking calls of virtual threads on
 * platform threads. These tests hang (and time out) without that.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the unix transport is not used on Windows")
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("try") // connections held open by try-with-resources without being referenced
class VirtualThreadIoTest {
    private final UnixTransportProvider unix = new UnixTransportProvider();

    @TempDir
    Path tempDir;

    @BeforeEach
    void needsVirtualThreads() {
        Assumptions.assumeTrue(VirtualThreads.available(), "virtual threads need Java 21+");
    }

    @Test
    void manyIdleReadersOnVirtualThreadsDoNotStarveAccept() throws Exception {
        int idle = Runtime.getRuntime().availableProcessors() * 4;
        TransportAddress address = unix.resolve(Endpoint.builder("vt").name("idle").runtimeDirectory(tempDir.resolve("run")).build());
        ThreadFactory virtual = VirtualThreads.factory("vt-");
        ExecutorService threads = Executors.newCachedThreadPool(virtual);
        List<TransportConnection> open = new ArrayList<>();
        try (TransportListener listener = unix.listen(address, ListenOptions.builder().installShutdownHook(false).build())) {
            for (int i = 0; i <= idle; i++) {
                Future<TransportConnection> accepted = threads.submit(listener::accept);
                open.add(unix.connect(address, ConnectOptions.defaults()));
                TransportConnection server = accepted.get(30, TimeUnit.SECONDS); // starved here before the fix
                open.add(server);
                threads.submit(() -> server.input().read()); // stays blocked: the client never writes
            }
        } finally {
            for (TransportConnection connection : open) {
                connection.close();
            }
            threads.shutdownNow();
        }
    }

    @Test
    void interruptingAVirtualReaderClosesTheConnection() throws Exception {
        TransportAddress address = unix.resolve(Endpoint.builder("vt").name("intr").runtimeDirectory(tempDir.resolve("run")).build());
        try (TransportListener listener = unix.listen(address, ListenOptions.builder().installShutdownHook(false).build())) {
            CompletableFuture<TransportConnection> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return listener.accept();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (TransportConnection client = unix.connect(address, ConnectOptions.defaults());
                    TransportConnection server = accepted.get(30, TimeUnit.SECONDS)) {
                CountDownLatch reading = new CountDownLatch(1);
                CompletableFuture<Throwable> outcome = new CompletableFuture<>();
                Thread reader = VirtualThreads.factory("reader-").newThread(() -> {
                    reading.countDown();
                    try {
                        outcome.complete(new AssertionError("read returned " + server.input().read()));
                    } catch (Throwable expected) {
                        outcome.complete(expected);
                    }
                });
                reader.start();
                reading.await();
                Thread.sleep(200); // let it block; correctness does not depend on it
                reader.interrupt();
                Throwable thrown = outcome.get(30, TimeUnit.SECONDS);
                assertNotNull(thrown);
                assertInstanceOf(InterruptedIOException.class, thrown, thrown.toString());
                assertEquals("reading from " + address.location() + " was interrupted; the socket was closed",
                        thrown.getMessage());
                assertEquals(false, server.isOpen());
            }
        }
    }
}
