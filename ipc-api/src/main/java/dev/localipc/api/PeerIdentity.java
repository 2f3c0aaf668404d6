package dev.localipc.api;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who is at the other end of a connection, as far as the operating system says.
 *
 * <p>On Linux and macOS the Unix transport reads the peer's pid, uid and gid from the socket
 * (SO_PEERCRED or LOCAL_PEERCRED); on Windows the named-pipe transport reports the pid
 * ({@code GetNamedPipeClientProcessId}) and the user's SID. Whatever the platform does not
 * give is empty.
 *
 * <pre>{@code
 * PeerIdentity peer = connection.peer();
 * long pid = peer.pid().orElse(-1);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PeerIdentity {
    private static final PeerIdentity UNKNOWN = new PeerIdentity(-1, -1, -1, null);

    private final long pid;
    private final long uid;
    private final long gid;
    private final String user;

    private PeerIdentity(long pid, long uid, long gid, String user) {
        this.pid = pid;
        this.uid = uid;
        this.gid = gid;
        this.user = user;
    }

    /** {@return a peer the operating system says nothing about} */
    public static PeerIdentity unknown() {
        return UNKNOWN;
    }

    /**
     * A Unix peer; pass a negative number for a value the OS did not give.
     *
     * @param pid the peer's process id, or -1
     * @param uid the peer's user id, or -1
     * @param gid the peer's group id, or -1
     * @return the identity
     */
    public static PeerIdentity unix(long pid, long uid, long gid) {
        return new PeerIdentity(pid, uid, gid, null);
    }

    /**
     * A Windows peer identified by its process id and user SID (either may be absent: -1, null).
     *
     * @param pid the client's process id, or -1
     * @param userSid the client's user SID ({@code S-1-5-21-...}), or null
     * @return the identity
     */
    public static PeerIdentity windows(long pid, String userSid) {
        return new PeerIdentity(pid, -1, -1, userSid);
    }

    /** {@return the peer's process id, if the OS gave it} */
    public OptionalLong pid() {
        return pid < 0 ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    /** {@return the peer's user id, if the OS gave it (Unix only)} */
    public OptionalLong uid() {
        return uid < 0 ? OptionalLong.empty() : OptionalLong.of(uid);
    }

    /** {@return the peer's group id, if the OS gave it (Unix only)} */
    public OptionalLong gid() {
        return gid < 0 ? OptionalLong.empty() : OptionalLong.of(gid);
    }

    /** {@return the peer's user as the OS names it, for example a Windows SID} */

    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof PeerIdentity)) {
            return false;
        }
        PeerIdentity that = (PeerIdentity) other;
        return pid == that.pid && uid == that.uid && gid == that.gid && Objects.equals(user, that.user);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pid, uid, gid, user);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("peer[");
        pid().ifPresent(value -> text.append("pid=").append(value).append(' '));
        uid().ifPresent(value -> text.append("uid=").append(value).append(' '));
        gid().ifPresent(value -> text.append("gid=").append(value).append(' '));
        user().ifPresent(value -> text.append("user=").append(value).append(' '));
        if (text.charAt(text.length() - 1) == ' ') {
            text.setLength(text.length() - 1);
        } else {
            text.append("unknown");
        }
        return text.append(']').toString();
    }
}
