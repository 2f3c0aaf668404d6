package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule of the wire contract (PROTOCOL.md sections 1-5 and 7), checked over a real transport
 * with the exact bytes or error code a peer sees. Most tests use {@link RawPeer}, a client that is
 * not our Java client. A transport module runs it by extending this class:
 *
 * <pre>{@code
 * class UnixProtocolConformanceTest extends ProtocolConformanceSuite {
 *     protected TransportProvider transport() { return new UnixTransportProvider(); }
 * }
 * }</pre>
 */
public abstract class ProtocolConformanceSuite {
    protected static final Duration WAIT = RawPeer.WAIT;

    @TempDir
    Path directory;

    private final List<AutoCloseable> clients = Collections.synchronizedList(new ArrayList<>());
    private final List<AutoCloseable> servers = Collections.synchronizedList(new ArrayList<>());

    /** The transport under test. */
    protected abstract TransportProvider transport();

    /** How many clients {@link #manyClientsConnectedAtOnceAreAllAnswered()} connects. */
    protected int manyClients() {
        return 500;
    }

    /** The endpoint of a test's server; its runtime directory is a fresh temporary directory. */
    protected Endpoint endpoint() {
        return Endpoint.builder("suite").name("ep").runtimeDirectory(directory).build();
    }

    record Pair(Integer a, Integer b) {
    }

    record Note(String text) {
    }

    record N(int n) {
    }

    protected final BlockingQueue<String> notes = new LinkedBlockingQueue<>();
    protected final CountDownLatch release = new CountDownLatch(1);

    /** A server builder with the suite's handlers, heartbeat off, short timeouts. */
    protected IpcServer.Builder server() {
        return IpcServer.builder(endpoint()).transport(transport()).heartbeat(Duration.ZERO)
                .onRequest("echo", JsonElement.class, (ctx, p) -> p)
                .onRequest("add", Pair.class, (ctx, p) -> p.a() + p.b())
                .onRequest("fail", Void.class, (ctx, p) -> {
                    throw new IllegalStateException("secret detail that must not leave the server");
                })
                .onRequest("refuse", Void.class, (ctx, p) -> {
                    throw new RpcErrorException(1234, "refused", Map.of("why", "test"));
                })
                .onRequest("block", Void.class, (ctx, p) -> release.await(30, TimeUnit.SECONDS))
                .onNotification("note", Note.class, (ctx, p) -> notes.add(p.text()));
    }

    protected IpcServer start(IpcServer.Builder builder) throws IOException {
        IpcServer server = builder.build();
        servers.add(server);
        return server.start();
    }

    protected IpcClient.Builder client(IpcServer server) {
        return IpcClient.builder(endpoint()).transport(transport()).token(server.token()).reconnect(false);
    }

    protected IpcClient connect(IpcClient.Builder builder) throws IOException {
        IpcClient client = builder.connect();
        clients.add(client);
        return client;
    }

    protected RawPeer raw(IpcServer server) throws IOException {
        RawPeer peer = new RawPeer(transport(), server.address());
        clients.add(peer);
        return peer;
    }

    protected RawPeer rawReady(IpcServer server) throws IOException {
        RawPeer peer = RawPeer.authenticated(transport(), server.address(), server.token());
        clients.add(peer);
        return peer;
    }

    @AfterEach
    void closeEverything() throws Exception {
        release.countDown();
        for (AutoCloseable client : List.copyOf(clients)) {
            client.close();
        }
        for (AutoCloseable server : List.copyOf(servers)) {
            server.close();
        }
    }

    private static String hello(String token) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + token + "\",\"protocol\":1}}";
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    // ================================================================ section 1: stream and framing

    @Test
    void crlfAndEmptyLinesAreAccepted() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = raw(server);
        peer.sendBytes(("\n\r\n" + hello(server.token()) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        assertTrue(peer.json().has("result"));
        peer.sendBytes("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"echo\",\"params\":[1]}\r\n".getBytes(StandardCharsets.UTF_8));
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":[1]}");
    }

    @Test
    void frameOverTheLimitIsAnswered32002AndClosed() throws Exception {
        IpcServer server = start(server().maxFrameBytes(1024));
        RawPeer peer = rawReady(server);
        peer.sendBytes(("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"echo\",\"params\":[\"" + "x".repeat(2000)).getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32002,\"message\":\"frame too large: the limit is 1024 bytes\"}}"),
                peer.expectClosed());
    }

    @Test
    void frameOfExactlyTheLimitIsAccepted() throws Exception {
        IpcServer server = start(server().maxFrameBytes(1024));
        RawPeer peer = rawReady(server);
        String head = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"echo\",\"params\":[\"";
        String frame = head + "x".repeat(1024 - head.length() - 3) + "\"]}";
        assertEquals(1024, frame.length());
        peer.send(frame);
        assertEquals(2, peer.json().get("id").getAsInt());
    }

    @Test
    void invalidUtf8IsAnswered32700AndTheConnectionStaysOpen() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        peer.sendBytes(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}', '\n'});
        JsonObject error = peer.json();
        assertTrue(error.get("id").isJsonNull());
        assertEquals(-32700, error.getAsJsonObject("error").get("code").getAsInt());
        assertTrue(error.getAsJsonObject("error").get("message").getAsString().startsWith("parse error: frame of 10 bytes is not valid UTF-8"),
                error.toString());
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"echo\",\"params\":[\"é\"]}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":[\"é\"]}");
    }

    @Test
    void invalidJsonIsAnswered32700AndTheConnectionStaysOpen() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        for (String bad : List.of("{\"jsonrpc\":", "{'jsonrpc':'2.0'}", "hello", "{\"a\":1} trailing")) {
            peer.send(bad);
            JsonObject error = peer.json();
            assertTrue(error.get("id").isJsonNull(), bad);
            assertEquals(-32700, error.getAsJsonObject("error").get("code").getAsInt(), bad);
            assertTrue(error.getAsJsonObject("error").get("message").getAsString().startsWith("parse error: "), bad);
        }
        peer.send("not json");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error: malformed JSON at line 1 column 1\"}}");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"echo\"}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":null}");
    }

    @Test
    void writersNeverEmitARawNewlineInsideAMessage() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"echo\",\"params\":{\"text\":\"a\\nb\\r\\nc\"}}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"text\":\"a\\nb\\r\\nc\"}}");
    }

    // ================================================================ section 2: JSON-RPC 2.0

    @Test
    void requestsGetTheirResponseWithTheSameId() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"echo\",\"params\":[1,2]}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"result\":[1,2]}");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":12345678901234,\"method\":\"add\",\"params\":{\"a\":2,\"b\":3}}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":12345678901234,\"result\":5}");
    }

    @Test
    void notificationsGetNoResponse() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":{\"text\":\"hi\"}}");
        peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"nope\"}");
        peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":{}}");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"echo\"}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":8,\"result\":null}");
        assertEquals("hi", notes.poll(10, TimeUnit.SECONDS));
        assertTrue(notes.isEmpty());
    }

    @Test
    void framesThatStartLikeOurNotificationsButAreNotOneFollowTheGeneralRules() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        // an id after the params makes it a request: it is answered (a notification handler answers null)
        peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":{\"text\":\"a\"},\"id\":9}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":null}");
        assertEquals("a", notes.poll(10, TimeUnit.SECONDS));
        // a brace too many is not JSON
        peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":{\"text\":\"b\"}}}");
        JsonObject error = peer.json();
        assertEquals(-32700, error.getAsJsonObject("error").get("code").getAsInt());
        // an escaped method name is still the same method
        peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"no\\u0074e\",\"params\":{\"text\":\"c\"}}");
        assertEquals("c", notes.poll(10, TimeUnit.SECONDS));
        assertTrue(notes.isEmpty());
    }

    @Test
    void unknownMethodsAre32601ReservedOnesToo() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"nope\"}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32601,\"message\":\"method not found: nope\"}}");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ipc.nope\"}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32601,\"message\":\"method not found: ipc.nope\"}}");
    }

    @Test
    void validJsonThatIsNotJsonRpcIs32600() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        peer.send("{\"foo\":1}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request: \\\"jsonrpc\\\" must be \\\"2.0\\\"\"}}");
        peer.send("{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"echo\"}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32600,\"message\":\"invalid request: \\\"jsonrpc\\\" must be \\\"2.0\\\"\"}}");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":7}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32600,\"message\":\"invalid request: \\\"method\\\" must be a string\"}}");
        peer.send("42");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request: a JSON-RPC message must be an object, not a number\"}}");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"echo\",\"params\":\"x\"}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":6,\"error\":{\"code\":-32600,\"message\":\"invalid request: \\\"params\\\" must be an object or an array\"}}");
    }

    @Test
    void paramsThatDoNotFitAre32602NamingTheField() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"add\",\"params\":{\"a\":1}}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32602,\"message\":\"invalid params of add: field 'b' is required but missing or null\"}}");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"add\",\"params\":{\"a\":1,\"b\":\"x\"}}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32602,\"message\":\"invalid params of add: field 'b' has the wrong type: expected an integer, got the string \\\"x\\\"\"}}");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"add\"}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":6,\"error\":{\"code\":-32602,\"message\":\"invalid params of add: field 'a' is required but missing or null\"}}");
    }

    @Test
    void handlerExceptionsAre32603WithoutDetailsAndRpcErrorsPassThrough() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"fail\"}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32603,\"message\":\"internal error\"}}");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"refuse\"}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":6,\"error\":{\"code\":1234,\"message\":\"refused\",\"data\":{\"why\":\"test\"}}}");
    }

    @Test
    void batchesAreAnsweredAsOneArray() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        peer.send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":{\"x\":1}},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":{\"text\":\"in batch\"}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"},7]");
        peer.expect("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"x\":1}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32601,\"message\":\"method not found: nope\"}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request: a JSON-RPC message must be an object, not a number\"}}]");
        assertEquals("in batch", notes.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void batchOfNotificationsGetsNoResponseAndEmptyBatchIs32600() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        peer.send("[{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":{\"text\":\"a\"}},{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":{\"text\":\"b\"}}]");
        peer.send("[]");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request: empty batch\"}}");
        assertEquals("a", notes.poll(10, TimeUnit.SECONDS));
        assertEquals("b", notes.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void serverSendsRequestsAndNotificationsToARawClient() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        String clientId = peer.ack.get("clientId").getAsString();
        CompletableFuture<String> answer = server.request(clientId, "ask", new Note("q"), String.class);
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ask\",\"params\":{\"text\":\"q\"}}");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"fine\"}");
        assertEquals("fine", answer.get(10, TimeUnit.SECONDS));
        CompletableFuture<String> refused = server.request(clientId, "ask", null, String.class);
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ask\"}");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32601,\"message\":\"method not found: ask\"}}");
        ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertEquals(-32601, assertInstanceOf(RpcErrorException.class, e.getCause()).code());
        assertTrue(server.send(clientId, "TaskEvent", new N(3)));
        peer.expect("{\"jsonrpc\":\"2.0\",\"method\":\"TaskEvent\",\"params\":{\"n\":3}}");
        assertFalse(server.send("000000000000", "TaskEvent", new N(3)));
    }

    // ================================================================ section 3: handshake

    @Test
    void serverSendsNothingBeforeTheHelloAndAcksWithEveryField() throws Exception {
        IpcServer server = start(server().serverName("orchestrator").heartbeat(Duration.ofSeconds(7)).maxFrameBytes(4096));
        RawPeer peer = raw(server);
        peer.expectNothing(Duration.ofMillis(200));
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + server.token()
                + "\",\"protocol\":1,\"client\":\"my-tool/1.0\"}}");
        JsonObject ack = peer.json();
        assertEquals(Set.of("jsonrpc", "id", "result"), ack.keySet());
        assertEquals(1, ack.get("id").getAsInt());
        JsonObject result = ack.getAsJsonObject("result");
        assertEquals(Set.of("clientId", "session", "server", "protocol", "pid", "ppid", "heartbeatMs", "maxFrameBytes"), result.keySet());
        assertTrue(Pattern.matches("[0-9a-f]{12}", result.get("clientId").getAsString()), result.toString());
        assertFalse(result.get("session").getAsString().isEmpty());
        assertEquals("orchestrator", result.get("server").getAsString());
        assertEquals(1, result.get("protocol").getAsInt());
        assertEquals(ProcessHandle.current().pid(), result.get("pid").getAsLong());
        assertEquals(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L), result.get("ppid").getAsLong());
        assertEquals(7000, result.get("heartbeatMs").getAsLong());
        assertEquals(4096, result.get("maxFrameBytes").getAsInt());
        ClientInfo info = server.client(result.get("clientId").getAsString()).orElseThrow();
        assertEquals("my-tool/1.0", info.clientName().orElseThrow());
        assertEquals(result.get("session").getAsString(), info.session());
    }

    @Test
    void clientIdsAreUniqueAmongLiveClients() throws Exception {
        IpcServer server = start(server());
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            assertTrue(ids.add(rawReady(server).ack.get("clientId").getAsString()));
        }
        assertEquals(20, server.clients().size());
    }

    @Test
    void wrongOrMissingTokenIs32001AndCloses() throws Exception {
        IpcServer server = start(server());
        String wrong = server.token().substring(1) + (server.token().charAt(0) == 'a' ? "b" : "a");
        for (String params : List.of("{\"token\":\"" + wrong + "\",\"protocol\":1}", "{\"protocol\":1}",
                "{\"token\":42,\"protocol\":1}", "{\"token\":\"short\",\"protocol\":1}")) {
            RawPeer peer = raw(server);
            peer.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":" + params + "}");
            assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32001,\"message\":\"authentication failed\"}}"),
                    peer.expectClosed(), params);
        }
        assertTrue(server.clients().isEmpty());
    }

    @Test
    void aWrongTokenIsAnsweredEvenWhenThePeerHalfClosesAfterItsHello() throws Exception {
        // printf '{..hello..}\n' | socat - UNIX-CONNECT:... ends its output right after the hello; the
        // -32001 waits on the failure timer, and that end of stream must not drop it
        IpcServer server = start(server());
        RawPeer peer = raw(server);
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + "0".repeat(64)
                + "\",\"protocol\":1}}");
        peer.connection().shutdownOutput();
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32001,\"message\":\"authentication failed\"}}"),
                peer.expectClosed());
    }

    @Test
    void anyOtherFirstFrameIs32004AndCloses() throws Exception {
        IpcServer server = start(server());
        String required = "\"error\":{\"code\":-32004,\"message\":\"handshake required: the first frame must be the ipc.hello request\"}}";
        RawPeer request = raw(server);
        request.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\"}");
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":5," + required), request.expectClosed());
        RawPeer garbage = raw(server);
        garbage.send("hello there");
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":null," + required), garbage.expectClosed());
        RawPeer notification = raw(server);
        notification.send("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + server.token() + "\",\"protocol\":1}}");
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":null," + required), notification.expectClosed());
        RawPeer badUtf8 = raw(server);
        badUtf8.sendBytes(new byte[] {(byte) 0xc3, (byte) 0x28, '\n'});
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":null," + required), badUtf8.expectClosed());
    }

    @Test
    void noHelloWithinTheHandshakeTimeoutIs32003AndCloses() throws Exception {
        IpcServer server = start(server().handshakeTimeout(Duration.ofMillis(300)));
        RawPeer silent = raw(server);
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32003,\"message\":\"handshake timeout: no ipc.hello within 300 ms\"}}"),
                silent.expectClosed());
        RawPeer partial = raw(server);
        partial.sendBytes("{\"jsonrpc\":\"2.0\",\"id\":1,".getBytes(StandardCharsets.UTF_8));
        assertEquals(-32003, new com.google.gson.JsonParser().parse(partial.expectClosed().get(0)).getAsJsonObject()
                .getAsJsonObject("error").get("code").getAsInt());
    }

    @Test
    void unsupportedProtocolIs32005ListingTheSupportedVersions() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = raw(server);
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + server.token() + "\",\"protocol\":2}}");
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32005,\"message\":\"unsupported protocol version 2:"
                + " this server speaks protocol 1\",\"data\":{\"supported\":[1]}}}"), peer.expectClosed());
    }

    @Test
    void serverAtItsClientLimitIs32006() throws Exception {
        IpcServer server = start(server().maxClients(1));
        rawReady(server);
        RawPeer second = raw(server);
        second.send(hello(server.token()));
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32006,\"message\":\"too many clients: this server serves at most 1\"}}"),
                second.expectClosed());
    }

    @Test
    void aNewcomerOverThePendingHandshakeLimitClosesTheOldestPendingOne() throws Exception {
        IpcServer server = start(server().maxPendingHandshakes(2));
        RawPeer first = raw(server);
        RawPeer second = raw(server);
        first.expectNothing(Duration.ofMillis(100));
        RawPeer third = raw(server);
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32003,\"message\":\"handshake timeout:"
                + " no ipc.hello before the server needed room for newer connections (2 were in the handshake)\"}}"),
                first.expectClosed(), "the oldest pending connection makes room");
        third.send(hello(server.token()));
        assertTrue(third.json().has("result"), "the newcomer that sends its hello at once gets in");
        second.send(hello(server.token()));
        assertTrue(second.json().has("result"));
    }

    @Test
    void aFirstFrameOver64KibIsRefusedBeforeItIsBuffered() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = raw(server);
        byte[] big = new byte[70_000];
        Arrays.fill(big, (byte) 'a');
        peer.sendBytes(big);
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32002,\"message\":\"frame too large:"
                + " the first frame, ipc.hello, may be at most 65536 bytes\"}}"), peer.expectClosed());
    }

    @Test
    void tokenIs256BitsHexInAnOwnerOnlyTokenFile() throws Exception {
        IpcServer server = start(server());
        assertTrue(Pattern.matches("[0-9a-f]{64}", server.token()));
        Path file = server.address().tokenFile();
        assertEquals(server.token(), Files.readString(file).trim());
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        IpcServer other = IpcServer.builder(Endpoint.builder("suite").name("other").runtimeDirectory(directory).build())
                .transport(transport()).build();
        servers.add(other);
        assertNotEquals(server.token(), other.token());
    }

    @Test
    void javaClientReadsTheTokenFileAndReportsRefusals() throws Exception {
        IpcServer server = start(server());
        IpcClient fromFile = connect(IpcClient.builder(endpoint()).transport(transport()).reconnect(false));
        assertTrue(fromFile.isReady());
        String wrong = "0".repeat(64);
        HandshakeException refused = assertThrows(HandshakeException.class,
                () -> connect(client(server).token(wrong)));
        assertEquals(IpcErrorCodes.AUTHENTICATION_FAILED, refused.code());
        assertTrue(refused.getMessage().contains("token"), refused.getMessage());
    }

    // ================================================================ section 4: library methods

    @Test
    void pingAnswersTheTime() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        long before = System.currentTimeMillis();
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ipc.ping\"}");
        JsonObject pong = peer.json();
        long time = pong.getAsJsonObject("result").get("time").getAsLong();
        assertEquals(Set.of("time"), pong.getAsJsonObject("result").keySet());
        assertTrue(time >= before && time <= System.currentTimeMillis(), pong.toString());
    }

    @Test
    void helloAfterTheHandshakeIs32600() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        peer.send(hello(server.token()).replace("\"id\":1", "\"id\":2"));
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32600,\"message\":\"invalid request: ipc.hello is only valid"
                + " as the first frame; this connection is already authenticated\"}}");
    }

    @Test
    void subscribedTopicsGetEventsNumberedPerSession() throws Exception {
        IpcServer server = start(server());
        RawPeer peer = rawReady(server);
        RawPeer other = rawReady(server);
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ipc.subscribe\",\"params\":{\"topics\":[\"state\",\"log\"]}}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"seq\":0}}");
        other.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ipc.subscribe\",\"params\":{\"topics\":[\"log\"]}}");
        other.expect("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"seq\":0}}");
        assertEquals(1, server.publish("state", new N(1)));
        assertEquals(2, server.publish("log", new Note("x")));
        assertEquals(0, server.publish("unknown", new N(0)));
        peer.expect("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.event\",\"params\":{\"topic\":\"state\",\"seq\":1,\"data\":{\"n\":1}}}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.event\",\"params\":{\"topic\":\"log\",\"seq\":2,\"data\":{\"text\":\"x\"}}}");
        other.expect("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.event\",\"params\":{\"topic\":\"log\",\"seq\":1,\"data\":{\"text\":\"x\"}}}");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ipc.unsubscribe\",\"params\":{\"topics\":[\"log\"]}}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"seq\":2}}");
        server.publish("log", new Note("y"));
        server.publish("state", new N(2));
        peer.expect("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.event\",\"params\":{\"topic\":\"state\",\"seq\":3,\"data\":{\"n\":2}}}");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ipc.subscribe\",\"params\":{\"topics\":\"state\"}}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32602,\"message\":\"invalid params of ipc.subscribe:"
                + " field 'topics' is required and must be an array of topic names\"}}");
    }

    @Test
    void topicsPerClientAndTopicNamesAreBounded() throws Exception {
        IpcServer server = start(server().maxTopicsPerClient(3));
        RawPeer peer = rawReady(server);
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ipc.subscribe\",\"params\":{\"topics\":[\"a\",\"b\"]}}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"seq\":0}}");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ipc.subscribe\",\"params\":{\"topics\":[\"a\",\"c\",\"d\"]}}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32602,\"message\":\"invalid params of ipc.subscribe:"
                + " a client may subscribe to at most 3 topics; it has 2 and asked for 2 more: unsubscribe from some first\"}}");
        assertEquals(0, server.publish("c", new N(1)), "a refused subscription subscribes to nothing");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ipc.subscribe\",\"params\":{\"topics\":[\"a\",\"c\"]}}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{\"seq\":0}}");
        String long257 = "t".repeat(257);
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ipc.unsubscribe\",\"params\":{\"topics\":[\"" + long257 + "\"]}}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32602,\"message\":\"invalid params of ipc.unsubscribe:"
                + " a topic name of 257 characters is longer than the limit of 256: use shorter names\"}}");
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ipc.subscribe\",\"params\":{\"topics\":[\"" + "t".repeat(256) + "\"]}}");
        peer.expect("{\"jsonrpc\":\"2.0\",\"id\":6,\"error\":{\"code\":-32602,\"message\":\"invalid params of ipc.subscribe:"
                + " a client may subscribe to at most 3 topics; it has 3 and asked for 1 more: unsubscribe from some first\"}}");
    }

    @Test
    void broadcastIsAPlainNotificationWithoutSeq() throws Exception {
        IpcServer server = start(server());
        RawPeer a = rawReady(server);
        RawPeer b = rawReady(server);
        assertEquals(2, server.broadcast("shutdownSoon", new N(5)));
        a.expect("{\"jsonrpc\":\"2.0\",\"method\":\"shutdownSoon\",\"params\":{\"n\":5}}");
        b.expect("{\"jsonrpc\":\"2.0\",\"method\":\"shutdownSoon\",\"params\":{\"n\":5}}");
        assertThrows(IllegalArgumentException.class, () -> server.broadcast("ipc.event", null));
    }

    @Test
    void aPeerSilentForThreeHeartbeatsIsClosed() throws Exception {
        IpcServer server = start(server().heartbeat(Duration.ofMillis(200)));
        RawPeer silent = rawReady(server);
        assertEquals(200, silent.ack.get("heartbeatMs").getAsLong());
        silent.expectNothing(Duration.ofMillis(300));
        assertEquals(List.of(), silent.expectClosed());
        awaitTrue("the registry forgot the silent client", () -> server.clients().isEmpty());
    }

    @Test
    void aPeerThatPingsStaysConnectedAndTheJavaClientPingsByItself() throws Exception {
        IpcServer server = start(server().heartbeat(Duration.ofMillis(250)));
        RawPeer pinging = rawReady(server);
        IpcClient client = connect(client(server));
        for (int i = 0; i < 8; i++) {
            pinging.send("{\"jsonrpc\":\"2.0\",\"id\":" + (10 + i) + ",\"method\":\"ipc.ping\"}");
            assertEquals(10 + i, pinging.json().get("id").getAsInt());
            Thread.sleep(150);
        }
        assertTrue(client.isReady());
        assertEquals(2, server.clients().size());
    }

    @Test
    void aLongHandlerOnTheReaderThreadDoesNotTripTheHeartbeat() throws Exception {
        IpcServer server = start(server().heartbeat(Duration.ofMillis(200)));
        IpcClient client = connect(client(server));
        CompletableFuture<Void> slow = client.request("block", null, Void.class);
        Thread.sleep(1200);
        release.countDown();
        slow.get(10, TimeUnit.SECONDS);
        assertTrue(client.isReady());
        assertEquals(1, server.clients().size());
    }

    @Test
    void heartbeatZeroTurnsTheCheckOff() throws Exception {
        IpcServer server = start(server().heartbeat(Duration.ZERO));
        RawPeer silent = rawReady(server);
        assertEquals(0, silent.ack.get("heartbeatMs").getAsLong());
        silent.expectNothing(Duration.ofMillis(500));
    }

    @Test
    void byeFromTheClientClosesAndEndsTheSession() throws Exception {
        CountDownLatch gone = new CountDownLatch(1);
        IpcServer server = start(server().onClientDisconnected(info -> gone.countDown()));
        RawPeer peer = rawReady(server);
        String session = peer.ack.get("session").getAsString();
        peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.bye\"}");
        assertEquals(List.of(), peer.expectClosed());
        assertTrue(gone.await(10, TimeUnit.SECONDS));
        RawPeer again = raw(server);
        again.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + server.token()
                + "\",\"protocol\":1,\"resume\":{\"session\":\"" + session + "\",\"lastSeq\":0}}}");
        JsonObject ack = again.json().getAsJsonObject("result");
        assertFalse(ack.get("resumed").getAsBoolean());
        assertNotEquals(session, ack.get("session").getAsString());
    }

    // ================================================================ section 5: resume

    private static String subscribe(String topic) {
        return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ipc.subscribe\",\"params\":{\"topics\":[\"" + topic + "\"]}}";
    }

    private static String event(String topic, long seq, int n) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"ipc.event\",\"params\":{\"topic\":\"" + topic + "\",\"seq\":" + seq
                + ",\"data\":{\"n\":" + n + "}}}";
    }

    private String resumeHello(IpcServer server, String session, long lastSeq) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + server.token()
                + "\",\"protocol\":1,\"resume\":{\"session\":\"" + session + "\",\"lastSeq\":" + lastSeq + "}}}";
    }

    @Test
    void resumeReplaysExactlyTheMissingEventsBeforeAnyNewOne() throws Exception {
        IpcServer server = start(server());
        RawPeer first = rawReady(server);
        String session = first.ack.get("session").getAsString();
        first.send(subscribe("t"));
        first.expect("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"seq\":0}}");
        for (int i = 1; i <= 3; i++) {
            server.publish("t", new N(i));
            first.expect(event("t", i, i));
        }
        first.close();
        awaitTrue("the server noticed the drop", () -> server.clients().isEmpty());
        server.publish("t", new N(4));
        RawPeer second = raw(server);
        second.send(resumeHello(server, session, 2));
        JsonObject ack = second.json().getAsJsonObject("result");
        assertTrue(ack.get("resumed").getAsBoolean(), ack.toString());
        assertEquals(session, ack.get("session").getAsString());
        second.expect(event("t", 3, 3));
        second.expect(event("t", 4, 4));
        server.publish("t", new N(5));
        second.expect(event("t", 5, 5));
        second.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ipc.subscribe\",\"params\":{\"topics\":[]}}");
        second.expect("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"seq\":5}}");
    }

    @Test
    void resumingASessionStillAttachedClosesTheOldConnection() throws Exception {
        IpcServer server = start(server());
        RawPeer old = rawReady(server);
        String session = old.ack.get("session").getAsString();
        old.send(subscribe("t"));
        old.line();
        server.publish("t", new N(1));
        old.expect(event("t", 1, 1));
        RawPeer taker = raw(server);
        taker.send(resumeHello(server, session, 1));
        JsonObject ack = taker.json().getAsJsonObject("result");
        assertTrue(ack.get("resumed").getAsBoolean());
        assertEquals(List.of(), old.expectClosed());
        server.publish("t", new N(2));
        taker.expect(event("t", 2, 2));
        awaitTrue("only the new connection is registered", () -> server.clients().size() == 1);
    }

    @Test
    void resumeIsRefusedWhenTheSessionIsUnknownOrEventsAreNoLongerBuffered() throws Exception {
        IpcServer server = start(server().replayBuffer(2, 1 << 20));
        RawPeer unknown = raw(server);
        unknown.send(resumeHello(server, "nope", 0));
        JsonObject fresh = unknown.json().getAsJsonObject("result");
        assertFalse(fresh.get("resumed").getAsBoolean());
        assertFalse(fresh.get("session").getAsString().equals("nope"));

        RawPeer first = rawReady(server);
        String session = first.ack.get("session").getAsString();
        first.send(subscribe("t"));
        first.line();
        for (int i = 1; i <= 5; i++) {
            server.publish("t", new N(i));
            first.expect(event("t", i, i));
        }
        first.close();
        awaitTrue("the server noticed the drop", () -> server.clients().size() == 1);
        RawPeer tooOld = raw(server);
        tooOld.send(resumeHello(server, session, 1));
        JsonObject refused = tooOld.json().getAsJsonObject("result");
        assertFalse(refused.get("resumed").getAsBoolean());
        assertNotEquals(session, refused.get("session").getAsString());
        server.publish("t", new N(6));
        tooOld.expectNothing(Duration.ofMillis(100));
    }

    @Test
    void sessionsExpireAfterTheGracePeriod() throws Exception {
        IpcServer server = start(server().sessionGrace(Duration.ofMillis(100)));
        RawPeer first = rawReady(server);
        String session = first.ack.get("session").getAsString();
        first.close();
        awaitTrue("the server noticed the drop", () -> server.clients().isEmpty());
        Thread.sleep(1000);
        RawPeer late = raw(server);
        late.send(resumeHello(server, session, 0));
        assertFalse(late.json().getAsJsonObject("result").get("resumed").getAsBoolean());
    }

    @Test
    void javaClientResumesAfterForcedDropsWithoutGapsOrDuplicates() throws Exception {
        IpcServer server = start(server().replayBuffer(20_000, 64L << 20).outboundQueueLimit(30_000));
        KillableTransport killable = new KillableTransport(transport());
        List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
        List<Integer> values = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(10_000);
        List<ConnectionState> states = Collections.synchronizedList(new ArrayList<>());
        IpcClient client = connect(IpcClient.builder(endpoint()).transport(killable).token(server.token())
                .reconnectBackoff(Duration.ofMillis(5), Duration.ofMillis(100)).onConnectionStateChanged(states::add));
        String session = client.session();
        client.subscribe("n", N.class, (data, seq) -> {
            seqs.add(seq);
            values.add(data.n());
            all.countDown();
        });
        for (int i = 1; i <= 10_000; i++) {
            server.publish("n", new N(i));
            if (i == 3000 || i == 7000) {
                killable.killAll();
            }
        }
        assertTrue(all.await(60, TimeUnit.SECONDS), "received " + seqs.size() + " of 10000 events");
        Thread.sleep(50);
        List<Long> expected = new ArrayList<>();
        List<Integer> expectedValues = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            expected.add((long) i);
            expectedValues.add(i);
        }
        assertEquals(expected, seqs);
        assertEquals(expectedValues, values);
        assertEquals(session, client.session());
        assertTrue(states.contains(ConnectionState.RECONNECTING), states.toString());
        awaitTrue("the client is ready again", client::isReady);
        assertTrue(client.serverInfo().resumed());
    }

    @Test
    void inFlightRequestsFailWithConnectionLostWhenTheLinkDrops() throws Exception {
        IpcServer server = start(server());
        KillableTransport killable = new KillableTransport(transport());
        IpcClient client = connect(IpcClient.builder(endpoint()).transport(killable).token(server.token()).reconnect(false));
        CompletableFuture<Void> blocked = client.request("block", null, Void.class);
        Thread.sleep(50);
        killable.killAll();
        ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(10, TimeUnit.SECONDS));
        ConnectionLostException lost = assertInstanceOf(ConnectionLostException.class, e.getCause());
        assertTrue(lost.getMessage().contains("block") && lost.getMessage().contains("not retried"), lost.getMessage());
        awaitTrue("the client saw the drop", () -> client.state() == ConnectionState.CLOSED);
        ExecutionException later = assertThrows(ExecutionException.class,
                () -> client.request("echo", null, JsonElement.class).get(10, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionLostException.class, later.getCause());
    }

    @Test
    void javaClientReconnectsToARestartedServerAndSubscribesAgain() throws Exception {
        String token = "ab".repeat(32);
        IpcServer first = start(server().token(token));
        BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
        BlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
        IpcClient client = connect(IpcClient.builder(endpoint()).transport(transport()).token(token)
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200)).onConnectionStateChanged(states::add));
        client.subscribe("n", N.class, (data, seq) -> received.add(data.n()));
        assertEquals(ConnectionState.CONNECTING, states.poll(10, TimeUnit.SECONDS));
        assertEquals(ConnectionState.READY, states.poll(10, TimeUnit.SECONDS));
        first.publish("n", new N(1));
        assertEquals(1, received.poll(10, TimeUnit.SECONDS));
        first.close();
        assertEquals(ConnectionState.RECONNECTING, states.poll(10, TimeUnit.SECONDS));
        IpcServer second = start(server().token(token));
        assertEquals(ConnectionState.READY, states.poll(10, TimeUnit.SECONDS));
        assertFalse(client.serverInfo().resumed());
        awaitTrue("the client subscribed again", () -> second.publish("n", new N(2)) == 1);
        assertEquals(2, received.poll(10, TimeUnit.SECONDS));
    }

    // ================================================================ section 7: overload and shutdown

    @Test
    void slowConsumerGets32007AndIsDisconnectedWhileOthersAreNotSlowed() throws Exception {
        IpcServer server = start(server().outboundQueueLimit(50));
        RawPeer slow = rawReady(server);
        slow.send(subscribe("flood"));
        slow.expect("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"seq\":0}}");
        CountDownLatch fastGotAll = new CountDownLatch(400);
        IpcClient fast = connect(client(server));
        fast.subscribe("flood", Note.class, (note, seq) -> fastGotAll.countDown());
        slow.pause();
        String payload = "p".repeat(8192);
        for (int i = 1; i <= 400; i++) {
            server.publish("flood", new Note(payload));
            if (i % 20 == 0) {
                long published = i;
                awaitTrue("the fast client caught up", () -> 400 - fastGotAll.getCount() >= published);
            }
        }
        slow.resume();
        List<String> lines = slow.expectClosed();
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32007,\"message\":\"overloaded: your outbound queue"
                + " is full (50 frames waiting): read faster or subscribe to fewer topics\"}}", lines.get(lines.size() - 1));
        assertTrue(lines.size() < 401, "the slow client got " + lines.size() + " lines");
        assertTrue(fastGotAll.await(30, TimeUnit.SECONDS));
        assertTrue(fast.isReady());
    }

    @Test
    void shutdownSaysByeAndRefusesNewcomersWith32008() throws Exception {
        IpcServer server = start(server().shutdownTimeout(Duration.ofSeconds(3)));
        RawPeer ready = rawReady(server);
        RawPeer handshaking = raw(server);
        RawPeer stuck = rawReady(server);
        stuck.send(subscribe("flood"));
        stuck.line();
        ready.expectNothing(Duration.ofMillis(50));
        stuck.pause();
        String payload = "p".repeat(8192);
        for (int i = 0; i < 200; i++) {
            server.publish("flood", new Note(payload));
        }
        Thread closer = new Thread(server::close);
        closer.start();
        awaitTrue("the server is closing", () -> !server.isRunning());
        RawPeer newcomer = raw(server);
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32008,\"message\":\"server shutting down\"}}"),
                newcomer.expectClosed());
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.bye\"}"), ready.expectClosed());
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32008,\"message\":\"server shutting down\"}}"),
                handshaking.expectClosed());
        stuck.resume();
        stuck.expectClosed();
        closer.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(closer.isAlive());
        assertFalse(Files.exists(server.address().tokenFile()), "token file removed");
        server.close();
    }

    // ================================================================ Java client and server API over the transport

    @Test
    void javaClientCallsTypedMethodsAndGetsTypedErrors() throws Exception {
        IpcServer server = start(server());
        IpcClient client = connect(client(server).clientName("suite/1.0"));
        assertEquals(5, client.request("add", new Pair(2, 3), Integer.class).get(10, TimeUnit.SECONDS));
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> client.request("refuse", null, Void.class).get(10, TimeUnit.SECONDS));
        RpcErrorException error = assertInstanceOf(RpcErrorException.class, refused.getCause());
        assertEquals(1234, error.code());
        assertEquals("refused", error.getMessage());
        assertEquals("test", error.data().getAsJsonObject().get("why").getAsString());
        ExecutionException invalid = assertThrows(ExecutionException.class,
                () -> client.request("add", new Pair(1, null), Integer.class).get(10, TimeUnit.SECONDS));
        assertEquals(IpcErrorCodes.INVALID_PARAMS, ((RpcErrorException) invalid.getCause()).code());
        client.notify("note", new Note("from java"));
        assertEquals("from java", notes.poll(10, TimeUnit.SECONDS));
        assertThrows(IllegalArgumentException.class, () -> client.notify("ipc.bye", null));
    }

    @Test
    void registryListsClientsAndListenersSeeThemComeAndGo() throws Exception {
        BlockingQueue<ClientInfo> connected = new LinkedBlockingQueue<>();
        BlockingQueue<ClientInfo> disconnected = new LinkedBlockingQueue<>();
        IpcServer server = start(server().onClientConnected(connected::add).onClientDisconnected(disconnected::add));
        IpcClient client = connect(client(server).clientName("suite/1.0"));
        client.request("echo", null, JsonElement.class).get(10, TimeUnit.SECONDS);
        ClientInfo hello = connected.poll(10, TimeUnit.SECONDS);
        assertEquals(client.clientId(), hello.clientId());
        ClientInfo info = server.client(client.clientId()).orElseThrow();
        assertEquals("suite/1.0", info.clientName().orElseThrow());
        assertEquals(client.session(), info.session());
        assertTrue(info.messagesIn() >= 2 && info.messagesOut() >= 1 && info.bytesIn() > 0 && info.bytesOut() > 0, info.toString());
        assertEquals(List.of(client.clientId()), server.clients().stream().map(ClientInfo::clientId).toList());
        client.close();
        client.close();
        assertEquals(client.clientId(), disconnected.poll(10, TimeUnit.SECONDS).clientId());
        assertTrue(server.clients().isEmpty());
        assertEquals(ConnectionState.CLOSED, client.state());
    }

    @Test
    void serverCallsTheJavaClientAndTheClientReceivesNotifications() throws Exception {
        BlockingQueue<Integer> events = new LinkedBlockingQueue<>();
        IpcServer server = start(server()
                .onRequest("callback", Void.class, (ctx, p) -> ctx.server().request(ctx.clientId(), "ask", null, String.class).get()));
        IpcClient client = connect(client(server)
                .onRequest("ask", Void.class, (ctx, p) -> "answer from " + ctx.clientId())
                .onNotification("TaskEvent", N.class, (ctx, p) -> {
                    events.add(p.n());
                    assertThrows(IllegalStateException.class, ctx::server);
                }));
        assertEquals("answer from " + client.clientId(),
                server.request(client.clientId(), "ask", null, String.class).get(10, TimeUnit.SECONDS));
        assertTrue(server.send(client.clientId(), "TaskEvent", new N(7)));
        assertEquals(7, events.poll(10, TimeUnit.SECONDS));
        ExecutionException deadlock = assertThrows(ExecutionException.class,
                () -> client.request("callback", null, String.class).get(10, TimeUnit.SECONDS));
        assertEquals(IpcErrorCodes.INTERNAL_ERROR, ((RpcErrorException) deadlock.getCause()).code());
    }

    @Test
    void orderedWorkerServerHandlersMayWaitForTheSameClient() throws Exception {
        IpcServer server = start(server().handlerThreading(HandlerThreading.ORDERED_WORKER)
                .onRequest("callback", Void.class, (ctx, p) -> ctx.server().request(ctx.clientId(), "ask", null, String.class).get()));
        IpcClient client = connect(client(server).onRequest("ask", Void.class, (ctx, p) -> "answer"));
        assertEquals("answer", client.request("callback", null, String.class).get(10, TimeUnit.SECONDS));
    }

    @Test
    void requestsTimeOutAndCanBeCancelled() throws Exception {
        IpcServer server = start(server());
        IpcClient client = connect(client(server).requestTimeout(Duration.ofMillis(200)));
        ExecutionException timedOut = assertThrows(ExecutionException.class,
                () -> client.request("block", null, Void.class).get(10, TimeUnit.SECONDS));
        assertInstanceOf(RequestTimeoutException.class, timedOut.getCause());
        CompletableFuture<Void> cancelled = client.request("block", null, Void.class, Duration.ofSeconds(30));
        assertTrue(cancelled.cancel(true));
        release.countDown();
        assertEquals(5, client.request("add", new Pair(2, 3), Integer.class, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS));
    }

    @Test
    void manyClientsConnectedAtOnceAreAllAnswered() throws Exception {
        int count = manyClients();
        IpcServer server = start(server().maxPendingHandshakes(count).maxClients(count));
        List<IpcClient> many = Collections.synchronizedList(new ArrayList<>());
        List<Thread> connectors = new ArrayList<>();
        int threads = 10;
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread connector = new Thread(() -> {
                for (int i = first; i < count; i += threads) {
                    try {
                        many.add(connect(client(server).clientName("c" + i).connectTimeout(Duration.ofSeconds(30))));
                    } catch (IOException | RuntimeException e) {
                        failures.add(e);
                    }
                }
            });
            connector.start();
            connectors.add(connector);
        }
        for (Thread connector : connectors) {
            connector.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(count, server.clients().size());
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < many.size(); i++) {
                answers.add(many.get(i).request("add", new Pair(i, round), Integer.class));
            }
        }
        int index = 0;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < many.size(); i++) {
                assertEquals(i + round, answers.get(index++).get(60, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void javaClientRefusesToSendAFrameOverTheServersLimit() throws Exception {
        IpcServer server = start(server().maxFrameBytes(1024));
        IpcClient client = connect(client(server));
        ExecutionException tooLarge = assertThrows(ExecutionException.class,
                () -> client.request("echo", new Note("x".repeat(2000)), JsonElement.class).get(10, TimeUnit.SECONDS));
        assertTrue(tooLarge.getCause().getMessage().contains("accepts at most 1024"), tooLarge.getCause().getMessage());
        assertThrows(IllegalArgumentException.class, () -> client.notify("note", new Note("x".repeat(2000))));
        assertTrue(client.isReady());
        assertEquals(2, client.request("add", new Pair(1, 1), Integer.class).get(10, TimeUnit.SECONDS));
    }

    @Test
    void theClientAppliesItsOwnFrameLimitAndAnswersUnknownMethods() throws Exception {
        IpcServer server = start(server().onRequest("big", Void.class, (ctx, p) -> "x".repeat(4000)));
        IpcClient client = connect(client(server).maxFrameBytes(1024));
        ExecutionException unknown = assertThrows(ExecutionException.class,
                () -> server.request(client.clientId(), "nothingHere", null, String.class).get(10, TimeUnit.SECONDS));
        RpcErrorException notFound = assertInstanceOf(RpcErrorException.class, unknown.getCause());
        assertEquals(IpcErrorCodes.METHOD_NOT_FOUND, notFound.code());
        assertEquals("method not found: nothingHere", notFound.getMessage());
        ExecutionException tooLarge = assertThrows(ExecutionException.class,
                () -> client.request("big", null, String.class).get(10, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionLostException.class, tooLarge.getCause());
        awaitTrue("the server saw the client leave", () -> server.clients().isEmpty());
    }

    @Test
    void builderErrorsNameTheFix() {
        IllegalArgumentException replay = assertThrows(IllegalArgumentException.class,
                () -> server().replayBuffer(500, 1 << 20).outboundQueueLimit(100).build());
        assertTrue(replay.getMessage().contains("raise outboundQueueLimit"), replay.getMessage());
        IllegalArgumentException token = assertThrows(IllegalArgumentException.class, () -> server().token("abc"));
        assertTrue(token.getMessage().contains("64 lowercase hex"), token.getMessage());
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> server().onRequest("ipc.mine", Void.class, (ctx, p) -> null));
        assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
        assertThrows(IllegalArgumentException.class, () -> server().onRequest("echo", Void.class, (ctx, p) -> null));
    }

    @Test
    void serverAddressAndLifecycleErrorsAreClear() throws Exception {
        IpcServer server = server().build();
        servers.add(server);
        IllegalStateException notStarted = assertThrows(IllegalStateException.class, server::address);
        assertTrue(notStarted.getMessage().contains("start()"), notStarted.getMessage());
        server.start();
        TransportAddress address = server.address();
        assertEquals(endpoint(), address.endpoint());
        assertThrows(IllegalStateException.class, server::start);
        server.close();
        server.close();
        assertThrows(IllegalStateException.class, () -> server.publish("t", null));
    }
}
