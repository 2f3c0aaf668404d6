package dev.localipc.examples.tasks.roo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every frame Roo Code's own client and server exchanged in the captures parses, and prints back byte for byte. */
class RooSamplesTest {
    @ParameterizedTest
    @ValueSource(strings = {"tap-minimal-config.txt", "tap-evals-config.txt"})
    void everyCapturedFrameParsesAndSerializesToTheSameBytes(String capture) throws Exception {
        List<CapturedFrames.Frame> frames = CapturedFrames.load(capture).frames();
        assertTrue(frames.size() >= 10, capture + " has " + frames.size() + " frames");
        Map<String, Integer> kinds = new TreeMap<>();
        for (CapturedFrames.Frame frame : frames) {
            assertEquals(frame.bytes(), frame.text().getBytes(StandardCharsets.UTF_8).length, "the tap's byte count of " + frame.text());
            assertTrue(frame.text().endsWith("\f"), "a node-ipc frame ends with a form feed: " + frame.text());
            String json = frame.text().substring(0, frame.text().length() - 1);
            assertTrue(json.indexOf('\f') < 0, "no raw form feed inside the JSON");
            JsonObject envelope = JsonParser.parseString(json).getAsJsonObject();
            assertEquals("message", envelope.get("type").getAsString());

            IpcMessage message = IpcMessage.parse(envelope.get("data"));
            assertEquals(frame.fromServer() ? IpcOrigin.SERVER : IpcOrigin.CLIENT, message.origin());
            // Key order, number forms, escapes (\\f inside a string, non-ASCII kept) are those of JSON.stringify.
            JsonObject again = new JsonObject();
            again.addProperty("type", "message");
            again.add("data", message.toJson());
            assertEquals(json, again.toString(), "re-serialized");
            String kind = message.type().wire() + (message.event() != null ? " " + message.event().name().wire()
                    : message.command() != null ? " " + message.command().name().wire() : "");
            kinds.merge(kind, 1, Integer::sum);
        }
        assertEquals(1, kinds.get("Ack"));
        assertEquals(1, kinds.get("TaskEvent taskCompleted"));
        assertEquals(1, kinds.get("TaskCommand StartNewTask"));
        assertEquals(1, kinds.get("TaskCommand CloseTask"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tap-minimal-config.txt", "tap-evals-config.txt"})
    void theCapturedTaskReadsAsItsParts(String capture) throws Exception {
        List<CapturedFrames.Frame> frames = CapturedFrames.load(capture).frames();
        IpcMessage ack = parse(frames.get(0));
        assertEquals(IpcMessageType.ACK, ack.type());
        assertTrue(Ack.isRooStyleClientId(ack.ack().clientId()), ack.ack().clientId());
        IpcMessage start = frames.stream().map(RooSamplesTest::parseUnchecked)
                .filter(m -> m.command() != null && m.command().name() == TaskCommandName.START_NEW_TASK).findFirst().orElseThrow();
        assertEquals(ack.ack().clientId(), start.clientId(), "the command carries the Ack's clientId");
        assertEquals("Say hello.", start.command().start().text());
        IpcMessage completed = parse(frames.get(frames.size() - 2));
        RooTaskEvent event = completed.event();
        assertEquals(RooEventName.TASK_COMPLETED, event.name());
        assertEquals(4, event.payload().size());
        assertEquals(new TokenUsage(1234, 56, 0L, 0L, 0.0123, 1290), event.tokenUsage().orElseThrow());
        assertEquals(ToolUsage.none().with(ToolName.ATTEMPT_COMPLETION, new ToolAttempts(1, 0)),
                ToolUsage.parse(event.payload().get(2), "payload[2]"));
    }

    @org.junit.jupiter.api.Test
    void theEvalsConfigurationIsKeptWholeInItsOrder() throws Exception {
        IpcMessage start = parse(CapturedFrames.load("tap-evals-config.txt").frames().get(1));
        JsonObject configuration = start.command().start().configuration();
        assertEquals(47, configuration.size(), "EVALS_SETTINGS of types 1.115.0 has 47 keys");
        assertEquals("openrouter", configuration.get("apiProvider").getAsString());
        assertEquals(1447, ("{\"type\":\"message\",\"data\":" + start.toJson() + "}\f").getBytes(StandardCharsets.UTF_8).length);
    }

    private static IpcMessage parse(CapturedFrames.Frame frame) throws RooSchemaException {
        String json = frame.text().substring(0, frame.text().length() - 1);
        return IpcMessage.parse(JsonParser.parseString(json).getAsJsonObject().get("data"));
    }

    private static IpcMessage parseUnchecked(CapturedFrames.Frame frame) {
        try {
            return parse(frame);
        } catch (RooSchemaException e) {
            throw new AssertionError(e);
        }
    }
}
