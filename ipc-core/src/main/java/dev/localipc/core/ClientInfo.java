package dev.localipc.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of one connected client, as the server's registry knows it: its id, session, the
 * pid and uid the operating system reported, the name it gave in {@code ipc.hello}, when it
 * connected, and its traffic counters at the time of the snapshot.
 *
 * <pre>{@code
 * for (ClientInfo client : server.clients()) {
 *     System.out.printf("%s pid=%s %s in=%d out=%d%n", client.clientId(), client.pid(),
 *             client.clientName().orElse("?"), client.messagesIn(), client.messagesOut());
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; take a new snapshot to see newer counters.
 */
public final class ClientInfo {
    private final String clientId;
    private final String session;
    private final long pid;
    private final long uid;
    private final String clientName;
    private final Instant connectedAt;
    private final long messagesIn;
    private final long messagesOut;
    private final long bytesIn;
    private final long bytesOut;

    /**
     * Creates a snapshot; the library creates them, applications read them.
     *
     * @param clientId the 12 lowercase hex characters the server assigned
     * @param session the session the client's events belong to
     * @param pid the peer's process id, or -1 when unknown
     * @param uid the peer's user id, or -1 when unknown
     * @param clientName the name from {@code ipc.hello}, or null
     * @param connectedAt when the handshake completed
     * @param messagesIn frames received from the client, the handshake included
     * @param messagesOut frames sent to the client
     * @param bytesIn bytes received from the client, newlines included
     * @param bytesOut bytes sent to the client, newlines included
     */
    public ClientInfo(String clientId, String session, long pid, long uid, String clientName, Instant connectedAt,
            long messagesIn, long messagesOut, long bytesIn, long bytesOut) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.session = Objects.requireNonNull(session, "session");
        this.pid = pid;
        this.uid = uid;
        this.clientName = clientName;
        this.connectedAt = Objects.requireNonNull(connectedAt, "connectedAt");
        this.messagesIn = messagesIn;
        this.messagesOut = messagesOut;
        this.bytesIn = bytesIn;
        this.bytesOut = bytesOut;
    }

    /** {@return the 12 lowercase hex characters the server assigned} Unique among live clients. */
    public String clientId() {
        return clientId;
    }

    /** {@return the session the client's events belong to (kept across a resumed reconnect)} */
    public String session() {
        return session;
    }

    /** {@return the client's process id, from the operating system} */
    public OptionalLong pid() {
        return pid < 0 ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    /** {@return the client's user id, from the operating system (Unix)} */
    public OptionalLong uid() {
        return uid < 0 ? OptionalLong.empty() : OptionalLong.of(uid);
    }

    /** {@return the {@code client} name the client gave in {@code ipc.hello}, such as "my-tool/1.0"} */
    public Optional<String> clientName() {
        return Optional.ofNullable(clientName);
    }

    /** {@return when the handshake completed} */
    public Instant connectedAt() {
        return connectedAt;
    }

    /** {@return the frames received from the client, the handshake included} */
    public long messagesIn() {
        return messagesIn;
    }

    /** {@return the frames sent to the client} */
    public long messagesOut() {
        return messagesOut;
    }

    /** {@return the bytes received from the client, newlines included} */
    public long bytesIn() {
        return bytesIn;
    }

    /** {@return the bytes sent to the client, newlines included} */

    public long bytesOut() {
        return bytesOut;
    }

    @Override
    public String toString() {
        return "client " + clientId + (clientName == null ? "" : " \"" + clientName + "\"")
                + (pid < 0 ? "" : " pid " + pid) + (uid < 0 ? "" : " uid " + uid) + " since " + connectedAt;
    }
}
