package dev.localipc.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboundTest {

    /** Records each write call; the first one waits until released, so that frames pile up behind it. */
    private static final class GatedStream extends OutputStream {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch firstWriteStarted = new CountDownLatch(1);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> writes = new ArrayList<>();
        int flushes;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            firstWriteStarted.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                writes.add(len);
                bytes.write(b, off, len);
            }
        }

        @Override
        public synchronized void flush() {
            flushes++;
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static final class Owner implements Outbound.Owner {
        final LinkedBlockingQueue<String> closed = new LinkedBlockingQueue<>();

        @Override
        public void closeNow(String reason) {
            closed.add(reason);
        }

        @Override
        public String peerName() {
            return "test peer";
        }

        @Override
        public byte[] overloadedFrame(int framesWaiting) {
            return dev.localipc.core.internal.wire.Frames.connectionError(-32007, "overloaded: your outbound queue is full ("
                    + framesWaiting + " frames waiting): read faster or subscribe to fewer topics");
        }
    }

    private static byte[] frame(int i) {
        return ("{\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void framesWaitingBehindAWriteGoOutCoalescedAndInOrder() throws Exception {
        GatedStream stream = new GatedStream();
        Outbound outbound = new Outbound(stream, new Owner(), 10_000, 1 << 30);
        assertTrue(outbound.send(frame(0), false));
        assertTrue(stream.firstWriteStarted.await(10, TimeUnit.SECONDS));
        for (int i = 1; i < 1000; i++) {
            assertTrue(outbound.send(frame(i), true));
        }
        stream.release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!outbound.isDrained() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            expected.append("{\"n\":").append(i).append("}\n");
        }
        assertEquals(expected.toString(), stream.text());
        assertTrue(stream.writes.size() <= 4, "999 waiting frames took " + stream.writes.size() + " writes");
        assertEquals(1000, outbound.framesOut());
        assertTrue(stream.flushes >= 1);
    }

    @Test
    void anIdleConnectionIsWrittenDirectlyByTheCaller() {
        Thread caller = Thread.currentThread();
        List<Thread> writers = new ArrayList<>();
        OutputStream spy = new OutputStream() {
            @Override
            public void write(int b) {
                writers.add(Thread.currentThread());
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writers.add(Thread.currentThread());
            }
        };
        Outbound direct = new Outbound(spy, new Owner(), 10, 1 << 20);
        assertTrue(direct.send(frame(1), true));
        assertEquals(List.of(caller), writers);
        assertTrue(direct.isDrained());
        assertEquals(1, direct.framesOut());
    }

    @Test
    void aFullQueueDropsTheBacklogAnswers32007AndCloses() throws Exception {
        GatedStream stream = new GatedStream();
        Owner owner = new Owner();
        Outbound outbound = new Outbound(stream, owner, 10, 1 << 20);
        assertTrue(outbound.send(frame(0), false));
        assertTrue(stream.firstWriteStarted.await(10, TimeUnit.SECONDS));
        for (int i = 1; i <= 10; i++) {
            assertTrue(outbound.send(frame(i), false), "frame " + i);
        }
        assertFalse(outbound.send(frame(11), false));
        assertFalse(outbound.send(frame(12), false));
        assertTrue(outbound.isClosing());
        stream.release.countDown();
        assertEquals("outbound queue full (slow consumer)", owner.closed.poll(10, TimeUnit.SECONDS));
        assertEquals("{\"n\":0}\n{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32007,\"message\":\"overloaded: your outbound"
                + " queue is full (10 frames waiting): read faster or subscribe to fewer topics\"}}\n", stream.text());
    }
}
