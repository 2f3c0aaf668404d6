package dev.localipc.core;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A misbehaving client in its own JVM for {@link ChaosTest}. Arguments: runtime directory,
 * endpoint name, mode, cycles; the token comes from LOCALIPC_TOKEN.
 * <ul>
 * <li>{@code worker}: subscribes and sends 64 KiB echo requests without end, printing
 *     {@code READY} after the first answer; the test SIGKILLs it, most likely mid-frame;</li>
 * <li>{@code halfwrite}: per cycle a raw connection that completes the handshake, writes half a
 *     frame and closes;</li>
 * <li>{@code flap}: per cycle connects, subscribes, asks, and closes, in a tight loop.</li>
 * </ul>
 * Prints {@code DONE <cycles>} when a finite mode ends.
 */
public final class ChaosClientMain {
    private ChaosClientMain() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        Endpoint endpoint = Endpoint.builder("rel").name(args[1]).runtimeDirectory(directory).build();
        String mode = args[2];
        int cycles = Integer.parseInt(args[3]);
        String token = System.getenv("LOCALIPC_TOKEN");
        switch (mode) {
            case "worker" -> worker(endpoint);
            case "halfwrite" -> {
                for (int i = 0; i < cycles; i++) {
                    halfWrite(directory.resolve(args[1] + ".sock"), token, i);
                }
            }
            case "flap" -> {
                for (int i = 0; i < cycles; i++) {
                    try (IpcClient client = IpcClient.builder(endpoint).reconnect(false).clientName("flap").connect()) {
                        client.subscribe("t", JsonElement.class, (data, seq) -> { });
                        client.request("echo", List.of(i), JsonElement.class).get(60, TimeUnit.SECONDS);
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.out.println("DONE " + cycles);
    }

    private static void worker(Endpoint endpoint) throws Exception {
        String payload = "w".repeat(64 * 1024);
        try (IpcClient client = IpcClient.builder(endpoint).reconnect(false).clientName("worker").connect()) {
            client.subscribe("t", JsonElement.class, (data, seq) -> { });
            boolean first = true;
            while (true) {
                client.request("echo", List.of(payload), JsonElement.class).get(60, TimeUnit.SECONDS);
                if (first) {
                    System.out.println("READY");
                    first = false;
                }
            }
        }
    }

    private static void halfWrite(Path socket, String token, int cycle) throws Exception {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + token
                    + "\",\"protocol\":1,\"client\":\"halfwrite\"}}\n").getBytes(UTF_8)));
            InputStream in = Channels.newInputStream(channel);
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IllegalStateException("the server closed before the ack");
                }
            }
            String frame = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"echo\",\"params\":[\"" + "h".repeat(1000 + cycle % 5000) + "\"]}\n";
            byte[] bytes = frame.getBytes(UTF_8);
            channel.write(ByteBuffer.wrap(bytes, 0, bytes.length / 2));
        }
    }
}
