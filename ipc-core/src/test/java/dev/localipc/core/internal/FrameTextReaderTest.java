package dev.localipc.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FrameTextReaderTest {

    @Test
    void readsEachFrameInChunksThenEndOfInputAndStartsAgainAfterReset() {
        FrameTextReader reader = new FrameTextReader();
        char[] buffer = new char[8];
        reader.reset("{\"a\":12345}");
        assertEquals(4, reader.read(buffer, 2, 4));
        assertEquals("{\"a\"", new String(buffer, 2, 4));
        assertEquals(0, reader.read(buffer, 0, 0));
        assertEquals(7, reader.read(buffer, 0, 8));
        assertEquals(":12345}", new String(buffer, 0, 7));
        assertEquals(-1, reader.read(buffer, 0, 8));
        reader.reset("[]");
        assertEquals(2, reader.read(buffer, 0, 8));
        assertEquals("[]", new String(buffer, 0, 2));
        assertEquals(-1, reader.read(buffer, 0, 8));
    }

    @Test
    void readsOnlyTheGivenRangeOfAFrame() {
        FrameTextReader reader = new FrameTextReader();
        char[] buffer = new char[16];
        reader.reset("{\"params\":{\"a\":1}}", 10, 17);
        assertEquals(7, reader.read(buffer, 0, 16));
        assertEquals("{\"a\":1}", new String(buffer, 0, 7));
        assertEquals(-1, reader.read(buffer, 0, 16));
    }
}
