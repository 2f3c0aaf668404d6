package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in, in test code only, for {@code localipc task --wire node-ipc} on top of ipc-core's
 * future node-ipc wire format: a plain JDK Unix socket that feeds each frame to a
 * {@link RooClientSession} and does what its steps say, until it has an outcome.
 */
final class StandInNodeIpcClient {
    /** What the run printed and noted, and how it ended. */
    record Run(RooClientOutcome outcome, List<String> printed, List<String> notes) {
    }

    static Run run(Path socket, RooClientSession session) throws IOException {
        List<String> printed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (true) {
                if (channel.read(buffer.clear()) < 0) {
                    RooClientStep step = session.onDisconnect();
                    notes.add(step.note());
                    return new Run(step.outcome(), printed, notes);
                }
                for (int i = 0; i < buffer.position(); i++) {
                    byte b = buffer.get(i);
                    if (b != '\f') {
                        frame.write(b);
                        continue;
                    }
                    String text = frame.toString(StandardCharsets.UTF_8);
                    frame.reset();
                    RooClientStep step = deliver(session, text);
                    printed.addAll(step.print());
                    if (step.note() != null) {
                        notes.add(step.note());
                    }
                    for (IpcMessage message : step.send()) {
                        JsonObject envelope = new JsonObject();
                        envelope.addProperty("type", "message");
                        envelope.add("data", message.toJson());
                        ByteBuffer bytes = ByteBuffer.wrap((envelope + "\f").getBytes(StandardCharsets.UTF_8));
                        while (bytes.hasRemaining()) {
                            channel.write(bytes);
                        }
                    }
                    if (step.outcome() != null) {
                        return new Run(step.outcome(), printed, notes);
                    }
                }
            }
        }
    }

    private static RooClientStep deliver(RooClientSession session, String text) {
        JsonElement envelope;
        try {
            envelope = JsonParser.parseString(text);
        } catch (RuntimeException notJson) {
            return session.onUnusableFrame(text.isEmpty() ? "an empty frame" : "not JSON: " + notJson.getMessage());
        }
        if (envelope == null || envelope.isJsonNull() || !envelope.isJsonObject()) {
            return session.onUnusableFrame("a frame that is not a JSON object");
        }
        JsonElement type = envelope.getAsJsonObject().get("type");
        if (type == null || !type.isJsonPrimitive() || !type.getAsJsonPrimitive().isString()) {
            return session.onUnusableFrame("an envelope whose type is not a string: " + type);
        }
        if (!"message".equals(type.getAsString())) {
            return session.onUnusableFrame("an envelope of type \"" + type.getAsString() + "\"");
        }
        return session.onMessage(envelope.getAsJsonObject().get("data"));
    }
}
