package dev.localipc.core.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** An event frame is written straight into a queue at an offset: the same bytes as {@link EventFrame#withSeq}, for any seq. */
class EventFrameTest {
    @Test
    void theFrameWrittenAtAnOffsetIsTheFrameForItsSeq() {
        EventFrame event = new EventFrame("t", "{\"n\":1}");
        for (long seq : new long[] {0, 1, 9, 10, 99, 100, 12345, 999_999_999_999L, Long.MAX_VALUE}) {
            String expected = "{\"jsonrpc\":\"2.0\",\"method\":\"ipc.event\",\"params\":{\"topic\":\"t\",\"seq\":" + seq
                    + ",\"data\":{\"n\":1}}}\n";
            assertEquals(expected.length(), event.length(seq), "length for seq " + seq);
            assertEquals(expected, new String(event.withSeq(seq), StandardCharsets.UTF_8));
            byte[] queue = new byte[3 + expected.length() + 2];
            Arrays.fill(queue, (byte) '#');
            event.writeTo(queue, 3, seq);
            assertEquals("###" + expected + "##", new String(queue, StandardCharsets.UTF_8), "written at offset 3, seq " + seq);
        }
    }
}
