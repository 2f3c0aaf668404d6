package dev.localipc.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Coverage-guided fuzzing (Jazzer) of what a peer's bytes go through first: {@link FrameReader}
 * (framing, CRLF, the size limit) and {@link MessageDecoder}. The properties: nothing but the
 * documented exceptions escapes, a frame never exceeds the limit nor contains a newline, every
 * frame is decoded into an {@link Inbound} (never a throw), and every answer to a refused frame
 * is one line.
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

    private static final Targets NOTHING = new Targets() {
        @Override
        public ParamsTarget target(String method, boolean request) {
            return method.equals("m") ? () -> JsonElement.class : null;
        }

        @Override
        public PendingCall pending(long id) {
            return null;
        }
    };

    @FuzzTest(maxDuration = "5m")
    void framesAndMessages(byte[] input) throws IOException {
        FrameReader reader = new FrameReader(new Chunked(input), LIMIT);
        MessageDecoder decoder = new MessageDecoder(NOTHING, new Binding(Frames.defaultGson()));
        Frames frames = new Frames(Frames.defaultGson());
        while (true) {
            try {
                if (!reader.advance()) {
                    return;
                }
            } catch (FrameTooLargeException e) {
                return; // the connection would be closed with -32002
            }
            byte[] bytes = reader.frameBytes();
            int start = reader.frameStart();
            int length = reader.frameLength();
            assertTrue(length > 0, "empty lines are skipped");
            assertTrue(length <= LIMIT, "a frame longer than the limit was returned");
            for (int i = start; i < start + length; i++) {
                assertFalse(bytes[i] == '\n', "a frame contains a newline");
            }
            // A frame may end with '\r': only one CR before the LF belongs to the terminator
            // ("x\r\r\n" is the frame "x\r"), as the first fuzzing run pointed out.
            answer(frames, decoder.decode(bytes, start, length));
        }
    }

    /** What the server would send back must be one line. */
    private static void answer(Frames frames, Inbound decoded) {
        assertNotNull(decoded);
        if (decoded instanceof Inbound.Batch batch) {
            batch.members().forEach(member -> answer(frames, member));
        } else if (decoded instanceof Inbound.Invalid invalid) {
            assertNotNull(invalid.message());
            byte[] answer = frames.error(invalid.id(), invalid.code(), invalid.message(), null);
            for (int i = 0; i < answer.length - 1; i++) {
                assertFalse(answer[i] == '\n', "an answer contains a raw newline");
            }
        }
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
