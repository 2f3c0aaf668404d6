package dev.localipc.api.spi;

import java.io.IOException;

/**
 * The process listening on an address is not the server the client expects (another user owns
 * it, or its directory). The client closed the connection without sending anything.
 *
 * <pre>{@code
 * try {
 *     provider.connect(address, ConnectOptions.defaults());
 * } catch (UntrustedServerException e) {
 *     // an impostor: no token was sent
 * }
 * }</pre>
 */
public class UntrustedServerException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the address, who owns it, and who was expected
     */

    public UntrustedServerException(String message) {
        super(message);
    }
}
