package dev.localipc.core.internal.server;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The connections that have not sent their first frame yet, at most {@code capacity} of them.
 * When the table is full a newcomer is not refused: a pending connection is closed to make room
 * (as SYN caches do), the oldest one of the peer (process) that holds the most (on a tie, the
 * oldest of those peers' connections). A client that
 * sends its hello at once is therefore never locked out by connections that stay silent, even
 * when they come from the same process, and the table bounds their memory and descriptors.
 *
 * <pre>{@code
 * ServerProtocol evicted = pending.add(link, peerKey);  // null, or the one to close
 * pending.remove(link);                              // its first frame arrived, or it closed
 * }</pre>
 *
 * <p>Thread-safe.
 */
final class PendingHandshakes<C> {
    private final int capacity;
    /** Oldest first. */
    private final Set<C> order = new LinkedHashSet<>();
    private final Map<C, Object> peerOf = new HashMap<>();
    private final Map<Object, Integer> perPeer = new HashMap<>();

    PendingHandshakes(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " must be positive");
        }
        this.capacity = capacity;
    }

    /**
     * Adds a new connection of {@code peer} (a pid, or another key that tells processes apart).
     *
     * @return the connection to close to make room, or null
     */
    synchronized C add(C connection, Object peer) {
        C evicted = null;
        if (order.size() >= capacity) {
            evicted = oldestOfBusiestPeer();
            forget(evicted);
        }
        order.add(connection);
        peerOf.put(connection, peer);
        perPeer.merge(peer, 1, Integer::sum);
        return evicted;
    }

    /** Removes {@code connection}; returns whether it was pending. */
    synchronized boolean remove(C connection) {
        if (!order.contains(connection)) {
            return false;
        }
        forget(connection);
        return true;
    }

    synchronized int size() {
        return order.size();
    }

    int capacity() {
        return capacity;
    }

    /** The oldest connection of the peer that holds the most; of peers that hold as many, the one waiting longest. */
    private C oldestOfBusiestPeer() {
        int most = 0;
        for (int count : perPeer.values()) {
            most = Math.max(most, count);
        }
        for (C candidate : order) {
            if (perPeer.get(peerOf.get(candidate)) == most) {
                return candidate;
            }
        }
        throw new IllegalStateException("the pending table is empty");
    }

    private void forget(C connection) {
        order.remove(connection);
        Object peer = peerOf.remove(connection);
        perPeer.computeIfPresent(peer, (key, count) -> count == 1 ? null : count - 1);
    }
}
