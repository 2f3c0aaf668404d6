package dev.localipc.api.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a transport connects: how long to wait for a busy server and which user the server must
 * run as.
 *
 * <pre>{@code
 * ConnectOptions options = ConnectOptions.builder().timeout(Duration.ofSeconds(2)).build();
 * TransportConnection connection = provider.connect(address, options);
 * }</pre>
 *
 * <p>By default the server must run as the client's own user. Instances are immutable and thread-safe.
 */
public final class ConnectOptions {
    private static final ConnectOptions DEFAULTS = builder().build();

    private final Duration timeout;
    private final long expectedServerUid;

    private ConnectOptions(Builder builder) {
        this.timeout = builder.timeout;
        this.expectedServerUid = builder.expectedServerUid;
    }

    /** {@return the defaults: a five-second timeout, the server must be the client's own user} */
    public static ConnectOptions defaults() {
        return DEFAULTS;
    }

    /** {@return a new builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return how long to wait for a server that is busy (Windows: all pipe instances taken)} */
    public Duration timeout() {
        return timeout;
    }

    /** {@return the uid the server must run as (Unix)} Empty means the client's own uid. */
    public OptionalLong expectedServerUid() {
        return expectedServerUid < 0 ? OptionalLong.empty() : OptionalLong.of(expectedServerUid);
    }

    /** Builds {@link ConnectOptions}. Not thread-safe. */
    public static final class Builder {
        private Duration timeout = Duration.ofSeconds(5);
        private long expectedServerUid = -1;

        private Builder() {
        }

        /**
         * How long to wait for a busy server (default 5 s).
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connect timeout " + timeout + " must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The uid the server must run as (default: the client's own).
         *
         * @param uid a user id, 0 or more
         * @return this builder
         * @throws IllegalArgumentException if {@code uid} is negative
         */
        public Builder expectedServerUid(long uid) {
            if (uid < 0) {
                throw new IllegalArgumentException("uid " + uid + " is negative: pass a real user id");
            }
            this.expectedServerUid = uid;
            return this;
        }

        /** {@return the options} */

        public ConnectOptions build() {
            return new ConnectOptions(this);
        }
    }
}
