package dev.localipc.api.tck;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.localipc.api.PeerIdentity;
import dev.localipc.api.spi.AddressInUseException;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.api.spi.VirtualThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport compatibility suite (TCK): the behaviour every {@link TransportProvider} must
 * show, run against real endpoints. A provider's test module extends it and says how to make
 * a fresh address.
 *
 * <pre>{@code
 * class UnixTransportCompatibilityTest extends TransportCompatibilitySuite {
 *     protected TransportProvider provider() { return new UnixTransportProvider(); }
 *     protected TransportAddress freshAddress(Path tempDir) throws IOException {
 *         return provider().resolve(Endpoint.builder("tck").name("e").runtimeDirectory(tempDir.resolve("run")).build());
 *     }
 * }
 * }</pre>
 *
 * <p>A transport that listens at explicit socket paths ({@code Endpoint.ofSocketPath}) runs the
 * suite a second time with such addresses; the token-file tests are then skipped, since no token
 * file is written for them.
 *
 * <p>Optional hooks ({@link #reportsPeerPid()}, {@link #leaveStale(TransportAddress)},
 * {@link #endpointFile(TransportAddress)}, {@link #threadFactory()}) adapt it to what the platform can do; a test a
 * provider cannot run is skipped visibly with a reason. There are no wall-clock performance
 * assertions, only generous timeouts. Instances are used by one JUnit test at a time.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class TransportCompatibilitySuite {
    /** A 64-hex-character token, the shape PROTOCOL.md prescribes. */
    protected static final String TOKEN = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int LARGE = 16 * 1024 * 1024;
    private static final int CONCURRENT = 200;

    @TempDir
    Path tempDir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private ExecutorService threads;

    /** The provider under test. */
    protected abstract TransportProvider provider();

    /** A fresh, unused address for one test; {@code tempDir} is the test's own temporary directory. */
    protected abstract TransportAddress freshAddress(Path tempDir) throws IOException;

    /** Whether {@link PeerIdentity#pid()} is reported on both sides (default true). */
    protected boolean reportsPeerPid() {
        return true;
    }

    /**
     * Leaves behind at {@code address} what a listener that died without cleaning up (kill -9)
     * would leave, for example a socket file nobody listens on. Returns false (the default) if
     * the transport has no such thing; the stale-endpoint test is then skipped.
     */
    protected boolean leaveStale(TransportAddress address) throws IOException {
        return false;
    }

    /** The file that represents the endpoint itself (a Unix socket file), if any; it must vanish on close. */
    protected Optional<Path> endpointFile(TransportAddress address) {
        return Optional.empty();
    }

    /**
     * The threads the suite runs servers and clients on. Platform threads by default; a transport
     * whose blocking calls are safe on virtual threads returns {@link VirtualThreads#factory(String)},
     * so that the 200-connection test (200 connections idle at once) also proves that.
     */
    protected ThreadFactory threadFactory() {
        return VirtualThreads.platformFactory("tck-");
    }

    /** The options every test listens with; by default no shutdown hook, so tests leave no hooks behind. */
    protected ListenOptions listenOptions() {
        return ListenOptions.builder().installShutdownHook(false).build();
    }

    /** The options every test connects with. */
    protected ConnectOptions connectOptions() {
        return ConnectOptions.builder().timeout(Duration.ofSeconds(30)).build();
    }

    @BeforeEach
    final void startThreads() {
        threads = Executors.newCachedThreadPool(threadFactory());
    }

    @AfterEach
    final void closeEverything() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS), "TCK threads did not stop");
    }

    @Test
    void listenConnectEcho() throws Exception {
        TransportListener listener = listen(freshAddress(tempDir), listenOptions());
        Future<?> server = threads.submit(() -> echoOnce(listener));
        try (TransportConnection client = connect(listener.address())) {
            client.output().write("hello, transport\n".getBytes(UTF_8));
            client.output().flush();
            client.shutdownOutput();
            assertEquals("hello, transport\n", new String(readAll(client.input()), UTF_8));
        }
        await(server);
    }

    @Test
    void sixteenMebibytesBothWaysAtOnce() throws Exception {
        TransportListener listener = listen(freshAddress(tempDir), listenOptions());
        byte[] toServer = pattern(LARGE, 7);
        byte[] toClient = pattern(LARGE, 13);
        Future<byte[]> serverReceived = threads.submit(() -> {
            try (TransportConnection connection = listener.accept()) {
                Future<?> writer = threads.submit(() -> writeAll(connection, toClient));
                byte[] received = readExactly(connection.input(), LARGE);
                await(writer);
                return received;
            }
        });
        try (TransportConnection client = connect(listener.address())) {
            Future<?> writer = threads.submit(() -> writeAll(client, toServer));
            byte[] clientReceived = readExactly(client.input(), LARGE);
            await(writer);
            assertArrayEquals(toClient, clientReceived, "bytes the client received");
            assertArrayEquals(toServer, await(serverReceived), "bytes the server received");
        }
    }

    @Test
    void twoHundredConcurrentConnections() throws Exception {
        TransportListener listener = listen(freshAddress(tempDir), listenOptions());
        Future<?> acceptor = threads.submit(() -> {
            for (int i = 0; i < CONCURRENT; i++) {
                TransportConnection connection = listener.accept();
                threads.submit(() -> echoAndClose(connection));
            }
            return null;
        });
        List<TransportConnection> clients = new ArrayList<>();
        try {
            List<Future<TransportConnection>> connecting = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                connecting.add(threads.submit(() -> connect(listener.address())));
            }
            for (Future<TransportConnection> future : connecting) {
                clients.add(await(future));
            }
            await(acceptor);
            // All 200 are open at once; now each one talks.
            for (int i = 0; i < CONCURRENT; i++) {
                TransportConnection client = clients.get(i);
                client.output().write(("client " + i + "\n").getBytes(UTF_8));
                client.output().flush();
                client.shutdownOutput();
            }
            for (int i = 0; i < CONCURRENT; i++) {
                assertEquals("client " + i + "\n", new String(readAll(clients.get(i).input()), UTF_8));
            }
        } finally {
            for (TransportConnection client : clients) {
                client.close();
            }
        }
    }

    @Test
    void halfCloseLetsThePeerReadEndOfStreamAndStillAnswer() throws Exception {
        TransportListener listener = listen(freshAddress(tempDir), listenOptions());
        Future<String> server = threads.submit(() -> {
            try (TransportConnection connection = listener.accept()) {
                String request = new String(readAll(connection.input()), UTF_8); // ends with -1
                connection.output().write(("answer to " + request).getBytes(UTF_8));
                connection.output().flush();
                return request;
            }
        });
        try (TransportConnection client = connect(listener.address())) {
            client.output().write("question".getBytes(UTF_8));
            client.output().flush();
            client.shutdownOutput();
            assertEquals("answer to question", new String(readAll(client.input()), UTF_8));
            assertEquals(-1, client.input().read(), "end of stream stays end of stream");
        }
        assertEquals("question", await(server));
    }

    @Test
    void peerCloseIsDetected() throws Exception {
        TransportListener listener = listen(freshAddress(tempDir), listenOptions());
        CountDownLatch serverClosed = new CountDownLatch(1);
        Future<?> server = threads.submit(() -> {
            TransportConnection connection = listener.accept();
            connection.close();
            serverClosed.countDown();
            return null;
        });
        try (TransportConnection client = connect(listener.address())) {
            await(server);
            assertTrue(serverClosed.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertPeerGone(client);
        }
    }

    @Test
    void closingAConnectionFromAnotherThreadUnblocksItsRead() throws Exception {
        TransportListener listener = listen(freshAddress(tempDir), listenOptions());
        Future<TransportConnection> accepted = threads.submit(listener::accept);
        TransportConnection client = connect(listener.address());
        TransportConnection server = await(accepted);
        cleanup.add(server);
        CountDownLatch reading = new CountDownLatch(1);
        Future<Integer> read = threads.submit(() -> {
            reading.countDown();
            try {
                return client.input().read();
            } catch (IOException closed) {
                return -2;
            }
        });
        assertTrue(reading.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        client.close();
        int result = await(read);
        assertTrue(result == -1 || result == -2, "read after close returned " + result + ", expected -1 or an IOException");
        assertFalse(client.isOpen());
    }

    @Test
    void closeIsIdempotent() throws Exception {
        TransportListener listener = listen(freshAddress(tempDir), listenOptions());
        Future<TransportConnection> accepted = threads.submit(listener::accept);
        TransportConnection client = connect(listener.address());
        TransportConnection server = await(accepted);
        assertTrue(client.isOpen());
        assertTrue(server.isOpen());
        assertTrue(listener.isOpen());

        client.close();
        client.close();
        server.close();
        server.close();
        listener.close();
        listener.close();

        assertFalse(client.isOpen());
        assertFalse(server.isOpen());
        assertFalse(listener.isOpen());
    }

    @Test
    void acceptUnblocksWithAnIOExceptionWhenTheListenerIsClosed() throws Exception {
        TransportListener listener = listen(freshAddress(tempDir), listenOptions());
        CountDownLatch accepting = new CountDownLatch(1);
        Future<Throwable> accept = threads.submit(() -> {
            accepting.countDown();
            try {
                TransportConnection unexpected = listener.accept();
                unexpected.close();
                return null;
            } catch (Throwable expected) {
                return expected;
            }
        });
        assertTrue(accepting.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        // Whether accept() is already blocked or not yet entered, it must end in an IOException.
        Thread.sleep(200);
        listener.close();
        Throwable thrown = await(accept);
        assertNotNull(thrown, "accept() returned a connection although nobody connected");
        assertTrue(thrown instanceof IOException, "accept() threw " + thrown + ", expected an IOException");
        assertThrows(IOException.class, listener::accept, "accept() on a closed listener");
    }

    @Test
    void acceptedConnectionsOutliveTheListener() throws Exception {
        TransportListener listener = listen(freshAddress(tempDir), listenOptions());
        Future<TransportConnection> accepted = threads.submit(listener::accept);
        try (TransportConnection client = connect(listener.address());
                TransportConnection server = await(accepted)) {
            listener.close();
            client.output().write("still here".getBytes(UTF_8));
            client.output().flush();
            client.shutdownOutput();
            assertEquals("still here", new String(readAll(server.input()), UTF_8));
        }
    }

    @Test
    void secondListenOnALiveAddressIsAddressInUse() throws Exception {
        TransportAddress address = freshAddress(tempDir);
        TransportListener first = listen(address, listenOptions());
        AddressInUseException inUse = assertThrows(AddressInUseException.class,
                () -> listen(address, listenOptions()));
        assertEquals(address.location(), inUse.location());
        assertTrue(inUse.getMessage().contains(address.location()),
                "message should name " + address.location() + ": " + inUse.getMessage());
        // The first server must still own the address. (The second listen may have probed it
        // with a connection of its own, so serve every connection, not just the first.)
        threads.submit(() -> echoEach(first));
        try (TransportConnection client = connect(address)) {
            client.output().write("first".getBytes(UTF_8));
            client.shutdownOutput();
            assertEquals("first", new String(readAll(client.input()), UTF_8));
        }
    }

    @Test
    void staleEndpointIsReplaced() throws Exception {
        TransportAddress address = freshAddress(tempDir);
        Assumptions.assumeTrue(leaveStale(address), provider().name() + " has no stale endpoint to replace");
        TransportListener listener = listen(address, listenOptions());
        Future<?> server = threads.submit(() -> echoOnce(listener));
        try (TransportConnection client = connect(address)) {
            client.output().write("fresh".getBytes(UTF_8));
            client.shutdownOutput();
            assertEquals("fresh", new String(readAll(client.input()), UTF_8));
        }
        await(server);
    }

    @Test
    void connectingWhereNobodyListensNamesTheAddress() throws Exception {
        TransportAddress address = freshAddress(tempDir);
        IOException failure = assertThrows(IOException.class, () -> provider().connect(address, connectOptions()));
        assertTrue(failure.getMessage().contains(address.location()),
                "message should name " + address.location() + ": " + failure.getMessage());
    }

    @Test
    void peerIdentityIsReportedBothWays() throws Exception {
        Assumptions.assumeTrue(reportsPeerPid(), provider().name() + " does not report the peer pid");
        long self = ProcessHandle.current().pid();
        TransportListener listener = listen(freshAddress(tempDir), listenOptions());
        Future<TransportConnection> accepted = threads.submit(listener::accept);
        try (TransportConnection client = connect(listener.address());
                TransportConnection server = await(accepted)) {
            assertEquals(self, server.peer().pid().orElse(-1), "pid of the client as the server sees it: " + server.peer());
            assertEquals(self, client.peer().pid().orElse(-1), "pid of the server as the client sees it: " + client.peer());
            assertEquals(listener.address(), server.address());
            assertEquals(listener.address(), client.address());
        }
    }

    @Test
    void tokenFileIsWrittenBeforeAcceptAndRemovedOnClose() throws Exception {
        TransportAddress address = freshAddress(tempDir);
        assumeTokenFile(address);
        TransportListener listener = listen(address, ListenOptions.builder().token(TOKEN).installShutdownHook(false).build());
        assertEquals(TOKEN, Files.readString(address.tokenFile(), UTF_8).trim(), "token file content before any accept");
        endpointFile(address).ifPresent(file -> assertTrue(Files.exists(file), file + " should exist while listening"));
        listener.close();
        assertFalse(Files.exists(address.tokenFile()), address.tokenFile() + " should be gone after close");
        endpointFile(address).ifPresent(file -> assertFalse(Files.exists(file), file + " should be gone after close"));
    }

    @Test
    void listenWithoutTokenWritesNoTokenFile() throws Exception {
        TransportAddress address = freshAddress(tempDir);
        assumeTokenFile(address);
        listen(address, listenOptions());
        assertFalse(Files.exists(address.tokenFile()), address.tokenFile() + " was written without a token");
    }

    // ---- helpers -------------------------------------------------------------------------

    /** Skips a token-file test, saying why, for an address without one (an explicit socket path). */
    private static void assumeTokenFile(TransportAddress address) {
        Assumptions.assumeTrue(address.isInRuntimeDirectory(), address + " is an explicit socket path: no token file"
                + " is written for it (the transport's own tests check that nothing is)");
    }

    private TransportListener listen(TransportAddress address, ListenOptions options) throws IOException {
        TransportListener listener = provider().listen(address, options);
        cleanup.add(listener);
        return listener;
    }

    private TransportConnection connect(TransportAddress address) throws IOException {
        return provider().connect(address, connectOptions());
    }

    private static Void echoOnce(TransportListener listener) throws IOException {
        echoAndClose(listener.accept());
        return null;
    }

    /** Echoes every connection, each on its own thread, until the listener is closed. */
    private Void echoEach(TransportListener listener) {
        while (listener.isOpen()) {
            try {
                TransportConnection connection = listener.accept();
                threads.submit(() -> echoAndClose(connection));
            } catch (IOException closed) {
                return null;
            }
        }
        return null;
    }

    private static Void echoAndClose(TransportConnection connection) throws IOException {
        try (connection) {
            InputStream in = connection.input();
            OutputStream out = connection.output();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            connection.shutdownOutput();
        }
        return null;
    }

    private static Void writeAll(TransportConnection connection, byte[] data) throws IOException {
        OutputStream out = connection.output();
        for (int offset = 0; offset < data.length; offset += 65536) {
            out.write(data, offset, Math.min(65536, data.length - offset));
        }
        out.flush();
        return null;
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] data = new byte[length];
        int offset = 0;
        while (offset < length) {
            int n = in.read(data, offset, length - offset);
            if (n < 0) {
                throw new IOException("end of stream after " + offset + " of " + length + " bytes");
            }
            offset += n;
        }
        return data;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            data.write(buffer, 0, n);
        }
        return data.toByteArray();
    }

    private static byte[] pattern(int length, int seed) {
        byte[] data = new byte[length];
        int value = seed;
        for (int i = 0; i < length; i++) {
            value = value * 1103515245 + 12345;
            data[i] = (byte) (value >>> 16);
        }
        return data;
    }

    private static void assertPeerGone(TransportConnection client) {
        try {
            int read = client.input().read();
            assertEquals(-1, read, "read after the peer closed");
        } catch (IOException acceptable) {
            // A reset is as good as end of stream: the peer is gone either way.
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw failed;
        } catch (TimeoutException stuck) {
            future.cancel(true);
            return fail("a TCK task did not finish within " + WAIT, stuck);
        }
    }

}
