package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node-ipc wire format ({@link WireFormat#nodeIpc()}) over the real Unix transport, with a
 * raw peer that writes node-ipc 12's bytes ({@code {"type","data"}} then a form feed): what the
 * peer sends reaches the handlers bound, what the server sends arrives as node-ipc frames, frames
 * coalesced, split and byte by byte, and WIRE.md's hostile frames are dropped without harming
 * the connection. The real node-ipc peers run against the task runner in ipc-examples.
 */
@DisabledOnOs(OS.WINDOWS)
class NodeIpcWireTest {
    private static final TransportProvider UNIX = Transports.byName("unix");

    record Note(String text, int n) {
    }

    @TempDir
    Path directory;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private Endpoint endpoint() {
        return Endpoint.builder("nodeipc").name("srv").runtimeDirectory(directory).build();
    }

    /** A node-ipc server: greets each connection, echoes "message" data back as "reply", counts what it dropped. */
    private IpcServer server() throws IOException {
        IpcServer[] server = new IpcServer[1];
        server[0] = IpcServer.builder(endpoint()).transport(UNIX).wireFormat(WireFormat.nodeIpc())
                .onClientConnected(client -> server[0].send(client.clientId(), "hello", new Note(client.clientId(), 0)))
                .onNotification("message", Note.class, (ctx, note) -> {
                    received.add(ctx.clientId() + ":" + note);
                    ctx.notifyPeer("reply", new Note(note.text().toUpperCase(), note.n() + 1));
                })
                .build().start();
        open.add(server[0]);
        return server[0];
    }

    @Test
    void aNodeIpcPeerIsGreetedFirstAndItsMessagesReachTheHandlerBound() throws Exception {
        IpcServer server = server();
        try (Peer peer = new Peer(server)) {
            String greeting = peer.frame();
            String clientId = server.clients().get(0).clientId();
            assertEquals("{\"type\":\"hello\",\"data\":{\"text\":\"" + clientId + "\",\"n\":0}}", greeting);
            peer.write("{\"type\":\"message\",\"data\":{\"text\":\"abc\",\"n\":1}}\f");
            assertEquals("{\"type\":\"reply\",\"data\":{\"text\":\"ABC\",\"n\":2}}", peer.frame());
            assertEquals(clientId + ":Note[text=abc, n=1]", received.poll(10, TimeUnit.SECONDS));
            assertEquals(1, server.broadcast("news", new Note("all", 3)));
            assertEquals("{\"type\":\"news\",\"data\":{\"text\":\"all\",\"n\":3}}", peer.frame());
        }
    }

    @Test
    void framesCoalescedSplitAndByteByByteAreReadTheSame() throws Exception {
        IpcServer server = server();
        try (Peer peer = new Peer(server)) {
            peer.frame();
            peer.write("{\"type\":\"message\",\"data\":{\"text\":\"a\",\"n\":1}}\f{\"data\":{\"n\":2,\"text\":\"b\"},\"type\":\"message\"}\f");
            String split = "{\"type\":\"message\",\"data\":{\"text\":\"\u00e9t\u00e9 \\f\",\"n\":3}}\f";
            byte[] bytes = split.getBytes(StandardCharsets.UTF_8);
            peer.writeBytes(java.util.Arrays.copyOfRange(bytes, 0, 20));
            Thread.sleep(50);
            peer.writeBytes(java.util.Arrays.copyOfRange(bytes, 20, bytes.length));
            for (byte b : "{\"type\":\"message\",\"data\":{\"text\":\"d\",\"n\":4}}\f".getBytes(StandardCharsets.UTF_8)) {
                peer.writeBytes(new byte[] {b});
            }
            assertEquals("{\"type\":\"reply\",\"data\":{\"text\":\"A\",\"n\":2}}", peer.frame());
            assertEquals("{\"type\":\"reply\",\"data\":{\"text\":\"B\",\"n\":3}}", peer.frame());
            assertEquals("{\"type\":\"reply\",\"data\":{\"text\":\"\u00c9T\u00c9 \\f\",\"n\":4}}", peer.frame());
            assertEquals("{\"type\":\"reply\",\"data\":{\"text\":\"D\",\"n\":5}}", peer.frame());
        }
    }

    @Test
    void hostileFramesAreDroppedAndTheConnectionGoesOn() throws Exception {
        IpcServer server = server();
        try (Peer peer = new Peer(server)) {
            peer.frame();
            for (String hostile : new String[] {
                "{\"data\":{\"text\":\"no type\",\"n\":1}}",          // an envelope without a type
                "{\"type\":5,\"data\":{}}",                            // a type that is not a string
                "{\"type\":null}",
                "",                                                    // an empty frame
                "{not json",                                           // invalid JSON
                "[1,2]",                                               // not an object
                "{\"type\":\"disconnect\",\"data\":{}}",               // node-ipc's own event names are just names here
                "{\"type\":\"ipc.bye\",\"data\":{}}",                  // no library methods on this wire
                "{\"type\":\"message\",\"data\":{\"text\":{}}}",        // data that does not fit the handler
                "{\"type\":\"message\",\"data\":{\"text\":\"x\",\"n\":1},\"clientId\":\"spoofed\"}",
            }) {
                peer.write(hostile + "\f");
            }
            peer.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, '\f'});
            peer.write("{\"type\":\"message\",\"data\":{\"text\":\"still here\",\"n\":9}}\f");
            assertEquals("{\"type\":\"reply\",\"data\":{\"text\":\"X\",\"n\":2}}", peer.frame(),
                    "only the one valid message was answered, routed by the connection");
            assertEquals("{\"type\":\"reply\",\"data\":{\"text\":\"STILL HERE\",\"n\":10}}", peer.frame());
            String clientId = server.clients().get(0).clientId();
            assertEquals(clientId + ":Note[text=x, n=1]", received.poll(10, TimeUnit.SECONDS), "the spoofed clientId is data");
            assertEquals(1, server.clients().size(), "the connection is still there");
        }
    }

    @Test
    void dataWithAMemberNamedTwiceIsBoundWithItsLastValueAsJsonParseDoes() throws Exception {
        IpcServer server = server();
        try (Peer peer = new Peer(server)) {
            peer.frame();
            // node-ipc's JSON.parse keeps the last value; the first one here does not even fit the field
            peer.write("{\"type\":\"message\",\"data\":{\"text\":{},\"n\":1,\"text\":\"last\"}}\f");
            assertEquals("{\"type\":\"reply\",\"data\":{\"text\":\"LAST\",\"n\":2}}", peer.frame());
        }
    }

    @Test
    void aJavaClientSpeaksNodeIpcToo() throws Exception {
        IpcServer server = server();
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        try (IpcClient client = IpcClient.builder(endpoint()).transport(UNIX).wireFormat(WireFormat.nodeIpc()).reconnect(false)
                .onNotification("hello", Note.class, (ctx, note) -> replies.add("hello " + note.n()))
                .onNotification("reply", Note.class, (ctx, note) -> replies.add(note.text()))
                .connect()) {
            assertEquals("hello 0", replies.poll(10, TimeUnit.SECONDS));
            client.notify("message", new Note("java", 1));
            assertEquals("JAVA", replies.poll(10, TimeUnit.SECONDS));
            ExecutionException noRequests = assertThrows(ExecutionException.class,
                    () -> client.request("message", new Note("x", 1), JsonElement.class).get(10, TimeUnit.SECONDS));
            assertInstanceOf(UnsupportedOperationException.class, noRequests.getCause());
            assertEquals("cannot send the request message: this client speaks node-ipc, which has no requests; send a"
                    + " notification instead", noRequests.getCause().getMessage());
            IllegalStateException noTopics = assertThrows(IllegalStateException.class,
                    () -> client.subscribe("t", JsonElement.class, (data, seq) -> { }));
            assertEquals("cannot subscribe to topic t: this client speaks node-ipc, which has no topics; take its"
                    + " notifications with onNotification", noTopics.getMessage());
        }
        IllegalStateException noPublish = assertThrows(IllegalStateException.class, () -> server.publish("t", 1));
        assertEquals("cannot publish to topic t: this server speaks node-ipc, which has no topics; broadcast a"
                + " notification instead", noPublish.getMessage());
    }

    @Test
    void atAnExplicitSocketPathNodeIpcNeedsNoTokenAndWritesNoOtherFile() throws Exception {
        Path socket = directory.resolve("roo.sock");
        IpcServer[] server = new IpcServer[1];
        server[0] = IpcServer.builder(Endpoint.ofSocketPath(socket)).transport(UNIX).wireFormat(WireFormat.nodeIpc())
                .onClientConnected(client -> server[0].send(client.clientId(), "hello", new Note(client.clientId(), 0)))
                .build().start();
        open.add(server[0]);
        assertEquals(List.of(socket), listDirectory(), "the socket is the only file");
        BlockingQueue<String> hellos = new LinkedBlockingQueue<>();
        try (IpcClient client = IpcClient.builder(Endpoint.ofSocketPath(socket)).transport(UNIX).wireFormat(WireFormat.nodeIpc())
                .reconnect(false).onNotification("hello", Note.class, (ctx, note) -> hellos.add(note.text())).connect()) {
            String hello = hellos.poll(10, TimeUnit.SECONDS); // first: connect() may return before the server lists the client
            assertEquals(server[0].clients().get(0).clientId(), hello);
        }
    }

    @Test
    void aJsonRpcClientAtAnExplicitSocketPathWithoutATokenIsToldWhereToGetOne() {
        Path socket = directory.resolve("rpc.sock");
        IOException noToken = assertThrows(IOException.class,
                () -> IpcClient.builder(Endpoint.ofSocketPath(socket)).transport(UNIX).reconnect(false).connect());
        assertEquals("no token for " + socket + ": a server at an explicit socket path publishes no token file; pass the"
                + " server's token with the builder's token(...) or tokenFile(...), or set LOCALIPC_TOKEN", noToken.getMessage());
    }

    private List<Path> listDirectory() throws IOException {
        try (var entries = java.nio.file.Files.list(directory)) {
            return entries.toList();
        }
    }

    /** A raw node-ipc peer: writes bytes, reads frames up to each form feed. */
    private final class Peer implements AutoCloseable {
        private final TransportConnection connection;
        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

        Peer(IpcServer server) throws IOException {
            connection = UNIX.connect(server.address(), ConnectOptions.defaults());
            Thread reader = new Thread(this::read, "node-ipc-peer");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            try {
                InputStream in = connection.input();
                int b;
                while ((b = in.read()) >= 0) {
                    if (b == '\f') {
                        frames.add(frame.toString(StandardCharsets.UTF_8));
                        frame.reset();
                    } else {
                        frame.write(b);
                    }
                }
            } catch (IOException closed) {
                // the end
            }
        }

        String frame() throws InterruptedException {
            String next = frames.poll(10, TimeUnit.SECONDS);
            assertTrue(next != null, "no frame within 10 s");
            return next;
        }

        void write(String text) throws IOException {
            writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }

        void writeBytes(byte[] bytes) throws IOException {
            connection.output().write(bytes);
            connection.output().flush();
        }

        @Override
        public void close() throws IOException {
            connection.close();
        }
    }
}
