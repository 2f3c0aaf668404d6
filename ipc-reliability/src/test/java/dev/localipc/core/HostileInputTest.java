package dev.localipc.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile and broken frames sent as raw bytes (not through our client) over the real
 * Unix transport. Each row names the exact lines the sender gets back and whether the connection
 * then stays open (proved by a ping that is answered) or is closed, as PROTOCOL.md section 7 says.
 * After every row the server still serves a fresh client.
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileInputTest {
    private static final TransportProvider UNIX = Transports.byName("unix");
    private static final int SMALL_LIMIT = 1024;

    @TempDir
    static Path directory;

    private static IpcServer server;
    private static IpcServer smallServer;

    record Pair(Integer a, Integer b) {
    }

    @BeforeAll
    static void startServers() throws IOException {
        server = builder("hostile").build().start();
        smallServer = builder("small").maxFrameBytes(SMALL_LIMIT).build().start();
    }

    private static IpcServer.Builder builder(String name) {
        return IpcServer.builder(Endpoint.builder("rel").name(name).runtimeDirectory(directory).build())
                .transport(UNIX).heartbeat(Duration.ZERO).maxPendingHandshakes(1000)
                .onRequest("echo", JsonElement.class, (ctx, p) -> p)
                .onRequest("add", Pair.class, (ctx, p) -> p.a() + p.b());
    }

    @AfterAll
    static void stopServers() {
        server.close();
        smallServer.close();
    }

    /** What happens to the connection after the expected lines. */
    enum After { OPEN, CLOSED }

    /** Before the handshake (raw connection) or after it. */
    enum Phase { FIRST_FRAME, AUTHENTICATED }

    private static final String PARSE = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error: ";
    private static final String HANDSHAKE_REQUIRED =
            "\"error\":{\"code\":-32004,\"message\":\"handshake required: the first frame must be the ipc.hello request\"}}";
    private static final String AUTH_FAILED = "\"error\":{\"code\":-32001,\"message\":\"authentication failed\"}}";
    private static final String TOKEN = "@TOKEN@";

    static Stream<Arguments> corpus() {
        List<Arguments> rows = new ArrayList<>();
        // ---- framing, UTF-8, JSON syntax (after the handshake: -32700, connection stays open)
        row(rows, "truncated JSON", Phase.AUTHENTICATED, text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\",\"params\":{"),
                After.OPEN, PARSE + "End of input at line 1 column 51\"}}");
        row(rows, "truncated string", Phase.AUTHENTICATED, text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ec"),
                After.OPEN, PARSE + "Unterminated string at line 1 column 37\"}}");
        row(rows, "invalid UTF-8 (lone continuation byte)", Phase.AUTHENTICATED,
                bytes("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\",\"params\":[\"", new byte[] {(byte) 0x80}, "\"]}\n"),
                After.OPEN, PARSE + "frame of 55 bytes is not valid UTF-8 (Input length = 1)\"}}");
        row(rows, "invalid UTF-8 (overlong '/')", Phase.AUTHENTICATED,
                bytes("[\"", new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"]\n"),
                After.OPEN, PARSE + "frame of 6 bytes is not valid UTF-8 (Input length = 1)\"}}");
        row(rows, "invalid UTF-8 (truncated sequence at the end)", Phase.AUTHENTICATED,
                bytes("[1,\"", new byte[] {(byte) 0xE2, (byte) 0x82}, "\n"),
                After.OPEN, PARSE + "frame of 6 bytes is not valid UTF-8 (Input length = 2)\"}}");
        row(rows, "lone surrogate as raw CESU-8 bytes", Phase.AUTHENTICATED,
                bytes("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\",\"params\":[\"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        "\"]}\n"),
                After.OPEN, PARSE + "frame of 57 bytes is not valid UTF-8 (Input length = 3)\"}}");
        row(rows, "lone surrogate escaped in a string", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\",\"params\":[\"x\\ud800\"]}"),
                After.OPEN, PARSE + "a string holds the lone surrogate \\\\ud800, which is not Unicode text; escape a character"
                        + " outside the BMP as a surrogate pair\"}}");
        row(rows, "surrogate pair escaped in a string is kept", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\",\"params\":[\"\\ud83d\\ude00\"]}"),
                After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":[\"\uD83D\uDE00\"]}");
        row(rows, "jsonrpc 2.0 as a number", Phase.AUTHENTICATED, text("{\"jsonrpc\":2.0,\"id\":5,\"method\":\"echo\"}"),
                After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32600,\"message\":\"invalid request: \\\"jsonrpc\\\" must be \\\"2.0\\\"\"}}");
        row(rows, "an Integer field given 2^32", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"add\",\"params\":{\"a\":4294967296,\"b\":1}}"),
                After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32602,\"message\":\"invalid params of add: field 'a'"
                        + " has the wrong type: expected an integer, got the number 4294967296\"}}");
        row(rows, "NUL byte outside a string", Phase.AUTHENTICATED, bytes("{\"jsonrpc\":\"2.0\",\"id\":5,", new byte[] {0}, "}\n"),
                After.OPEN, PARSE + "malformed JSON at line 1 column 26\"}}");
        row(rows, "raw NUL byte inside a string", Phase.AUTHENTICATED,
                bytes("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\",\"params\":[\"a", new byte[] {0}, "b\"]}\n"),
                After.OPEN, PARSE + "Unescaped control characters (\\\\u0000-\\\\u001F) are not allowed in strict mode at line 1 column 52\"}}");
        row(rows, "escaped NUL inside a string is data", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\",\"params\":[\"a\\u0000b\"]}"),
                After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":[\"a\\u0000b\"]}");
        row(rows, "only NUL bytes", Phase.AUTHENTICATED, bytes("", new byte[] {0, 0, 0}, "\n"),
                After.OPEN, PARSE + "malformed JSON at line 1 column 1\"}}");
        row(rows, "trailing data after the value", Phase.AUTHENTICATED, text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\"} {}"),
                After.OPEN, PARSE + "malformed JSON at line 1 column 43\"}}");
        row(rows, "duplicate keys: the last one wins", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":5,\"id\":6,\"method\":\"nope\",\"method\":\"echo\",\"params\":[1],\"params\":[2]}"),
                After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":6,\"result\":[2]}");
        row(rows, "a 1000-digit number is kept exactly", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\",\"params\":[" + "9".repeat(1000) + "]}"),
                After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":[" + "9".repeat(1000) + "]}");
        // Gson reads a number only if it fits its 1024-character buffer; in strict mode a longer
        // literal is not JSON it accepts, so a million digits is a parse error, not a slow BigDecimal.
        row(rows, "a million-digit number is a parse error", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\",\"params\":[" + "9".repeat(1_000_000) + "]}"),
                After.OPEN, PARSE + "malformed JSON at line 1 column 51\"}}");
        row(rows, "a million-digit number where an Integer is expected", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"add\",\"params\":{\"a\":" + "9".repeat(1_000_000) + ",\"b\":1}}"),
                After.OPEN, PARSE + "malformed JSON at line 1 column 54\"}}");
        row(rows, "a huge exponent where an Integer is expected", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"add\",\"params\":{\"a\":1e999999999,\"b\":1}}"),
                After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32602,\"message\":\"invalid params of add: field 'a'"
                        + " has the wrong type: expected an integer, got the number 1e999999999\"}}");
        row(rows, "a million-digit id is a parse error", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":" + "7".repeat(1_000_000) + ",\"method\":\"ipc.ping\"}"),
                After.OPEN, PARSE + "malformed JSON at line 1 column 23\"}}");
        row(rows, "a 1000-digit id is answered with the same id", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":" + "7".repeat(1000) + ",\"method\":\"ipc.ping\"}"),
                After.OPEN, "re:\\{\"jsonrpc\":\"2.0\",\"id\":7{1000},\"result\":\\{\"time\":\\d+}}");

        // ---- JSON-RPC envelope: jsonrpc version and ids of every type
        for (String version : List.of("\"1.0\"", "null", "\"2\"", "[\"2.0\"]", "{}", "\"2.0 \"")) {
            row(rows, "jsonrpc " + version, Phase.AUTHENTICATED, text("{\"jsonrpc\":" + version + ",\"id\":5,\"method\":\"echo\"}"),
                    After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32600,\"message\":\"invalid request: \\\"jsonrpc\\\" must be \\\"2.0\\\"\"}}");
        }
        row(rows, "jsonrpc missing", Phase.AUTHENTICATED, text("{\"id\":5,\"method\":\"echo\"}"),
                After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32600,\"message\":\"invalid request: \\\"jsonrpc\\\" must be \\\"2.0\\\"\"}}");
        for (String id : List.of("\"abc\"", "0", "-1", "1.5", "1e3", "9223372036854775808", "\"\"", "\"\\u2028\"")) {
            row(rows, "id " + id, Phase.AUTHENTICATED, text("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"echo\",\"params\":[true]}"),
                    After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":[true]}");
        }
        row(rows, "id null is a request answered with id null", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"echo\",\"params\":[true]}"),
                After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":[true]}");
        for (String id : List.of("true", "false", "[1]", "{\"a\":1}")) {
            row(rows, "id " + id, Phase.AUTHENTICATED, text("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"echo\"}"),
                    After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request: \\\"id\\\" must be a string, a number or null\"}}");
        }
        for (String method : List.of("5", "null", "[\"echo\"]", "{}", "true")) {
            row(rows, "method " + method, Phase.AUTHENTICATED, text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":" + method + "}"),
                    After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32600,\"message\":\"invalid request: \\\"method\\\" must be a string\"}}");
        }
        for (String params : List.of("\"x\"", "5", "true", "null")) {
            row(rows, "params " + params, Phase.AUTHENTICATED, text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ipc.ping\",\"params\":" + params + "}"),
                    After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32600,\"message\":\"invalid request: \\\"params\\\" must be an object or an array\"}}");
        }
        for (String value : List.of("5", "\"x\"", "null", "true", "[]")) {
            row(rows, "frame is " + value, Phase.AUTHENTICATED, text(value),
                    After.OPEN, "re:\\{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":\\{\"code\":-3260\\d,\"message\":\"invalid request: .*\"}}");
        }

        // ---- the library's messages with fields of the wrong type
        row(rows, "ipc.ping with array params is answered", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ipc.ping\",\"params\":[1,2]}"),
                After.OPEN, "re:\\{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":\\{\"time\":\\d+}}");
        row(rows, "ipc.ping as a notification gets no answer", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.ping\"}"), After.OPEN);
        for (String method : List.of("ipc.subscribe", "ipc.unsubscribe")) {
            String missing = "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32602,\"message\":\"invalid params of " + method
                    + ": field 'topics' is required and must be an array of topic names\"}}";
            row(rows, method + " without params", Phase.AUTHENTICATED, text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"" + method + "\"}"),
                    After.OPEN, missing);
            for (String topics : List.of("\"state\"", "5", "null", "{}")) {
                row(rows, method + " topics " + topics, Phase.AUTHENTICATED,
                        text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"" + method + "\",\"params\":{\"topics\":" + topics + "}}"),
                        After.OPEN, missing);
            }
            row(rows, method + " params as array", Phase.AUTHENTICATED,
                    text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"" + method + "\",\"params\":[[\"state\"]]}"), After.OPEN, missing);
            for (String topic : List.of("1", "null", "\"\"", "[\"state\"]", "{}")) {
                row(rows, method + " topic " + topic, Phase.AUTHENTICATED,
                        text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"" + method + "\",\"params\":{\"topics\":[\"ok\"," + topic + "]}}"),
                        After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32602,\"message\":\"invalid params of " + method
                                + ": field 'topics' must hold non-empty strings, found " + topic.replace("\"", "\\\"") + "\"}}");
            }
        }
        row(rows, "ipc.event from a client is not a method the server has", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ipc.event\",\"params\":{\"topic\":\"x\",\"seq\":1}}"),
                After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32601,\"message\":\"method not found: ipc.event\"}}");
        row(rows, "unknown ipc. method", Phase.AUTHENTICATED, text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ipc.nope\"}"),
                After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32601,\"message\":\"method not found: ipc.nope\"}}");
        row(rows, "unknown ipc. notification is dropped", Phase.AUTHENTICATED, text("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.nope\"}"),
                After.OPEN);
        row(rows, "ipc.hello again", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ipc.hello\",\"params\":{\"token\":5}}"),
                After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32600,\"message\":\"invalid request: ipc.hello is only valid as the first frame; this connection is already authenticated\"}}");
        row(rows, "ipc.bye as a request closes without an answer", Phase.AUTHENTICATED,
                text("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ipc.bye\",\"params\":5}"),
                After.OPEN, "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32600,\"message\":\"invalid request: \\\"params\\\" must be an object or an array\"}}");
        row(rows, "ipc.bye closes", Phase.AUTHENTICATED, text("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.bye\",\"params\":[\"x\"]}"),
                After.CLOSED);

        // ---- the first frame: ipc.hello with every field of the wrong type
        for (String token : List.of("5", "null", "[\"" + TOKEN + "\"]", "{\"t\":\"" + TOKEN + "\"}", "true", "\"\"",
                "\"" + TOKEN + " \"", "\"" + "0".repeat(64) + "\"", "\"" + "A".repeat(64) + "\"")) {
            row(rows, "hello token " + token.replace(TOKEN, "<token>"), Phase.FIRST_FRAME,
                    text("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":" + token + ",\"protocol\":1}}"),
                    After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":1," + AUTH_FAILED);
        }
        row(rows, "hello without token", Phase.FIRST_FRAME,
                text("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"protocol\":1}}"),
                After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":1," + AUTH_FAILED);
        row(rows, "hello without params", Phase.FIRST_FRAME, text("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\"}"),
                After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":1," + AUTH_FAILED);
        row(rows, "hello with params as array", Phase.FIRST_FRAME,
                text("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":[\"" + TOKEN + "\",1]}"),
                After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":1," + AUTH_FAILED);
        for (String protocol : List.of("\"1\"", "1.0", "2", "0", "-1", "null", "[1]", "true", "1e0")) {
            row(rows, "hello protocol " + protocol, Phase.FIRST_FRAME,
                    text("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + TOKEN + "\",\"protocol\":" + protocol + "}}"),
                    After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32005,\"message\":\"unsupported protocol version "
                            + protocol.replace("\"", "\\\"") + ": this server speaks protocol 1\",\"data\":{\"supported\":[1]}}}");
        }
        row(rows, "hello without protocol", Phase.FIRST_FRAME,
                text("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + TOKEN + "\"}}"),
                After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32005,\"message\":\"unsupported protocol version null: this server speaks protocol 1\",\"data\":{\"supported\":[1]}}}");
        String ack = "re:\\{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\\{\"clientId\":\"[0-9a-f]{12}\",\"session\":\"[^\"]+\",.*\"protocol\":1,.*}}";
        for (String client : List.of("5", "null", "[\"x\"]", "{}", "\"" + "c".repeat(60_000) + "\"")) {
            row(rows, "hello client " + (client.length() > 20 ? "of 60000 chars" : client) + " is accepted", Phase.FIRST_FRAME,
                    text("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + TOKEN + "\",\"protocol\":1,\"client\":" + client + "}}"),
                    After.OPEN, ack);
        }
        row(rows, "a hello over 64 KiB (before authentication a frame may be 64 KiB)", Phase.FIRST_FRAME,
                text("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + TOKEN
                        + "\",\"protocol\":1,\"client\":\"" + "c".repeat(70_000) + "\"}}"),
                After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32002,\"message\":\"frame too large:"
                        + " the first frame, ipc.hello, may be at most 65536 bytes\"}}");
        String notResumed = "re:\\{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\\{\"clientId\":\"[0-9a-f]{12}\",.*\"resumed\":false.*}}";
        for (String resume : List.of("5", "\"s\"", "[]", "{}", "{\"session\":5,\"lastSeq\":1}", "{\"session\":\"nope\",\"lastSeq\":\"x\"}",
                "{\"session\":[1],\"lastSeq\":[1]}", "{\"session\":\"nope\",\"lastSeq\":-5}", "{\"session\":\"nope\",\"lastSeq\":" + "9".repeat(100) + "}",
                "{\"session\":null,\"lastSeq\":null}")) {
            row(rows, "hello resume " + resume + " is a new session", Phase.FIRST_FRAME,
                    text("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + TOKEN + "\",\"protocol\":1,\"resume\":" + resume + "}}"),
                    After.OPEN, notResumed);
        }
        for (String id : List.of("\"h\"", "null", "1.5")) {
            row(rows, "hello id " + id, Phase.FIRST_FRAME,
                    text("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + TOKEN + "\",\"protocol\":1}}"),
                    After.OPEN, "re:\\{\"jsonrpc\":\"2.0\",\"id\":" + Pattern.quote(id) + ",\"result\":\\{\"clientId\":.*}}");
        }
        for (String id : List.of("true", "[1]", "{}")) {
            row(rows, "hello id " + id, Phase.FIRST_FRAME,
                    text("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + TOKEN + "\",\"protocol\":1}}"),
                    After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":null," + HANDSHAKE_REQUIRED);
        }
        for (String version : List.of("\"1.0\"", "null", "[\"2.0\"]")) {
            row(rows, "hello jsonrpc " + version, Phase.FIRST_FRAME,
                    text("{\"jsonrpc\":" + version + ",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + TOKEN + "\",\"protocol\":1}}"),
                    After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":null," + HANDSHAKE_REQUIRED);
        }
        row(rows, "hello as a notification", Phase.FIRST_FRAME,
                text("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + TOKEN + "\",\"protocol\":1}}"),
                After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":null," + HANDSHAKE_REQUIRED);
        row(rows, "hello in a batch", Phase.FIRST_FRAME,
                text("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + TOKEN + "\",\"protocol\":1}}]"),
                After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":null," + HANDSHAKE_REQUIRED);
        row(rows, "method hello with another name", Phase.FIRST_FRAME,
                text("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"IPC.HELLO\",\"params\":{\"token\":\"" + TOKEN + "\",\"protocol\":1}}"),
                After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":1," + HANDSHAKE_REQUIRED);
        row(rows, "first frame truncated JSON", Phase.FIRST_FRAME, text("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hel"),
                After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":null," + HANDSHAKE_REQUIRED);
        row(rows, "first frame invalid UTF-8", Phase.FIRST_FRAME, bytes("{\"a\":\"", new byte[] {(byte) 0xFF}, "\"}\n"),
                After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":null," + HANDSHAKE_REQUIRED);
        row(rows, "first frame NUL bytes", Phase.FIRST_FRAME, bytes("", new byte[] {0, 0}, "\n"),
                After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":null," + HANDSHAKE_REQUIRED);
        row(rows, "first frame a ping", Phase.FIRST_FRAME, text("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ipc.ping\"}"),
                After.CLOSED, "{\"jsonrpc\":\"2.0\",\"id\":7," + HANDSHAKE_REQUIRED);
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBadFrameGetsItsExactAnswerAndTheConnectionGoesOnAsTheProtocolSays(String name, Phase phase, byte[] frame,
            After after, List<String> expected) throws Exception {
        try (RawPeer peer = phase == Phase.AUTHENTICATED ? RawPeer.authenticated(UNIX, server.address(), server.token())
                : new RawPeer(UNIX, server.address())) {
            peer.sendBytes(substituteToken(frame));
            for (String line : expected) {
                assertLine(line, peer.line());
            }
            if (after == After.OPEN) {
                peer.send("{\"jsonrpc\":\"2.0\",\"id\":\"after\",\"method\":\"ipc.ping\"}");
                assertLine("re:\\{\"jsonrpc\":\"2.0\",\"id\":\"after\",\"result\":\\{\"time\":\\d+}}", peer.line());
            } else {
                assertEquals(List.of(), peer.expectClosed(), "nothing more before the close");
            }
        }
        assertServerServes(server);
    }

    // ================================================================ the size limit

    @Test
    void aFrameOfExactlyTheLimitIsAnsweredAndOneByteMoreIs32002AndClosed() throws Exception {
        String head = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"echo\",\"params\":[\"";
        String atLimit = head + "x".repeat(SMALL_LIMIT - head.length() - 3) + "\"]}";
        assertEquals(SMALL_LIMIT, atLimit.length());
        try (RawPeer peer = RawPeer.authenticated(UNIX, smallServer.address(), smallServer.token())) {
            peer.sendBytes((atLimit + "\r\n").getBytes(UTF_8));
            assertEquals(2, peer.json().get("id").getAsInt());
            String over = head + "x".repeat(SMALL_LIMIT - head.length() - 2) + "\"]}";
            assertEquals(SMALL_LIMIT + 1, over.length());
            peer.send(over);
            assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32002,\"message\":\"frame too large: the limit is 1024 bytes\"}}"),
                    peer.expectClosed());
        }
        try (RawPeer first = new RawPeer(UNIX, smallServer.address())) {
            first.sendBytes(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + "x".repeat(2000)).getBytes(UTF_8));
            assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32002,\"message\":\"frame too large: the limit is 1024 bytes\"}}"),
                    first.expectClosed(), "an oversized first frame is refused the same way");
        }
        assertServerServes(smallServer);
    }

    /**
     * 100 MB without a newline against the default 16 MiB limit: the -32002 arrives after at most
     * the limit (plus what the socket buffers hold) was written, never after 100 MB, and the
     * server's heap does not grow by the size of the line.
     */
    @Test
    void aHundredMegabyteLineWithoutANewlineIsCutAtTheLimit() throws Exception {
        long total = 100L * 1024 * 1024;
        int limit = 16 * 1024 * 1024;
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();
        long sent = 0;
        String error;
        try (RawPeer peer = RawPeer.authenticated(UNIX, server.address(), server.token())) {
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            peer.sendBytes("[\"".getBytes(UTF_8));
            try {
                while (sent < total) {
                    peer.connection().output().write(chunk);
                    sent += chunk.length;
                }
                peer.connection().output().flush();
            } catch (IOException expected) {
                // the server closed the connection after its -32002: the rest cannot be written
            }
            List<String> lines = peer.expectClosed();
            assertEquals(1, lines.size(), lines.toString());
            error = lines.get(0);
        }
        long heapAfter = runtime.totalMemory() - runtime.freeMemory();
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32002,\"message\":\"frame too large: the limit is 16777216 bytes\"}}", error);
        assertTrue(sent < total, "the server let the sender write all " + total + " bytes of one line");
        assertTrue(sent <= limit + 8L * 1024 * 1024, "the sender wrote " + sent + " bytes before the server cut it off");
        LongRun.report("100 MB line", "cut off after " + sent + " bytes written (limit " + limit + "); heap before "
                + heapBefore / 1024 + " KiB, after " + heapAfter / 1024 + " KiB");
        assertServerServes(server);
    }

    // ================================================================ depth and width

    /** Gson's reader stops at 255 levels, so a deep frame is a parse error long before any recursion. */
    @Test
    void arraysNested100000DeepDoNotKillTheServer() throws Exception {
        int depth = 100_000;
        String nested = "[".repeat(depth) + "]".repeat(depth);
        try (RawPeer peer = RawPeer.authenticated(UNIX, server.address(), server.token())) {
            peer.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\",\"params\":" + nested + "}");
            assertLine(PARSE + "Nesting limit 255 reached at line 1 column 305\"}}", peer.line());
            peer.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"add\",\"params\":{\"a\":" + nested + ",\"b\":1}}");
            assertLine(PARSE + "Nesting limit 255 reached at line 1 column 308\"}}", peer.line());
            String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            peer.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"echo\",\"params\":" + objects + "}");
            assertLine(PARSE + "Nesting limit 255 reached at line 1 column 1321\"}}", peer.line());
            peer.send("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ipc.ping\"}");
            assertLine("re:\\{\"jsonrpc\":\"2.0\",\"id\":8,\"result\":\\{\"time\":\\d+}}", peer.line());
        }
        assertServerServes(server);
    }

    @Test
    void aBatchOf100000EntriesIsAnsweredInFull() throws Exception {
        int entries = 100_000;
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < entries; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"")
                    .append(i % 2 == 0 ? "ipc.ping" : "echo").append("\",\"params\":[").append(i).append("]}");
        }
        try (RawPeer peer = RawPeer.authenticated(UNIX, server.address(), server.token())) {
            peer.send(batch.append(']').toString());
            com.google.gson.JsonArray answers = com.google.gson.JsonParser.parseString(peer.line()).getAsJsonArray();
            assertEquals(entries, answers.size());
            for (int i = 0; i < entries; i++) {
                com.google.gson.JsonObject answer = answers.get(i).getAsJsonObject();
                assertEquals(i, answer.get("id").getAsInt());
                if (i % 2 == 1) {
                    assertEquals("[" + i + "]", answer.get("result").toString());
                }
            }
            peer.send("{\"jsonrpc\":\"2.0\",\"id\":\"after\",\"method\":\"ipc.ping\"}");
            assertLine("re:\\{\"jsonrpc\":\"2.0\",\"id\":\"after\",\"result\":\\{\"time\":\\d+}}", peer.line());
        }
        assertServerServes(server);
    }

    // ================================================================ helpers

    private static void row(List<Arguments> rows, String name, Phase phase, byte[] frame, After after, String... expected) {
        rows.add(Arguments.of(name, phase, frame, after, List.of(expected)));
    }

    private static byte[] text(String frame) {
        return (frame + "\n").getBytes(UTF_8);
    }

    private static byte[] bytes(String before, byte[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(UTF_8));
        out.writeBytes(raw);
        out.writeBytes(after.getBytes(UTF_8));
        return out.toByteArray();
    }

    private static byte[] substituteToken(byte[] frame) {
        String asLatin1 = new String(frame, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!asLatin1.contains(TOKEN)) {
            return frame;
        }
        return asLatin1.replace(TOKEN, server.token()).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void assertLine(String expected, String actual) {
        if (expected.startsWith("re:")) {
            assertTrue(Pattern.compile(expected.substring(3), Pattern.DOTALL).matcher(actual).matches(),
                    () -> "expected a line matching " + expected.substring(3) + "\n but got " + abbreviate(actual));
        } else if (!expected.equals(actual)) {
            assertEquals(abbreviate(expected), abbreviate(actual));
            assertEquals(expected, actual);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 200) + "...(" + text.length() + " chars)..." + text.substring(text.length() - 200);
    }

    /** A fresh client completes the handshake and gets an answer. */
    static void assertServerServes(IpcServer target) throws IOException {
        try (RawPeer fresh = RawPeer.authenticated(UNIX, target.address(), target.token())) {
            fresh.send("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"ipc.ping\"}");
            assertLine("re:\\{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":\\{\"time\":\\d+}}", fresh.line());
        }
    }
}
