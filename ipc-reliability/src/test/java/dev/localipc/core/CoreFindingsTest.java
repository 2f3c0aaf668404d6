package dev.localipc.core;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defects of ipc-core found by the reliability work (docs/RELIABILITY.md#findings), each first
 * written as the test that failed, now fixed; these tests keep them fixed.
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoreFindingsTest {
    private static final TransportProvider UNIX = Transports.byName("unix");

    @TempDir
    Path directory;

    private IpcServer server;

    record Pair(Integer a, Integer b) {
    }

    private RawPeer ready() throws Exception {
        server = IpcServer.builder(Endpoint.builder("rel").name("findings").runtimeDirectory(directory).build())
                .transport(UNIX).heartbeat(Duration.ZERO)
                .onRequest("echo", JsonElement.class, (ctx, p) -> p)
                .onRequest("add", Pair.class, (ctx, p) -> p.a() + p.b())
                .build().start();
        return RawPeer.authenticated(UNIX, server.address(), server.token());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** F1: a number that does not fit an Integer field was silently wrapped or truncated instead of -32602. */
    @Test
    void anIntegerFieldRefusesNumbersItCannotHold() throws Exception {
        try (RawPeer peer = ready()) {
            peer.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":{\"a\":4294967296,\"b\":1}}");
            peer.expect("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"invalid params of add: field 'a'"
                    + " has the wrong type: expected an integer, got the number 4294967296\"}}");
            peer.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"add\",\"params\":{\"a\":1.5,\"b\":1}}");
            peer.expect("{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32602,\"message\":\"invalid params of add: field 'a'"
                    + " has the wrong type: expected an integer, got the number 1.5\"}}");
            String digits = "9".repeat(1000);
            peer.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"add\",\"params\":{\"a\":" + digits + ",\"b\":1}}");
            peer.expect("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32602,\"message\":\"invalid params of add: field 'a'"
                    + " has the wrong type: expected an integer, got the number " + digits + "\"}}");
        }
    }

    record Counted(int n) {
    }

    /**
     * F5 (found by FastPathFuzzTest): a typed result was bound from the JSON tree, which narrows a
     * number silently (4294967296 into an int gave 0), while the fast path refuses it; now both
     * read the result as Gson's streaming reader does, and the caller gets the error.
     */
    @Test
    void aResultFieldRefusesNumbersItCannotHold() throws Exception {
        Endpoint endpoint = Endpoint.builder("rel").name("findings").runtimeDirectory(directory).build();
        server = IpcServer.builder(endpoint)
                .transport(UNIX).heartbeat(Duration.ZERO)
                .onRequest("big", Void.class, (ctx, p) -> com.google.gson.JsonParser.parseString("{\"n\":4294967296}"))
                .onRequest("small", Void.class, (ctx, p) -> com.google.gson.JsonParser.parseString("{\"n\":\"2.0\"}"))
                .build().start();
        try (IpcClient client = IpcClient.builder(endpoint).transport(UNIX).token(server.token()).connect()) {
            java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class,
                    () -> client.request("big", null, Counted.class).get(10, TimeUnit.SECONDS));
            org.junit.jupiter.api.Assertions.assertTrue(failed.getCause().getMessage().startsWith(
                    "the result of big does not fit Counted: java.lang.NumberFormatException: Expected an int but was 4294967296"),
                    failed.getCause().getMessage());
            // what Gson's streaming reader accepts, both paths accept: the string "2.0" for an int
            org.junit.jupiter.api.Assertions.assertEquals(new Counted(2),
                    client.request("small", null, Counted.class).get(10, TimeUnit.SECONDS));
        }
    }

    /** F2: "jsonrpc" must be the string "2.0" (JSON-RPC 2.0 section 4); the number 2.0 was accepted. */
    @Test
    void theVersionMustBeTheString2Point0() throws Exception {
        try (RawPeer peer = ready()) {
            peer.send("{\"jsonrpc\":2.0,\"id\":5,\"method\":\"echo\"}");
            peer.expect("{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32600,\"message\":\"invalid request: \\\"jsonrpc\\\" must be \\\"2.0\\\"\"}}");
        }
    }

    /**
     * F3: an escaped lone surrogate (<code>"&#92;ud800"</code>) is valid JSON syntax but no Unicode text; it was
     * echoed back as "?" (String.getBytes replaces it), a silent change of the data. Now: -32700
     * naming the problem, the connection stays open.
     */
    @Test
    void anEscapedLoneSurrogateIsAParseErrorNotSilentlyReplaced() throws Exception {
        try (RawPeer peer = ready()) {
            peer.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\",\"params\":[\"\\ud800\"]}");
            peer.expect("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error: a string holds the"
                    + " lone surrogate \\\\ud800, which is not Unicode text; escape a character outside the BMP as a surrogate pair\"}}");
            peer.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"echo\",\"params\":{\"\\udc00\":1}}");
            peer.expect("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error: a string holds the"
                    + " lone surrogate \\\\udc00, which is not Unicode text; escape a character outside the BMP as a surrogate pair\"}}");
            peer.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"echo\",\"params\":[\"\\ud83d\\ude00\"]}");
            peer.expect("{\"jsonrpc\":\"2.0\",\"id\":6,\"result\":[\"\uD83D\uDE00\"]}");
        }
    }
}
