package dev.localipc.transport.unix.internal;

import com.sun.security.auth.module.UnixSystem;

/**
 * The numeric user id this JVM runs as, read once from the OS. Thread-safe.
 *
 * <pre>{@code
 * long uid = CurrentUser.uid();
 * }</pre>
 */
public final class CurrentUser {

    private CurrentUser() {
    }

    /**
     * The current uid.
     *
     * @throws LinkageError or {@link UnsupportedOperationException} where the OS has no Unix uid
     */
    public static long uid() {
        return Holder.UID;
    }

    private static final class Holder {
        static final long UID = new UnixSystem().getUid();
    }
}
