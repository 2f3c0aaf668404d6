package dev.localipc.core.internal.wire;

/**
 * The reserved {@code ipc.} methods of docs/PROTOCOL.md section 4, named once.
 *
 * <pre>{@code
 * if (LibraryMethods.isReserved(method)) { ... }
 * }</pre>
 */
public final class LibraryMethods {
    /** What every reserved method name starts with. */
    public static final String PREFIX = "ipc.";
    /** The handshake request, the first frame of every connection. */
    public static final String HELLO = "ipc.hello";
    /** The heartbeat request, either way. */
    public static final String PING = "ipc.ping";
    /** Subscribes the client's session to topics. */
    public static final String SUBSCRIBE = "ipc.subscribe";
    /** Unsubscribes the client's session from topics. */
    public static final String UNSUBSCRIBE = "ipc.unsubscribe";
    /** A topic event, server to client, numbered per session. */
    public static final String EVENT = "ipc.event";
    /** The orderly close, either way. */
    public static final String BYE = "ipc.bye";

    private LibraryMethods() {
    }

    /** Whether {@code method} is in the reserved namespace. */
    public static boolean isReserved(String method) {
        return method.startsWith(PREFIX);
    }

    /**
     * Checks a method name an application gives.
     *
     * @throws IllegalArgumentException for null, empty or reserved names, saying what to do
     */
    public static String checkApplicationMethod(String method) {
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("method name is " + (method == null ? "null" : "empty") + ": give a name");
        }
        if (isReserved(method)) {
            throw new IllegalArgumentException("method \"" + method + "\" is in the reserved " + PREFIX
                    + " namespace: choose another name");
        }
        return method;
    }
}
