package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plays the example session of docs/PROTOCOL.md section 10 and its resume against a real server
 * over the Unix transport and checks every server line, so the documentation cannot drift from
 * the code, and checks what the section's prose says besides (events before responses, the
 * server's ping, the token file). Values that differ per run (client id, session, pids, time) are
 * compared by shape.
 */
@DisabledOnOs(OS.WINDOWS)
class DocumentedSessionTest {
    /** The session id the transcripts show; the resume sends the real one instead. */
    private static final String DOCUMENTED_SESSION = "9f1c2e3d4b5a69788796a5b4c3d2e1f0";

    @TempDir
    Path directory;

    record Pair(Integer a, Integer b) {
    }

    record Pause(String reason) {
    }

    /** The C:/S: lines of the {@code index}-th text block of section 10 (0: the session, 1: the resume). */
    private static List<String> documentedSession(int index) throws Exception {
        Path docs = Path.of("..", "docs", "PROTOCOL.md");
        List<String> lines = Files.readAllLines(docs);
        int start = lines.indexOf("## 10. A full session, exact bytes");
        assertTrue(start > 0, "docs/PROTOCOL.md has no section 10");
        List<String> session = new ArrayList<>();
        int block = -1;
        boolean inBlock = false;
        for (String line : lines.subList(start, lines.size())) {
            if (line.equals("```text")) {
                inBlock = true;
                block++;
            } else if (inBlock && line.equals("```")) {
                inBlock = false;
                if (block == index) {
                    break;
                }
            } else if (inBlock && block == index && (line.startsWith("C: ") || line.startsWith("S: "))) {
                session.add(line);
            }
        }
        return session;
    }

    private IpcServer.Builder orchestrator() {
        Endpoint endpoint = Endpoint.builder("orchestrator").runtimeDirectory(directory.resolve("run")).build();
        return IpcServer.builder(endpoint).serverName("orchestrator")
                .onRequest("add", Pair.class, (ctx, p) -> p.a() + p.b())
                .onNotification("pause", Pause.class, (ctx, p) -> { });
    }

    @Test
    void theDocumentedSessionAndItsResumeAreWhatTheServerSays() throws Exception {
        List<String> session = documentedSession(0);
        assertTrue(session.size() > 10, "the documented session is too short: " + session);
        List<String> resume = documentedSession(1);
        assertTrue(resume.size() >= 3 && resume.get(0).contains("\"resume\""), "no resume transcript: " + resume);
        try (IpcServer server = orchestrator().build().start()) {
            // "The token file holds exactly the 64 hex characters, with no newline at the end."
            assertEquals(server.token(), Files.readString(server.address().tokenFile()));
            String actualSession;
            try (RawPeer peer = new RawPeer(Transports.byName("unix"), server.address())) {
                actualSession = play(server, peer, session, null);
            } // dropped without ipc.bye: the session is held
            // What the server published while the client was away comes first in the resume transcript.
            for (String line : resume) {
                if (line.startsWith("S: ") && line.contains("\"method\":\"ipc.event\"")) {
                    trigger(server, JsonParser.parseString(line.substring(3)).getAsJsonObject());
                }
            }
            try (RawPeer peer = new RawPeer(Transports.byName("unix"), server.address())) {
                play(server, peer, resume, actualSession);
                assertTrue(resume.get(resume.size() - 1).contains("\"method\":\"ipc.bye\""), "the resume ends with bye");
                assertEquals(List.of(), peer.expectClosed(), "the server closes after ipc.bye");
            }
        }
    }

    /**
     * Sends the C: lines and checks the S: lines; {@code session}, when not null, replaces the
     * documented session id in what the client sends. Returns the session of the first ack.
     */
    private static String play(IpcServer server, RawPeer peer, List<String> lines, String session) {
        String acknowledged = null;
        for (String line : lines) {
            String json = line.substring(3);
            if (line.startsWith("C: ")) {
                String sent = json.replace("<token>", server.token());
                if (session != null) {
                    sent = sent.replace(DOCUMENTED_SESSION, session);
                }
                try {
                    peer.send(sent);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                continue;
            }
            JsonElement expected = JsonParser.parseString(json);
            boolean fromResume = session != null;
            if (!fromResume && expected.isJsonObject() && expected.getAsJsonObject().has("method")) {
                trigger(server, expected.getAsJsonObject());
            }
            String actual = peer.line();
            assertEquals(normalize(json), normalize(actual), "documented: " + json);
            JsonElement parsed = JsonParser.parseString(actual);
            if (acknowledged == null && parsed.isJsonObject() && parsed.getAsJsonObject().has("result")
                    && parsed.getAsJsonObject().get("result").isJsonObject()
                    && parsed.getAsJsonObject().getAsJsonObject("result").has("session")) {
                acknowledged = parsed.getAsJsonObject().getAsJsonObject("result").get("session").getAsString();
            }
        }
        return acknowledged;
    }

    @Test
    void anEventPublishedByAHandlerComesBeforeItsResponse() throws Exception {
        try (IpcServer server = orchestrator()
                .onRequest("go", JsonElement.class, (ctx, p) -> {
                    ctx.server().publish("state", java.util.Map.of("phase", "running"));
                    return "started";
                })
                .build().start();
             RawPeer peer = RawPeer.authenticated(Transports.byName("unix"), server.address(), server.token())) {
            peer.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ipc.subscribe\",\"params\":{\"topics\":[\"state\"]}}");
            peer.expect("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"seq\":0}}");
            for (int i = 0; i < 20; i++) {
                peer.send("{\"jsonrpc\":\"2.0\",\"id\":" + (3 + i) + ",\"method\":\"go\"}");
                peer.expect("{\"jsonrpc\":\"2.0\",\"method\":\"ipc.event\",\"params\":{\"topic\":\"state\",\"seq\":" + (1 + i)
                        + ",\"data\":{\"phase\":\"running\"}}}");
                peer.expect("{\"jsonrpc\":\"2.0\",\"id\":" + (3 + i) + ",\"result\":\"started\"}");
            }
        }
    }

    @Test
    void theServersOwnPingIsANumberedRequestToAnswerWithItsId() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (IpcServer server = orchestrator().heartbeat(java.time.Duration.ofMillis(200))
                .onRequest("block", JsonElement.class, (ctx, p) -> release.await(30, java.util.concurrent.TimeUnit.SECONDS))
                .build().start();
             RawPeer peer = RawPeer.authenticated(Transports.byName("unix"), server.address(), server.token())) {
            peer.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"block\"}");  // the same number as the ping's
            // While the handler keeps the server from reading, it pings after a heartbeat without sending.
            peer.expect("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.ping\"}");
            peer.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"time\":1763700000000}}");
            release.countDown();
            peer.expect("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":true}");
        }
    }

    /** The server lines that are not answers come from the application: publish or broadcast them. */
    private static void trigger(IpcServer server, JsonObject message) {
        String method = message.get("method").getAsString();
        JsonObject params = message.getAsJsonObject("params");
        if (method.equals("ipc.event")) {
            server.publish(params.get("topic").getAsString(), params.get("data"));
        } else {
            server.broadcast(method, params);
        }
    }

    private static String normalize(String json) {
        return json.replaceAll("\"clientId\":\"[0-9a-f]{12}\"", "\"clientId\":\"<id>\"")
                .replaceAll("\"session\":\"[0-9a-f]{32}\"", "\"session\":\"<session>\"")
                .replaceAll("\"pid\":\\d+", "\"pid\":<pid>")
                .replaceAll("\"ppid\":\\d+", "\"ppid\":<ppid>")
                .replaceAll("\"time\":\\d+", "\"time\":<time>");
    }
}
