package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.TransportProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client binds an event's data to its listener's type in the decoder's one pass when the topic
 * comes first (as our server writes it), and falls back to binding it afterwards in every other
 * case, with the same result as the JSON tree: data before topic, data named twice (the last
 * wins, even when the first does not fit), topic named twice (the last names the listener), data
 * that does not fit (not delivered, logged; the next event still is). A raw server over the Unix
 * transport writes the frames exactly.
 */
@DisabledOnOs(OS.WINDOWS)
class EventDataBindingTest {
    private static final TransportProvider UNIX = Transports.byName("unix");
    private static final String TOKEN = "ab".repeat(32);
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    @TempDir
    Path directory;

    record N(int n) {
    }

    @Test
    void dataIsBoundInThePassWhenItCanAndAsTheTreeSaysWhenNot() throws Exception {
        List<String> events = List.of(
                "{\"topic\":\"t\",\"seq\":1,\"data\":{\"n\":1}}",                      // the usual order: bound in the pass
                "{\"data\":{\"n\":2},\"seq\":2,\"topic\":\"t\"}",                      // data before topic: bound afterwards
                "{\"topic\":\"t\",\"seq\":3,\"data\":{\"n\":\"x\"},\"data\":{\"n\":3}}", // the first data does not fit: the last wins
                "{\"topic\":\"t\",\"seq\":4,\"data\":{\"n\":40},\"data\":{\"n\":4}}",    // both fit: the last wins
                "{\"topic\":\"u\",\"seq\":5,\"data\":{\"n\":5},\"topic\":\"t\"}",        // the last topic names the listener
                "{\"topic\":\"t\",\"seq\":6,\"data\":{\"n\":\"six\"}}",                // does not fit: not delivered
                "{\"topic\":\"t\",\"seq\":7,\"data\":{\"n\":7}}");
        Endpoint endpoint = Endpoint.builder("events").name("raw").runtimeDirectory(directory).build();
        List<String> delivered = new CopyOnWriteArrayList<>();
        try (TransportListener listener = UNIX.listen(UNIX.resolve(endpoint), ListenOptions.builder().token(TOKEN).build())) {
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> serve(listener, events));
            try (IpcClient client = IpcClient.builder(endpoint).transport(UNIX).token(TOKEN).reconnect(false)
                    .handlerThreading(HandlerThreading.READER_THREAD).connect()) {
                client.subscribe("t", N.class, (data, seq) -> delivered.add(seq + ":" + data.n()));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (delivered.size() < 6 && System.nanoTime() - deadline < 0) {
                    Thread.sleep(10);
                }
            }
            server.get(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of("1:1", "2:2", "3:3", "4:4", "5:5", "7:7"), delivered);
    }

    /** Answers the hello and the subscription as docs/PROTOCOL.md section 10 shows, then writes each event. */
    private static void serve(TransportListener listener, List<String> events) {
        try (TransportConnection connection = listener.accept();
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.input(), StandardCharsets.UTF_8))) {
            OutputStream out = connection.output();
            String hello = in.readLine();
            assertTrue(hello.contains("\"ipc.hello\""), hello);
            write(out, "{\"jsonrpc\":\"2.0\",\"id\":" + id(hello) + ",\"result\":{\"clientId\":\"a3f7b9c2d1e4\","
                    + "\"session\":\"9f1c2e3d4b5a69788796a5b4c3d2e1f0\",\"server\":\"raw\",\"protocol\":1,\"pid\":1,"
                    + "\"ppid\":1,\"heartbeatMs\":0,\"maxFrameBytes\":16777216}}");
            String subscribe = in.readLine();
            assertTrue(subscribe.contains("\"ipc.subscribe\""), subscribe);
            write(out, "{\"jsonrpc\":\"2.0\",\"id\":" + id(subscribe) + ",\"result\":{\"seq\":0}}");
            for (String params : events) {
                write(out, "{\"jsonrpc\":\"2.0\",\"method\":\"ipc.event\",\"params\":" + params + "}");
            }
            in.readLine(); // until the client leaves
        } catch (Exception e) {
            throw new AssertionError("the raw server failed", e);
        }
    }

    private static String id(String frame) {
        Matcher id = ID.matcher(frame);
        assertTrue(id.find(), frame);
        return id.group(1);
    }

    private static void write(OutputStream out, String frame) throws java.io.IOException {
        out.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
