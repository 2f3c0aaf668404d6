package dev.localipc.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.TransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding F4's suspected cause, at the transport level: one thread closes a connection while
 * another keeps reading from it (what {@code IpcClient.close()} and {@code RpcLink.closeNow} do while
 * the peer is still sending), and meanwhile new connections are opened. A reader must then see the end of its own stream, never
 * bytes of another connection (a reused file descriptor number would hand them over).
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class CloseWhileReadingTest {
    private static final TransportProvider UNIX = Transports.byName("unix");

    @TempDir
    Path directory;

    /** The product's transport (junixsocket): fails today, finding F4 (docs/RELIABILITY.md#findings). */
    @Test
    @org.junit.jupiter.api.Disabled("F4: a reader of a closed junixsocket connection receives bytes of a newer connection that"
            + " reused its file descriptor; enable with the transport fix")
    void aReaderOfAClosedConnectionNeverReceivesAnotherConnectionsBytes() throws Exception {
        closeWhileReading(UNIX);
    }

    /** The same over the JDK's own AF_UNIX channels (ipc-api's test-jar): they pass, which points at junixsocket's close. */
    @Test
    void overTheJdksOwnChannelsAReaderOfAClosedConnectionGetsOnlyItsOwnBytes() throws Exception {
        closeWhileReading(new dev.localipc.api.tck.jdk.JdkUnixTransport());
    }

    private void closeWhileReading(TransportProvider transport) throws Exception {
        int threads = 8;
        int connectionsEach = LongRun.pick(500, 5000);
        TransportAddress address = transport.resolve(Endpoint.builder("rel").name("reuse").runtimeDirectory(directory).build());
        ConcurrentLinkedQueue<String> foreign = new ConcurrentLinkedQueue<>();
        AtomicInteger served = new AtomicInteger();
        try (TransportListener listener = transport.listen(address, ListenOptions.builder().installShutdownHook(false).build())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        TransportConnection connection = listener.accept();
                        Thread echo = new Thread(() -> {
                            try (connection) {
                                // Reads the client's mark, then sends it again and again until the client is gone,
                                // so that the client's reader is always about to read once more.
                                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                                int b;
                                while ((b = connection.input().read()) >= 0) {
                                    line.write(b);
                                    if (b == '\n') {
                                        break;
                                    }
                                }
                                byte[] mark = line.toByteArray();
                                int length = b == '\n' ? mark.length : 0;
                                while (length > 0) {
                                    connection.output().write(mark, 0, length);
                                    connection.output().flush();
                                }
                            } catch (IOException e) {
                                // the client closed: the usual end here
                            }
                            served.incrementAndGet();
                        }, "reuse-echo");
                        echo.setDaemon(true);
                        echo.start();
                    }
                } catch (IOException closed) {
                    // the listener was closed at the end of the test
                }
            }, "reuse-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();

            List<Thread> workers = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread worker = new Thread(() -> {
                    try {
                        for (int i = 0; i < connectionsEach; i++) {
                            String mark = "conn-" + thread + "-" + i + "\n";
                            TransportConnection connection = transport.connect(address, ConnectOptions.defaults());
                            CountDownLatch firstEcho = new CountDownLatch(1);
                            InputStream input = connection.input();
                            Thread reader = new Thread(() -> readOwn(input, mark, firstEcho, foreign), "reuse-reader");
                            reader.setDaemon(true);
                            reader.start();
                            connection.output().write(mark.getBytes(UTF_8));
                            connection.output().flush();
                            firstEcho.await(30, TimeUnit.SECONDS);
                            connection.close(); // while the reader is reading again
                            reader.join(30_000);
                        }
                    } catch (IOException | InterruptedException e) {
                        foreign.add("worker failed: " + e);
                    } finally {
                        done.countDown();
                    }
                }, "reuse-worker-" + t);
                workers.add(worker);
                worker.start();
            }
            done.await(540, TimeUnit.SECONDS);
        }
        LongRun.report("close while reading (" + transport.getClass().getSimpleName() + ")", threads * connectionsEach + " connections closed under a reading thread: "
                + foreign.size() + " foreign reads " + (foreign.isEmpty() ? "" : foreign.stream().limit(5).toList()));
        assertEquals(List.of(), List.copyOf(foreign), "readers received bytes of other connections");
    }

    private static void readOwn(InputStream in, String mark, CountDownLatch firstEcho, ConcurrentLinkedQueue<String> foreign) {
        byte[] buffer = new byte[256];
        StringBuilder seen = new StringBuilder();
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                seen.append(new String(buffer, 0, n, UTF_8));
                String text = seen.toString();
                int whole = text.length() - text.length() % mark.length();
                if (!text.substring(0, whole).equals(mark.repeat(whole / mark.length())) || !mark.startsWith(text.substring(whole))) {
                    foreign.add("reader of " + mark.trim() + " got " + text.substring(Math.max(0, text.length() - 60)).replace('\n', ' '));
                    firstEcho.countDown();
                    return;
                }
                if (whole > 0) {
                    firstEcho.countDown();
                }
                seen.setLength(0);
                seen.append(text.substring(whole));
            }
        } catch (IOException closed) {
            // closed under us: the expected end
        } finally {
            firstEcho.countDown();
        }
    }
}
