package dev.localipc.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import dev.localipc.api.PeerIdentity;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.core.ClientInfo;
import dev.localipc.core.HandlerThreading;
import dev.localipc.core.IpcServer;
import dev.localipc.core.internal.wire.Binding;
import dev.localipc.core.internal.wire.FrameCodec;
import dev.localipc.core.internal.wire.FrameTooLargeException;
import dev.localipc.core.internal.wire.Inbound;
import dev.localipc.core.internal.wire.InboundBudget;
import dev.localipc.core.internal.wire.MessageEncoder;
import dev.localipc.core.internal.wire.ParamsTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An idle connection lets its decoder go (W5: 10,000 idle clients) and makes another at the next frame. */
class IdleDecoderTest {

    @Test
    void anIdleConnectionHoldsNoDecoderAndTheNextFrameIsStillRead() throws Exception {
        BlockingQueue<JsonElement> received = new LinkedBlockingQueue<>();
        HandlerTable.Builder handlers = HandlerTable.builder();
        handlers.<JsonElement>notification("note", JsonElement.class, (ctx, params) -> received.add(params));
        MessageEncoder encoder = FrameCodec.jsonRpc().encoder(new com.google.gson.Gson());
        ConnectionSettings settings = new ConnectionSettings(FrameCodec.jsonRpc(), encoder, new Binding(encoder.gson()),
                handlers.build(), HandlerThreading.READER_THREAD, 1 << 20, 100, 1 << 20, 0, Duration.ofSeconds(5),
                InboundBudget.UNLIMITED, false);
        PipedOutputStream peer = new PipedOutputStream();
        PipedInputStream input = new PipedInputStream(peer, 1 << 16);
        Connection connection = new Connection(new PipeTransport(input), settings, new ReadyProtocol(), "test peer", null);
        connection.start(task -> new Thread(task, "idle-decoder-test-reader").start());
        try {
            assertFalse(connection.holdsDecoder(), "nothing read yet: no decoder made");

            send(peer, "{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":{\"n\":1}}\n");
            assertEquals("{\"n\":1}", String.valueOf(received.poll(10, TimeUnit.SECONDS)));
            assertTrue(connection.holdsDecoder(), "a frame was just read");

            connection.tick(System.nanoTime());
            assertTrue(connection.holdsDecoder(), "not idle long enough to let it go");
            connection.tick(System.nanoTime() + Connection.DECODER_IDLE_NANOS + 1);
            assertFalse(connection.holdsDecoder(), "idle past the limit: let go");

            send(peer, "{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":{\"n\":2}}\n");
            assertEquals("{\"n\":2}", String.valueOf(received.poll(10, TimeUnit.SECONDS)));
            assertTrue(connection.holdsDecoder(), "made again for the next frame");
        } finally {
            connection.closeNow("test over");
            peer.close();
        }
    }

    private static void send(OutputStream peer, String frame) throws IOException {
        peer.write(frame.getBytes(StandardCharsets.UTF_8));
        peer.flush();
    }

    /** One side of a connection over a pipe: what the test writes is what the connection reads. */
    private static final class PipeTransport implements TransportConnection {
        private final InputStream input;
        private final OutputStream output = new ByteArrayOutputStream();
        private volatile boolean open = true;

        PipeTransport(InputStream input) {
            this.input = input;
        }

        @Override
        public InputStream input() {
            return input;
        }

        @Override
        public OutputStream output() {
            return output;
        }

        @Override
        public PeerIdentity peer() {
            return PeerIdentity.unknown();
        }

        @Override
        public TransportAddress address() {
            return null;
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() throws IOException {
            open = false;
            input.close();
        }
    }

    /** A protocol that is ready from the start and has no library methods. */
    private static final class ReadyProtocol implements Protocol {
        @Override
        public ParamsTarget libraryTarget(String method, boolean request) {
            return null;
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public void beforeReady(Connection connection, Inbound frame) {
        }

        @Override
        public boolean frameTooLarge(Connection connection, FrameTooLargeException e) {
            return false;
        }

        @Override
        public Runnable onReaderThread(Connection connection, Inbound.Notification notification) {
            return null;
        }

        @Override
        public Object library(Connection connection, Inbound call) {
            return null;
        }

        @Override
        public String clientId() {
            return "test";
        }

        @Override
        public ClientInfo clientInfo() {
            return null;
        }

        @Override
        public IpcServer server() {
            throw new IllegalStateException("no server in this test");
        }

        @Override
        public void connectionError(Connection connection, int code, String message) {
        }

        @Override
        public void tick(Connection connection, long now) {
        }

        @Override
        public void closed(Connection connection, String reason) {
        }
    }
}
