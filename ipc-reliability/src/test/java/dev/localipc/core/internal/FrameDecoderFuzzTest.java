package dev.localipc.core.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Coverage-guided fuzzing (Jazzer) of what a peer's bytes go through first: {@link FrameReader}
 * (framing, CRLF, the size limit, strict UTF-8), {@link StrictJson} and {@link Message}. The
 * properties: nothing but the documented exceptions escapes, a frame never exceeds the limit nor
 * contains a newline, and every parsed value is classified.
 *
 * <p>In the normal build Jazzer runs in regression mode: the seeds under
 * {@code src/test/resources/dev/localipc/core/internal/FrameDecoderFuzzTestInputs/} and any crash
 * files there, nothing else. To fuzz: {@code JAZZER_FUZZ=1 ./mvnw -pl ipc-reliability -am verify
 * -Dtest=FrameDecoderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * '-Dsurefire.argLine=-Djazzer.instrument=dev.localipc.**,com.google.gson.**'} fuzzes for {@code maxDuration}
 * (5 minutes, libFuzzer's -max_total_time; docs/RELIABILITY.md). A crash is saved in that
 * directory and so becomes a regression test.
 */
class FrameDecoderFuzzTest {
    private static final int LIMIT = 256;

    @FuzzTest(maxDuration = "5m")
    void framesAndMessages(byte[] input) throws IOException {
        FrameReader reader = new FrameReader(new Chunked(input), LIMIT);
        while (true) {
            String frame;
            try {
                frame = reader.next();
            } catch (FrameTooLargeException e) {
                return; // the connection would be closed with -32002
            } catch (MalformedFrameException e) {
                assertNotNull(e.getMessage());
                continue; // -32700, the reader goes on after the newline
            }
            if (frame == null) {
                return;
            }
            assertFalse(frame.isEmpty(), "empty lines are skipped");
            assertTrue(frame.length() <= LIMIT, "a frame longer than the limit was returned");
            assertFalse(frame.indexOf('\n') >= 0, "a frame contains a newline");
            // A frame may end with '\r': only one CR before the LF belongs to the terminator
            // ("x\r\r\n" is the frame "x\r"), as the first fuzzing run pointed out.
            decode(frame);
        }
    }

    private static void decode(String frame) {
        JsonElement json;
        try {
            json = StrictJson.parse(frame);
        } catch (JsonParseException e) {
            assertNotNull(e.getMessage(), "a parse error without a message for the peer");
            return;
        }
        if (json.isJsonArray()) {
            for (JsonElement element : json.getAsJsonArray()) {
                classify(element);
            }
        } else {
            classify(json);
        }
    }

    private static void classify(JsonElement element) {
        Message message = Message.of(element);
        assertNotNull(message.kind());
        if (message.kind() == Message.Kind.INVALID) {
            assertNotNull(message.problem());
        }
        if (message.isCall()) {
            assertNotNull(message.method());
        }
        // what the server would send back must be one line
        String answer = Frames.error(message.id(), -32600, String.valueOf(message.problem()), null);
        assertFalse(answer.indexOf('\n') >= 0, "an answer contains a raw newline");
    }

    /** Hands the bytes out in small reads of varying size, as a socket does. */
    private static final class Chunked extends InputStream {
        private final ByteArrayInputStream in;
        private int reads;

        Chunked(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int size = Math.min(length, 1 + (reads++ * 7) % 97);
            return in.read(buffer, offset, size);
        }
    }
}
