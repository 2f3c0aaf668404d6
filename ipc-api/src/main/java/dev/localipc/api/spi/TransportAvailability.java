package dev.localipc.api.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether a transport can work on this machine and, when it cannot, why.
 *
 * <pre>{@code
 * TransportAvailability availability = provider.availability();
 * if (!availability.isAvailable()) {
 *     log.warn("{} is unavailable", provider.name(), availability.cause().orElseThrow());
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TransportAvailability {
    private static final TransportAvailability AVAILABLE = new TransportAvailability(null);

    private final Throwable cause;

    private TransportAvailability(Throwable cause) {
        this.cause = cause;
    }

    /** {@return that the transport works here} */
    public static TransportAvailability available() {
        return AVAILABLE;
    }

    /**
     * The transport does not work here, for {@code cause}.
     *
     * @param cause its message says why and what to do
     * @return the unavailability
     */
    public static TransportAvailability unavailable(Throwable cause) {
        return new TransportAvailability(Objects.requireNonNull(cause, "cause"));
    }

    /**
     * The transport does not work here, for the reason given.
     *
     * @param reason why, and what to do
     * @return the unavailability, with an {@link UnsupportedOperationException} carrying {@code reason} as its cause
     */
    public static TransportAvailability unavailable(String reason) {
        return unavailable(new UnsupportedOperationException(reason));
    }

    /** {@return whether the transport works here} */
    public boolean isAvailable() {
        return cause == null;
    }

    /** {@return why the transport does not work here} Empty when it does. */

    public Optional<Throwable> cause() {
        return Optional.ofNullable(cause);
    }

    /** The cause's message, or "available". */
    @Override
    public String toString() {
        return cause == null ? "available" : "unavailable: " + cause.getMessage();
    }
}
