package dev.localipc.core;

import java.util.Objects;

/**
 * The server's handshake acknowledgement, as an {@link IpcClient} received it
 * (docs/PROTOCOL.md section 3).
 *
 * <pre>{@code
 * ServerInfo info = client.serverInfo();
 * System.out.println("connected to " + info.server() + " pid " + info.pid() + " as " + info.clientId());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ServerInfo {
    private final String clientId;
    private final String session;
    private final String server;
    private final int protocol;
    private final long pid;
    private final long ppid;
    private final long heartbeatMs;
    private final int maxFrameBytes;
    private final boolean resumed;

    /**
     * Creates the acknowledgement; the library creates them, applications read them.
     *
     * @param clientId the id the server gave this client
     * @param session the event session
     * @param server the server's name
     * @param protocol the protocol version in use
     * @param pid the server's process id, or -1
     * @param ppid the server's parent process id, or -1
     * @param heartbeatMs the heartbeat interval in milliseconds; 0 means off
     * @param maxFrameBytes the largest frame the server accepts, in bytes
     * @param resumed whether the server resumed the session asked for
     */
    public ServerInfo(String clientId, String session, String server, int protocol, long pid, long ppid,
            long heartbeatMs, int maxFrameBytes, boolean resumed) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.session = Objects.requireNonNull(session, "session");
        this.server = Objects.requireNonNull(server, "server");
        this.protocol = protocol;
        this.pid = pid;
        this.ppid = ppid;
        this.heartbeatMs = heartbeatMs;
        this.maxFrameBytes = maxFrameBytes;
        this.resumed = resumed;
    }

    /** {@return the id the server gave this client (12 lowercase hex characters)} */
    public String clientId() {
        return clientId;
    }

    /** {@return the event session} It is sent back in {@code resume} to resume it after a reconnect. */
    public String session() {
        return session;
    }

    /** {@return the server's name} */
    public String server() {
        return server;
    }

    /** {@return the protocol version in use} */
    public int protocol() {
        return protocol;
    }

    /** {@return the server's process id (-1 if the server did not say)} */
    public long pid() {
        return pid;
    }

    /** {@return the server's parent process id (-1 if the server did not say or has none)} */
    public long ppid() {
        return ppid;
    }

    /** {@return the heartbeat interval in milliseconds; 0 means off} */
    public long heartbeatMs() {
        return heartbeatMs;
    }

    /** {@return the largest frame the server accepts, in bytes} */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** {@return whether the server resumed the session asked for in {@code ipc.hello}} */

    public boolean resumed() {
        return resumed;
    }

    @Override
    public String toString() {
        return "server \"" + server + "\" pid " + pid + " protocol " + protocol + ", client " + clientId
                + ", session " + session + (resumed ? " (resumed)" : "");
    }
}
