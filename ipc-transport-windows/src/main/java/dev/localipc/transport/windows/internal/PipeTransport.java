package dev.localipc.transport.windows.internal;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportAvailability;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.TransportProvider;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;

/**
 * The named-pipe transport over a given {@link Win32Pipes}: the real API on Windows (through
 * {@link dev.localipc.transport.windows.WindowsTransportProvider}) or an in-memory model in tests.
 *
 * <pre>{@code
 * TransportProvider transport = new PipeTransport("windows", 100, JnaWin32Pipes.load(), System::getenv,
 *         System.getProperty("user.name"), System.getProperty("user.home"));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class PipeTransport implements TransportProvider {
    private final String name;
    private final int priority;
    private final Win32Pipes api;
    private final Function<String, String> env;
    private final String userName;
    private final String userHome;
    private volatile String userSid;

    /**
     * Creates the transport.
     *
     * @param env the environment, usually {@code System::getenv} (LOCALAPPDATA, LOCALIPC_RUNTIME_DIR)
     */
    public PipeTransport(String name, int priority, Win32Pipes api, Function<String, String> env, String userName,
            String userHome) {
        this.name = Objects.requireNonNull(name, "name");
        this.priority = priority;
        this.api = Objects.requireNonNull(api, "api");
        this.env = Objects.requireNonNull(env, "env");
        this.userName = Objects.requireNonNull(userName, "userName");
        this.userHome = Objects.requireNonNull(userHome, "userHome");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public TransportAvailability availability() {
        return TransportAvailability.available();
    }

    @Override
    public TransportAddress resolve(Endpoint endpoint) {
        return PipeAddresses.resolve(name, endpoint, env, userName, userHome);
    }

    @Override
    public TransportListener listen(TransportAddress address, ListenOptions options) throws IOException {
        checkOwn(address);
        return PipeListener.open(api, address, Objects.requireNonNull(options, "options"), userSid());
    }

    @Override
    public TransportConnection connect(TransportAddress address, ConnectOptions options) throws IOException {
        checkOwn(address);
        return PipeConnector.connect(api, address, Objects.requireNonNull(options, "options"), userSid());
    }

    /**
     * The SID of the user this process runs as, read once.
     *
     * @throws IOException if Windows does not say
     */
    public String userSid() throws IOException {
        String sid = userSid;
        if (sid == null) {
            sid = api.currentUserSid();
            if (sid == null) {
                throw new IOException("cannot read the current user's SID: OpenProcessToken/GetTokenInformation failed with "
                        + Win32Error.describe(api.getLastError()));
            }
            userSid = sid;
        }
        return sid;
    }

    private void checkOwn(TransportAddress address) {
        Objects.requireNonNull(address, "address");
        if (!address.transport().equals(name)) {
            throw new IllegalArgumentException("address " + address + " was resolved by the \"" + address.transport()
                    + "\" transport, not \"" + name + "\": resolve the endpoint with this transport");
        }
    }

    @Override
    public String toString() {
        return name + " transport (named pipes)";
    }
}
