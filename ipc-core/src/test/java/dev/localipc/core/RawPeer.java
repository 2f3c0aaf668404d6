package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client that is not our Java client: it writes raw bytes to the socket, as {@code nc -U} would,
 * and reads the exact lines the server sends back.
 */
final class RawPeer implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final String EOF = "\u0000EOF";

    private final TransportConnection connection;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    RawPeer(TransportProvider transport, TransportAddress address) throws IOException {
        this.connection = transport.connect(address, ConnectOptions.defaults());
        this.reader = new Thread(this::readLines, "raw-peer-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects and completes the handshake with {@code token}; returns the ack's result. */
    static RawPeer authenticated(TransportProvider transport, TransportAddress address, String token) throws IOException {
        RawPeer peer = new RawPeer(transport, address);
        peer.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + token
                + "\",\"protocol\":1,\"client\":\"raw\"}}");
        JsonObject ack = JsonParser.parseString(peer.line()).getAsJsonObject();
        assertNotNull(ack.get("result"), "handshake failed: " + ack);
        peer.ack = ack.getAsJsonObject("result");
        return peer;
    }

    JsonObject ack;

    private void readLines() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            InputStream in = connection.input();
            byte[] buffer = new byte[65536];
            int n;
            while (true) {
                synchronized (this) {
                    while (paused) {
                        wait();
                    }
                }
                n = in.read(buffer);
                if (n <= 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines.add(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else {
                        line.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // the connection closed or was reset: report it as the end of the stream
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lines.add(EOF);
    }

    private boolean paused;

    /** Stops reading from the socket after the read in progress, so that the server's writes back up. */
    synchronized void pause() {
        paused = true;
    }

    /** Reads again. */
    synchronized void resume() {
        paused = false;
        notifyAll();
    }

    /** Writes {@code json} and a newline. */
    RawPeer send(String json) throws IOException {
        return sendBytes((json + "\n").getBytes(StandardCharsets.UTF_8));
    }

    RawPeer sendBytes(byte[] bytes) throws IOException {
        connection.output().write(bytes);
        connection.output().flush();
        return this;
    }

    /** The next line the server sent (without the newline); fails on timeout or end of stream. */
    String line() {
        String next = poll(WAIT);
        if (next == null) {
            fail("no line from the server within " + WAIT.toSeconds() + " s");
        }
        if (next.equals(EOF)) {
            fail("the server closed the connection instead of sending a line");
        }
        return next;
    }

    /** The next line as a JSON object. */
    JsonObject json() {
        return JsonParser.parseString(line()).getAsJsonObject();
    }

    /** Asserts that the server sends exactly {@code expected} next. */
    void expect(String expected) {
        assertEquals(expected, line());
    }

    /** Asserts that nothing arrives within {@code quiet}. */
    void expectNothing(Duration quiet) {
        String next = poll(quiet);
        if (next != null) {
            fail("expected nothing, got " + (next.equals(EOF) ? "end of stream" : next));
        }
    }

    /** Asserts that the server closes the connection (after any lines, which are returned). */
    java.util.List<String> expectClosed() {
        java.util.List<String> before = new java.util.ArrayList<>();
        while (true) {
            String next = poll(WAIT);
            if (next == null) {
                fail("the server did not close the connection within " + WAIT.toSeconds() + " s; got " + before);
            }
            if (next.equals(EOF)) {
                return before;
            }
            before.add(next);
        }
    }

    private String poll(Duration timeout) {
        try {
            return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    TransportConnection connection() {
        return connection;
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
