package dev.localipc.core.internal.server;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Slows down failed authentications per peer process: the answer to a wrong or missing token,
 * and the close after it, wait 50 ms for the first failure of a peer in a quiet period, 50 ms
 * more for each further one, up to one second. Only the failing connection waits (on the
 * timer, not on a thread); a connection that presents the right token is never slowed, even
 * from a process that also failed. A peer quiet for ten seconds starts again from 50 ms.
 *
 * <pre>{@code
 * long delay = failures.delayMillis(peerKey);   // then answer -32001 after delay
 * }</pre>
 *
 * <p>Thread-safe; remembers at most {@value #MAX_PEERS} peers (the quiet ones are forgotten first).
 */
final class AuthFailures {
    static final long QUIET_NANOS = 10_000_000_000L;
    static final long STEP_MILLIS = 50;
    static final long MAX_MILLIS = 1000;
    static final int MAX_PEERS = 4096;

    private final Map<Object, Record> byPeer = new HashMap<>();

    /** Records a failure of {@code peer} and returns how long to wait before answering it. */
    synchronized long delayMillis(Object peer) {
        long now = System.nanoTime();
        Record record = byPeer.get(peer);
        if (record == null || now - record.lastFailure > QUIET_NANOS) {
            if (record == null && byPeer.size() >= MAX_PEERS) {
                forgetQuiet(now);
            }
            record = new Record();
            byPeer.put(peer, record);
        }
        record.lastFailure = now;
        record.failures++;
        return Math.min(MAX_MILLIS, STEP_MILLIS * record.failures);
    }

    private void forgetQuiet(long now) {
        for (Iterator<Record> it = byPeer.values().iterator(); it.hasNext();) {
            if (now - it.next().lastFailure > QUIET_NANOS) {
                it.remove();
            }
        }
        if (byPeer.size() >= MAX_PEERS) {
            byPeer.clear(); // every remembered peer failed within ten seconds: start over rather than grow
        }
    }

    private static final class Record {
        long lastFailure;
        int failures;
    }
}
