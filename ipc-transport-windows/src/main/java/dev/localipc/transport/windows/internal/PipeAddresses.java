package dev.localipc.transport.windows.internal;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.RuntimeDirectories;
import dev.localipc.api.spi.TransportAddress;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Turns an endpoint into its pipe name {@code \\.\pipe\<app>-<user>-<name>} and token file
 * {@code %LOCALAPPDATA%\<app>\<name>.token} (PROTOCOL.md section 6). Pure: no Win32 call.
 *
 * <p>An endpoint named by its socket path ({@link Endpoint#ofSocketPath(String)}) becomes the pipe
 * name node-ipc 12 makes of the same path, so that a node-ipc peer given that path meets ours
 * ({@link #nodeIpcPipeName}); it has no token file.
 *
 * <pre>{@code
 * TransportAddress address = PipeAddresses.resolve("windows", endpoint, System::getenv,
 *         System.getProperty("user.name"), System.getProperty("user.home"));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class PipeAddresses {
    /** The prefix of every local pipe name. */
    public static final String PREFIX = "\\\\.\\pipe\\";
    /** The longest pipe name Windows accepts, prefix included. */
    public static final int MAX_LENGTH = 256;

    private PipeAddresses() {
    }

    /**
     * The address of {@code endpoint} for user {@code userName}.
     *
     * @throws IllegalArgumentException if the pipe name would be longer than {@value #MAX_LENGTH} characters
     */
    public static TransportAddress resolve(String transport, Endpoint endpoint, Function<String, String> env,
            String userName, String userHome) {
        if (endpoint.socketPath().isPresent()) {
            String socketPath = endpoint.socketPath().get();
            String pipe = nodeIpcPipeName(socketPath);
            if (pipe.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("pipe name " + pipe + " (made from socket path " + socketPath + ") is "
                        + pipe.length() + " characters; the limit on Windows is " + MAX_LENGTH
                        + ": choose a shorter socket path");
            }
            return TransportAddress.ofSocketPath(transport, endpoint, pipe);
        }
        String pipe = PREFIX + endpoint.application() + "-" + safeUser(userName) + "-" + endpoint.name();
        if (pipe.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("pipe name " + pipe + " is " + pipe.length() + " characters; the limit on"
                    + " Windows is " + MAX_LENGTH + ": use a shorter application or endpoint name");
        }
        Path directory = RuntimeDirectories.windows(endpoint, env, userHome);
        return new TransportAddress(transport, endpoint, pipe, directory, directory.resolve(endpoint.name() + ".token"));
    }

    /**
     * The pipe name node-ipc 12 uses on Windows for {@code socketPath}: a path that already starts
     * with {@code \\.\pipe\} is used as it is (what node-ipc's client does); any other loses one
     * leading {@code /}, has every {@code /} replaced by {@code -} and gets the prefix
     * {@code \\.\pipe\} (what node-ipc's client and server both do). Backslashes are kept.
     *
     * <pre>{@code
     * PipeAddresses.nodeIpcPipeName("/tmp/roo.sock");        // \\.\pipe\tmp-roo.sock
     * PipeAddresses.nodeIpcPipeName("C:\\Temp\\evals-1-2.sock"); // \\.\pipe\C:\Temp\evals-1-2.sock
     * }</pre>
     *
     * <p>node-ipc's server rewrites even a name that starts with the prefix (giving
     * {@code \\.\pipe\\\.\pipe\...}, which its own client then misses); this transport's server
     * uses such a name as it is, so a node-ipc client given the same string meets it.
     */
    public static String nodeIpcPipeName(String socketPath) {
        if (socketPath.startsWith(PREFIX)) {
            return socketPath;
        }
        String withoutRoot = socketPath.startsWith("/") ? socketPath.substring(1) : socketPath;
        return PREFIX + withoutRoot.replace('/', '-');
    }

    /**
     * What to change to get another pipe, for error messages: "another endpoint name", or
     * "another socket path" for an endpoint named by its socket path.
     */
    public static String otherName(TransportAddress address) {
        return address.isInRuntimeDirectory() ? "another endpoint name" : "another socket path";
    }

    /**
     * What names the pipe, for error messages: "the application and endpoint names", or "the
     * socket path" for an endpoint named by its socket path.
     */
    public static String whatNamesIt(TransportAddress address) {
        return address.isInRuntimeDirectory() ? "the application and endpoint names" : "the socket path";
    }

    /** The user name with anything but {@code [A-Za-z0-9._-]} replaced by '_' (pipe names forbid backslashes). */
    static String safeUser(String userName) {
        if (userName == null || userName.isBlank()) {
            return "user";
        }
        return userName.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
