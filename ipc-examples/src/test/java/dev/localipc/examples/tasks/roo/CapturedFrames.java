package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The frames of a capture in {@code src/test/resources/node-ipc-wire/} (copies of
 * {@code node-ipc-wire/samples/}: Roo Code's own IpcClient against a server, taped byte for
 * byte). A tap line reads {@code [tap#1] S->C 119 bytes: "<the frame as a JSON string>"}.
 */
record CapturedFrames(List<Frame> frames) {
    private static final Pattern TAP = Pattern.compile("^\\[tap#\\d+] (S->C|C->S) (\\d+) bytes: (\".*\")$");

    /** One frame: its direction, the byte count the tap printed, and its text (with the final form feed). */
    record Frame(boolean fromServer, int bytes, String text) {
    }

    static CapturedFrames load(String name) {
        try (InputStream in = CapturedFrames.class.getResourceAsStream("/node-ipc-wire/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource /node-ipc-wire/" + name);
            }
            List<Frame> frames = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher tap = TAP.matcher(line);
                if (tap.matches()) {
                    frames.add(new Frame(tap.group(1).equals("S->C"), Integer.parseInt(tap.group(2)),
                            JsonParser.parseString(tap.group(3)).getAsString()));
                }
            }
            return new CapturedFrames(frames);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Frame> fromServer() {
        return frames.stream().filter(Frame::fromServer).toList();
    }
}
