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
 * Plays the example session of docs/PROTOCOL.md section 10 against a real server over the Unix
 * transport and checks every server line, so the documentation cannot drift from the code. Values
 * that differ per run (client id, session, pids, time) are compared by shape.
 */
@DisabledOnOs(OS.WINDOWS)
class DocumentedSessionTest {
    @TempDir
    Path directory;

    record Pair(Integer a, Integer b) {
    }

    record Pause(String reason) {
    }

    private static List<String> documentedSession() throws Exception {
        Path docs = Path.of("..", "docs", "PROTOCOL.md");
        List<String> lines = Files.readAllLines(docs);
        int start = lines.indexOf("## 10. A full session, exact bytes");
        assertTrue(start > 0, "docs/PROTOCOL.md has no section 10");
        List<String> session = new ArrayList<>();
        boolean inBlock = false;
        for (String line : lines.subList(start, lines.size())) {
            if (line.equals("```text")) {
                inBlock = true;
            } else if (inBlock && line.equals("```")) {
                break;
            } else if (inBlock && (line.startsWith("C: ") || line.startsWith("S: "))) {
                session.add(line);
            }
        }
        return session;
    }

    @Test
    void theDocumentedSessionIsWhatTheServerSays() throws Exception {
        List<String> session = documentedSession();
        assertTrue(session.size() > 10, "the documented session is too short: " + session);
        Endpoint endpoint = Endpoint.builder("orchestrator").runtimeDirectory(directory.resolve("run")).build();
        try (IpcServer server = IpcServer.builder(endpoint).serverName("orchestrator")
                .onRequest("add", Pair.class, (ctx, p) -> p.a() + p.b())
                .onNotification("pause", Pause.class, (ctx, p) -> { })
                .build().start();
             RawPeer peer = new RawPeer(Transports.byName("unix"), server.address())) {
            for (String line : session) {
                String json = line.substring(3);
                if (line.startsWith("C: ")) {
                    peer.send(json.replace("<token>", server.token()));
                    continue;
                }
                JsonElement expected = JsonParser.parseString(json);
                if (expected.isJsonObject() && expected.getAsJsonObject().has("method")) {
                    trigger(server, expected.getAsJsonObject());
                }
                String actual = peer.line();
                assertEquals(normalize(json), normalize(actual), "documented: " + json);
            }
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
