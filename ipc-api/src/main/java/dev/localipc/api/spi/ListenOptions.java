package dev.localipc.api.spi;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a transport listens: the token to publish in the token file and which peers it accepts.
 *
 * <pre>{@code
 * ListenOptions options = ListenOptions.builder()
 *         .token(token)                 // written to the 0600 token file before the first accept
 *         .allowUid(1001)               // also accept this user besides the server's own
 *         .build();
 * }</pre>
 *
 * <p>By default only the server's own user may connect. Instances are immutable and thread-safe.
 */
public final class ListenOptions {
    private static final ListenOptions DEFAULTS = builder().build();

    private final String token;
    private final Set<Long> allowedUids;
    private final boolean installShutdownHook;

    private ListenOptions(Builder builder) {
        this.token = builder.token;
        this.allowedUids = Collections.unmodifiableSet(new LinkedHashSet<>(builder.allowedUids));
        this.installShutdownHook = builder.installShutdownHook;
    }

    /** {@return the defaults: no token file, own user only, cleanup on JVM shutdown} */
    public static ListenOptions defaults() {
        return DEFAULTS;
    }

    /** {@return a new builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the token to write to the token file, if any} Not written for an address without a
     * token file ({@link TransportAddress#isInRuntimeDirectory()} false).
     */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** {@return the user ids accepted in addition to the server's own (Unix)} */
    public Set<Long> allowedUids() {
        return allowedUids;
    }

    /** {@return whether the listener removes its files on JVM shutdown (SIGINT, SIGTERM, normal exit)} */
    public boolean installShutdownHook() {
        return installShutdownHook;
    }

    /** Builds {@link ListenOptions}. Not thread-safe. */
    public static final class Builder {
        private String token;
        private final Set<Long> allowedUids = new LinkedHashSet<>();
        private boolean installShutdownHook = true;

        private Builder() {
        }

        /**
         * The token to write, readable by the owner only, before the first client is accepted.
         *
         * @param token the token clients must present
         * @return this builder
         */
        public Builder token(String token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * Also accepts peers running as {@code uid} (Unix); the server's own uid is always accepted.
         *
         * @param uid a user id, 0 or more
         * @return this builder
         * @throws IllegalArgumentException if {@code uid} is negative
         */
        public Builder allowUid(long uid) {
            if (uid < 0) {
                throw new IllegalArgumentException("uid " + uid + " is negative: pass a real user id");
            }
            allowedUids.add(uid);
            return this;
        }

        /**
         * Whether to remove the files on JVM shutdown (default true).
         *
         * @param install true to remove them on shutdown
         * @return this builder
         */
        public Builder installShutdownHook(boolean install) {
            this.installShutdownHook = install;
            return this;
        }

        /** {@return the options} */

        public ListenOptions build() {
            return new ListenOptions(this);
        }
    }
}
