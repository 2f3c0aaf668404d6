package dev.localipc.transport.unix;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;

/**
 * A client in its own JVM (possibly as another user) for cross-process tests:
 * {@code ProbeClientMain <runtimeDir> <name> <expectedServerUid>}, or {@code ProbeClientMain --socket <path>
 * <expectedServerUid>} for an explicit socket path. Connects, sends "hello",
 * and prints {@code ECHO <text>} if the server answered, {@code CLOSED <how>} if the server
 * closed the connection without sending a byte, or {@code CONNECT-FAILED <error>}.
 */
public final class ProbeClientMain {
    private ProbeClientMain() {
    }

    /** Runs {@code command} (a JVM running this class) and returns its verdict line: ECHO, CLOSED, CONNECT-FAILED... */
    static String verdict(List<String> command, Duration wait) throws IOException, InterruptedException {
        try (TestJvm client = TestJvm.start(command)) {
            String line = client.awaitLine("", wait);
            while (!line.matches("(CLOSED|ECHO|CONNECT-FAILED|CLOSE-FAILED).*")) {
                line = client.awaitLine("", wait);
            }
            client.awaitExit(wait);
            return line;
        }
    }

    public static void main(String[] args) {
        UnixTransportProvider unix = new UnixTransportProvider();
        TransportAddress address = unix.resolve(TestEndpoints.fromArguments(args[0], args[1]));
        ConnectOptions options = ConnectOptions.builder().expectedServerUid(Long.parseLong(args[2])).build();
        TransportConnection connection;
        try {
            connection = unix.connect(address, options);
        } catch (IOException | RuntimeException failed) {
            System.out.println("CONNECT-FAILED " + failed);
            return;
        }
        try (connection) {
            try {
                connection.output().write("hello".getBytes(UTF_8));
                connection.shutdownOutput();
            } catch (IOException refused) {
                System.out.println("CLOSED write failed: " + refused);
                return;
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = connection.input();
            byte[] buffer = new byte[256];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                System.out.println(received.size() == 0 ? "CLOSED read failed: " + reset : "ECHO " + received.toString(UTF_8));
                return;
            }
            System.out.println(received.size() == 0 ? "CLOSED end of stream" : "ECHO " + received.toString(UTF_8));
        } catch (IOException closing) {
            System.out.println("CLOSE-FAILED " + closing);
        }
    }
}
