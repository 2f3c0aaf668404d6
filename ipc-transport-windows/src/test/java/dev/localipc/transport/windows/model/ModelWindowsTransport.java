package dev.localipc.transport.windows.model;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportAvailability;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.transport.windows.internal.PipeTransport;
import dev.localipc.transport.windows.internal.Win32Pipes;
import java.io.IOException;

/**
 * The real Windows named-pipe transport code running over the in-memory {@link Win32PipeModel}
 * instead of the Windows kernel, on any OS: a test double for protocol tests (ipc-core) that
 * want to exercise the Windows transport's logic on Linux or macOS.
 *
 * <p>It is registered in this test-jar's {@code META-INF/services} under the name
 * {@value #NAME} with a negative priority, so it is never chosen unless asked for:
 * {@code -Dlocalipc.transport=windows-model} or {@code Transports.byName("windows-model")}.
 * Instances made with the no-argument constructor share one JVM-wide model (so a server and a
 * client found separately by {@code Transports} meet); pass a model of your own to isolate a test.
 * Token files are real files: give endpoints a runtime directory (for example a {@code @TempDir}).
 *
 * <pre>{@code
 * TransportProvider transport = new ModelWindowsTransport(new Win32PipeModel());
 * TransportAddress address = transport.resolve(Endpoint.builder("app").name("x").runtimeDirectory(tempDir).build());
 * try (TransportListener listener = transport.listen(address, ListenOptions.defaults())) { ... }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ModelWindowsTransport implements TransportProvider {
    /** The provider name. */
    public static final String NAME = "windows-model";

    private final Win32PipeModel model;
    private final PipeTransport transport;

    /** Over the JVM-wide {@link Win32PipeModel#shared()} model, as this process's user. */
    public ModelWindowsTransport() {
        this(Win32PipeModel.shared());
    }

    /** Over {@code model}, as this process (its real pid) running as {@link Win32PipeModel#USER_SID}. */
    public ModelWindowsTransport(Win32PipeModel model) {
        this(model, model.process(ProcessHandle.current().pid(), Win32PipeModel.USER_SID));
    }

    /** Over {@code model}, as the given modelled process (see {@link Win32PipeModel#process}). */
    public ModelWindowsTransport(Win32PipeModel model, Win32Pipes process) {
        this.model = model;
        this.transport = new PipeTransport(NAME, -100, process, System::getenv,
                System.getProperty("user.name", "user"), System.getProperty("user.home", "."));
    }

    /** The model this transport runs over, for inspection. */
    public Win32PipeModel model() {
        return model;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Negative: chosen only when asked for by name. */
    @Override
    public int priority() {
        return -100;
    }

    @Override
    public TransportAvailability availability() {
        return TransportAvailability.available();
    }

    @Override
    public TransportAddress resolve(Endpoint endpoint) {
        return transport.resolve(endpoint);
    }

    @Override
    public TransportListener listen(TransportAddress address, ListenOptions options) throws IOException {
        return transport.listen(address, options);
    }

    @Override
    public TransportConnection connect(TransportAddress address, ConnectOptions options) throws IOException {
        return transport.connect(address, options);
    }

    @Override
    public String toString() {
        return NAME + " transport (named-pipe code over an in-memory Win32 model)";
    }
}
