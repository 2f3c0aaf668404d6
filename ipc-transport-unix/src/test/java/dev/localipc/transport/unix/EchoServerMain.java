package dev.localipc.transport.unix;

import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.VirtualThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ThreadFactory;

/**
 * A server in its own JVM for cross-process tests: {@code EchoServerMain <runtimeDir> <name> [token]}, or
 * {@code EchoServerMain --socket <path> [token]} at an explicit socket path.
 * Prints {@code READY <socket>} once listening, then echoes every connection until killed.
 */
public final class EchoServerMain {
    private EchoServerMain() {
    }

    public static void main(String[] args) throws IOException {
        UnixTransportProvider unix = new UnixTransportProvider();
        TransportAddress address = unix.resolve(TestEndpoints.fromArguments(args[0], args[1]));
        ListenOptions.Builder options = ListenOptions.builder();
        if (args.length > 2) {
            options.token(args[2]);
        }
        TransportListener listener = unix.listen(address, options.build());
        System.out.println("READY " + address.location());
        System.out.flush();
        ThreadFactory threads = VirtualThreads.factory("echo-");
        while (true) {
            TransportConnection connection = listener.accept();
            threads.newThread(() -> echo(connection)).start();
        }
    }

    private static void echo(TransportConnection connection) {
        try (connection) {
            InputStream in = connection.input();
            OutputStream out = connection.output();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException failed) {
            System.out.println("ECHO FAILED " + failed);
        }
    }
}
