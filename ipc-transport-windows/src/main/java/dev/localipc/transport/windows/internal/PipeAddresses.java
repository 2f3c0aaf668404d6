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
        String pipe = PREFIX + endpoint.application() + "-" + safeUser(userName) + "-" + endpoint.name();
        if (pipe.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("pipe name " + pipe + " is " + pipe.length() + " characters; the limit on"
                    + " Windows is " + MAX_LENGTH + ": use a shorter application or endpoint name");
        }
        Path directory = RuntimeDirectories.windows(endpoint, env, userHome);
        return new TransportAddress(transport, endpoint, pipe, directory, directory.resolve(endpoint.name() + ".token"));
    }

    /** The user name with anything but {@code [A-Za-z0-9._-]} replaced by '_' (pipe names forbid backslashes). */
    static String safeUser(String userName) {
        if (userName == null || userName.isBlank()) {
            return "user";
        }
        return userName.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
