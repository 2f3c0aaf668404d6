package dev.localipc.transport.windows;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A second JVM for cross-process tests on Windows: listens on the pipe named by its first
 * argument with the real transport, prints {@code LISTENING pid=<pid>}, then echoes what each
 * client sends until that client half-closes, and closes the connection.
 *
 * <pre>{@code
 * java -cp <test class path> dev.localipc.transport.windows.PipeServerProcess \\.\pipe\app-user-x C:\tmp\run
 * }</pre>
 */
public final class PipeServerProcess {
    private PipeServerProcess() {
    }

    /** Arguments: the pipe name, the runtime directory. Runs until killed. */
    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[1]);
        TransportAddress address = new TransportAddress(WindowsTransportProvider.NAME, Endpoint.of("localipc-test", "other"),
                args[0], directory, directory.resolve("other.token"));
        try (TransportListener listener = new WindowsTransportProvider().listen(address,
                ListenOptions.builder().installShutdownHook(false).build())) {
            System.out.println("LISTENING pid=" + ProcessHandle.current().pid());
            System.out.flush();
            while (true) {
                try (TransportConnection connection = listener.accept()) {
                    InputStream in = connection.input();
                    OutputStream out = connection.output();
                    in.transferTo(out);
                    connection.shutdownOutput();
                } catch (java.io.IOException peerLeft) {
                    // A client that left early (such as another listener's probe of the name): serve the next one.
                    System.err.println("client gone: " + peerLeft);
                }
            }
        }
    }
}
