package dev.localipc.core;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile local process for {@link AdmissionTest}, with nothing but the JDK: it attacks the
 * socket {@code args[1]} the way {@code args[0]} names, with {@code args[2]} connections, until
 * it is killed. The token ({@code LOCALIPC_TOKEN}) is used only by the attacks that need an
 * authenticated connection. It prints {@code ATTACKING} once the attack runs, and every second a
 * line {@code STATS <connections opened> <connections the server closed>}.
 *
 * <ul>
 *   <li>{@code slowloris}: keeps N connections that each sent half a hello; reopens those the server closes;</li>
 *   <li>{@code wrong-token}: keeps N connections sending a hello with a wrong token, again and again;</li>
 *   <li>{@code torn}: keeps N connections that send half a hello and close at once, over and over;</li>
 *   <li>{@code nesting-bomb}: an authenticated connection that sends arrays nested 200,000 deep;</li>
 *   <li>{@code request-flood}: an authenticated connection pipelining requests as fast as it can (reading the answers
 *       on another thread); when the server cuts it off it connects again;</li>
 *   <li>{@code never-read}: N authenticated connections subscribed to topic {@code flood} that never read; reopened when closed;</li>
 *   <li>{@code large-frames}: N authenticated connections that each send {@code args[3]} bytes without a newline, then hold.</li>
 * </ul>
 */
public final class HostileMain {
    private static final byte[] HALF_HELLO = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hel".getBytes(StandardCharsets.UTF_8);

    private final Path socket;
    private final String token;
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong closedByServer = new AtomicLong();

    private HostileMain(Path socket, String token) {
        this.socket = socket;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        HostileMain attack = new HostileMain(Path.of(args[1]), System.getenv("LOCALIPC_TOKEN"));
        int count = Integer.parseInt(args[2]);
        Thread stats = new Thread(attack::printStats, "stats");
        stats.setDaemon(true);
        stats.start();
        switch (args[0]) {
            case "slowloris" -> attack.holdOpen(count, HALF_HELLO, false);
            case "wrong-token" -> attack.holdOpen(count, hello(String.format("%064x", 42)), true);
            case "torn" -> attack.torn(count);
            case "nesting-bomb" -> attack.nestingBomb();
            case "request-flood" -> attack.requestFlood();
            case "never-read" -> attack.neverRead(count);
            case "large-frames" -> attack.largeFrames(count, Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("unknown attack " + args[0]);
        }
    }

    private static byte[] hello(String token) {
        return ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + token + "\",\"protocol\":1}}\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void printStats() {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("STATS " + opened.get() + " " + closedByServer.get());
        }
    }

    private SocketChannel open() throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        opened.incrementAndGet();
        return channel;
    }

    private static void writeAll(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** N connections that each sent {@code first}; each one the server closes is opened again (and {@code first} sent again). */
    private void holdOpen(int count, byte[] first, boolean announceAtOnce) throws IOException {
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < count; i++) {
                register(selector, first);
            }
            System.out.println("ATTACKING");
            ByteBuffer sink = ByteBuffer.allocate(4096);
            while (true) {
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    int read;
                    try {
                        read = channel.read(sink.clear());
                    } catch (IOException reset) {
                        read = -1;
                    }
                    if (read < 0) {
                        key.cancel();
                        channel.close();
                        closedByServer.incrementAndGet();
                        register(selector, first);
                    }
                }
                selector.selectedKeys().clear();
            }
        }
    }

    private void register(Selector selector, byte[] first) throws IOException {
        SocketChannel channel = open();
        try {
            writeAll(channel, first);
        } catch (IOException refused) {
            // the server closed it at once; it is counted when the read sees the end
        }
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ);
    }

    private void torn(int count) throws IOException {
        System.out.println("ATTACKING");
        while (true) {
            for (int i = 0; i < count; i++) {
                try (SocketChannel channel = open()) {
                    writeAll(channel, HALF_HELLO);
                } catch (IOException refused) {
                    closedByServer.incrementAndGet();
                }
            }
        }
    }

    private SocketChannel authenticated() throws IOException {
        SocketChannel channel = open();
        writeAll(channel, hello(token));
        ByteBuffer ack = ByteBuffer.allocate(4096);
        while (ack.position() == 0 || ack.get(ack.position() - 1) != '\n') {
            if (channel.read(ack) < 0) {
                throw new IOException("the server closed the connection before its ack: "
                        + new String(ack.array(), 0, ack.position(), StandardCharsets.UTF_8));
            }
        }
        return channel;
    }

    /** Reads and drops whatever the server sends on {@code channel}, on a daemon thread. */
    private void drain(SocketChannel channel) {
        Thread reader = new Thread(() -> {
            ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
            try {
                while (channel.read(sink.clear()) >= 0) {
                    // dropped
                }
            } catch (IOException closed) {
                // the end
            }
            closedByServer.incrementAndGet();
        }, "drain");
        reader.setDaemon(true);
        reader.start();
    }

    private void nestingBomb() throws IOException {
        byte[] bomb = ("[".repeat(200_000) + "]".repeat(200_000) + "\n").getBytes(StandardCharsets.UTF_8);
        SocketChannel channel = authenticated();
        drain(channel);
        System.out.println("ATTACKING");
        while (true) {
            writeAll(channel, bomb);
        }
    }

    /** Pipelines requests faster than it reads the answers; when the server cuts it off (-32007), it comes back. */
    private void requestFlood() throws IOException {
        StringBuilder batch = new StringBuilder();
        for (long id = 2; id < 2 + 2000; id++) {
            batch.append("{\"jsonrpc\":\"2.0\",\"id\":").append(id).append(",\"method\":\"echo\",\"params\":[").append(id).append("]}\n");
        }
        byte[] requests = batch.toString().getBytes(StandardCharsets.UTF_8);
        System.out.println("ATTACKING");
        while (true) {
            SocketChannel channel = authenticated();
            drain(channel);
            try {
                while (true) {
                    writeAll(channel, requests);
                }
            } catch (IOException cutOff) {
                channel.close();
            }
        }
    }

    private void neverRead(int count) throws Exception {
        byte[] subscribe = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ipc.subscribe\",\"params\":{\"topics\":[\"flood\"]}}\n"
                .getBytes(StandardCharsets.UTF_8);
        SocketChannel[] channels = new SocketChannel[count];
        System.out.println("ATTACKING");
        while (true) {
            for (int i = 0; i < count; i++) {
                if (channels[i] == null || !stillOpen(channels[i])) {
                    if (channels[i] != null) {
                        channels[i].close();
                        closedByServer.incrementAndGet();
                    }
                    channels[i] = authenticated();
                    writeAll(channels[i], subscribe);
                }
            }
            Thread.sleep(200);
        }
    }

    /** Whether the server still holds {@code channel} open: a zero-byte non-blocking write fails once it closed. */
    private static boolean stillOpen(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
            channel.configureBlocking(true);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    private void largeFrames(int count, int bytes) throws Exception {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        SocketChannel[] channels = new SocketChannel[count];
        for (int i = 0; i < count; i++) {
            channels[i] = authenticated();
            drain(channels[i]);
        }
        System.out.println("ATTACKING");
        Thread[] senders = new Thread[count];
        for (int i = 0; i < count; i++) {
            SocketChannel channel = channels[i];
            senders[i] = new Thread(() -> {
                try {
                    for (int sent = 0; sent < bytes; sent += chunk.length) {
                        writeAll(channel, chunk);
                    }
                } catch (IOException refused) {
                    // the server refused the frame and closed
                }
            });
            senders[i].start();
        }
        for (Thread sender : senders) {
            sender.join();
        }
        System.out.println("SENT");
        Thread.sleep(Long.MAX_VALUE);
    }
}
