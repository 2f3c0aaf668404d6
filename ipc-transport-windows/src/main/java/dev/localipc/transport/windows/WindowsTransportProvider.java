package dev.localipc.transport.windows;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportAvailability;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.transport.windows.internal.JnaWin32Pipes;
import dev.localipc.transport.windows.internal.PipeAddresses;
import dev.localipc.transport.windows.internal.PipeTransport;
import dev.localipc.transport.windows.internal.Win32Pipes;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@code "windows"} transport: local named pipes {@code \\.\pipe\<app>-<user>-<name>}
 * through JNA, with overlapped I/O, a DACL that admits only the current user and SYSTEM,
 * FILE_FLAG_FIRST_PIPE_INSTANCE against squatters and PIPE_REJECT_REMOTE_CLIENTS; the client
 * checks that the pipe's owner is its own user before it sends anything.
 *
 * <p>Found by {@link dev.localipc.api.Transports} through {@link java.util.ServiceLoader}; its
 * priority is 100. On any other operating system {@link #availability()} says so and nothing
 * Windows-specific is loaded: kernel32 and advapi32 are bound lazily, on Windows only, the first
 * time availability is asked.
 *
 * <pre>{@code
 * TransportProvider windows = Transports.byName("windows");
 * TransportAddress address = windows.resolve(Endpoint.of("myapp", "daemon"));
 * try (TransportListener listener = windows.listen(address, ListenOptions.defaults())) {
 *     TransportConnection connection = listener.accept();
 * }
 * }</pre>
 *
 * <p>An endpoint named by its socket path ({@link Endpoint#ofSocketPath(String)}) becomes the pipe
 * name node-ipc 12 makes of it ({@code /tmp/roo.sock} is {@code \\.\pipe\tmp-roo.sock}; a path
 * that already starts with {@code \\.\pipe\} is used as it is), on both sides, with the same
 * DACL, remote-client rejection, first-instance checks and owner check as any other pipe; no
 * token file is written for it.
 *
 * <p>The Unix-only options {@code ListenOptions.allowUid} and {@code ConnectOptions.expectedServerUid}
 * have no effect here: the pipe admits only the server's own user (and SYSTEM), and a client
 * accepts only a pipe owned by its own user.
 *
 * <p>Half-close: named pipes have none; the pipes are message-type pipes read in byte mode, and
 * {@link TransportConnection#shutdownOutput()} writes a zero-length message, which the peer's
 * transport reads as end of stream.
 *
 * <p>Thread-safe: one instance serves every listener and connection of the JVM.
 */
public final class WindowsTransportProvider implements TransportProvider {
    /** The name to force this transport with {@code -Dlocalipc.transport=windows}. */
    public static final String NAME = "windows";

    private final String osName;
    private final Supplier<Win32Pipes> loader;
    private final Object lock = new Object();
    private volatile TransportAvailability availability;
    private volatile PipeTransport transport;

    /** The provider for this machine; checks nothing until {@link #availability()} is first called. */
    public WindowsTransportProvider() {
        this(System.getProperty("os.name", "unknown"), JnaWin32Pipes::load);
    }

    /** For tests: another operating system name, and another way to bind the Win32 API. */
    WindowsTransportProvider(String osName, Supplier<Win32Pipes> loader) {
        this.osName = Objects.requireNonNull(osName, "osName");
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public TransportAvailability availability() {
        TransportAvailability known = availability;
        if (known != null) {
            return known;
        }
        synchronized (lock) {
            if (availability == null) {
                availability = probe();
            }
            return availability;
        }
    }

    private TransportAvailability probe() {
        if (!osName.startsWith("Windows")) {
            return TransportAvailability.unavailable("named pipes are a Windows feature; this is " + osName
                    + " (os.name=" + osName + "): use the \"unix\" transport");
        }
        Win32Pipes api;
        try {
            api = loader.get();
        } catch (LinkageError | RuntimeException failed) {
            return TransportAvailability.unavailable(new IllegalStateException("JNA cannot bind kernel32/advapi32 on "
                    + osName + ": " + failed + "; put jna and jna-platform 5.18.1 on the class or module path", failed));
        }
        PipeTransport candidate = new PipeTransport(NAME, priority(), api, System::getenv,
                System.getProperty("user.name", "user"), System.getProperty("user.home", "."));
        try {
            candidate.userSid();
        } catch (IOException failed) {
            return TransportAvailability.unavailable(failed);
        }
        transport = candidate;
        return TransportAvailability.available();
    }

    /** Resolves the pipe name and token file; works on any OS, creates nothing. */
    @Override
    public TransportAddress resolve(Endpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        return PipeAddresses.resolve(NAME, endpoint, System::getenv, System.getProperty("user.name", "user"),
                System.getProperty("user.home", "."));
    }

    @Override
    public TransportListener listen(TransportAddress address, ListenOptions options) throws IOException {
        return usable().listen(address, options);
    }

    @Override
    public TransportConnection connect(TransportAddress address, ConnectOptions options) throws IOException {
        return usable().connect(address, options);
    }

    private PipeTransport usable() throws IOException {
        TransportAvailability state = availability();
        if (!state.isAvailable()) {
            Throwable cause = state.cause().orElseThrow();
            throw new IOException("the windows transport cannot be used here: " + cause.getMessage(), cause);
        }
        return transport;
    }

    @Override
    public String toString() {
        return "windows transport (named pipes)";
    }
}
