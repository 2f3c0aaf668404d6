package dev.localipc.api.spi;

import java.io.IOException;

/**
 * A live server already listens on the address: another instance of the application is running.
 *
 * <pre>{@code
 * try {
 *     provider.listen(address, options);
 * } catch (AddressInUseException e) {
 *     System.err.println(e.getMessage()); // names the address and what to do
 * }
 * }</pre>
 */
public class AddressInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The socket path or pipe name that is taken. */
    private final String location;

    /**
     * Creates the exception for {@code location}; the message names it and says what to do.
     *
     * @param location the socket path or pipe name that is taken
     * @param message names the location and what to do
     */
    public AddressInUseException(String location, String message) {
        super(message);
        this.location = location;
    }

    /** {@return the socket path or pipe name that is taken} */

    public String location() {
        return location;
    }
}
