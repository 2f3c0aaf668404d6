package dev.localipc.core;

import java.io.ByteArrayOutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A raw client with nothing but the JDK (so that it runs from a copied class file as another
 * uid): connects to the socket {@code args[0]}, sends {@code ipc.hello} with the token
 * {@code args[1]}, and prints what the server sent before the end of the stream:
 * {@code CLOSED <bytes> <text>}, or {@code CONNECT-FAILED <exception>}.
 */
public final class RawHelloMain {
    private RawHelloMain() {
    }

    public static void main(String[] args) throws Exception {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(Path.of(args[0])));
        } catch (Exception e) {
            System.out.println("CONNECT-FAILED " + e);
            return;
        }
        try (channel) {
            String hello = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + args[1]
                    + "\",\"protocol\":1}}\n";
            try {
                channel.write(ByteBuffer.wrap(hello.getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                System.out.println("WRITE-FAILED " + e);
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            try {
                while (channel.read(buffer) >= 0) {
                    received.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
            } catch (Exception e) {
                // a reset is an end of the stream too
            }
            System.out.println("CLOSED " + received.size() + " " + received.toString(StandardCharsets.UTF_8).trim());
        }
    }
}
