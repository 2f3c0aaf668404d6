package dev.localipc.core.internal.server;

import dev.localipc.core.internal.connection.Secrets;
import dev.localipc.core.internal.connection.SharedScheduler;
import dev.localipc.core.internal.wire.EventFrame;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's sessions and, per topic, the sessions subscribed to it. Sessions outlive their
 * connection by the grace period so that a reconnecting client can resume. A topic is held only
 * while some session is subscribed to it: its entry goes with its last subscriber. Thread-safe.
 */
final class SessionTable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTable.class);

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Set<Session>> subscribers = new ConcurrentHashMap<>();
    private final int replayEvents;
    private final long replayBytes;
    private final Duration grace;
    private final int maxTopicsPerSession;

    SessionTable(int replayEvents, long replayBytes, Duration grace, int maxTopicsPerSession) {
        this.replayEvents = replayEvents;
        this.replayBytes = replayBytes;
        this.grace = grace;
        this.maxTopicsPerSession = maxTopicsPerSession;
    }

    Session create() {
        while (true) {
            Session session = new Session(Secrets.newSessionId(), replayEvents, replayBytes);
            if (sessions.putIfAbsent(session.id(), session) == null) {
                return session;
            }
        }
    }

    /** The session {@code id} if it is held and can replay everything after {@code seenSeq}. */
    Session resumable(String id, long seenSeq) {
        Session session = id == null ? null : sessions.get(id);
        if (session == null || !session.canResumeFrom(seenSeq)) {
            return null;
        }
        return session;
    }

    /**
     * Subscribes {@code session} to {@code topics}.
     *
     * @throws dev.localipc.core.RpcErrorException -32602 when the session would hold more than its topic limit
     */
    long subscribe(Session session, List<String> topics) {
        long seq = session.subscribe(topics, maxTopicsPerSession);
        for (String topic : topics) {
            subscribers.compute(topic, (name, set) -> {
                Set<Session> sessionsOfTopic = set != null ? set : new CopyOnWriteArraySet<>();
                sessionsOfTopic.add(session);
                return sessionsOfTopic;
            });
        }
        return seq;
    }

    long unsubscribe(Session session, List<String> topics) {
        long seq = session.unsubscribe(topics);
        for (String topic : topics) {
            leave(topic, session);
        }
        return seq;
    }

    /** Takes {@code session} off {@code topic}; the topic's entry goes with its last subscriber. */
    private void leave(String topic, Session session) {
        subscribers.computeIfPresent(topic, (name, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    /** Topics with at least one subscribed session (for tests of the memory bound). */
    int topicCount() {
        return subscribers.size();
    }

    /** Publishes to every session subscribed to {@code topic}; returns how many. */
    int publish(String topic, EventFrame event) {
        Set<Session> set = subscribers.get(topic);
        if (set == null) {
            return 0;
        }
        int count = 0;
        for (Session session : set) {
            session.publish(event);
            count++;
        }
        return count;
    }

    /** The link dropped: keep the session for the grace period (or drop it now when {@code keep} is false). */
    void detach(Session session, ServerProtocol link, boolean keep) {
        if (!keep || grace.isZero()) {
            if (session.detach(link, () -> null)) {
                remove(session, "its client closed the connection in an orderly way");
            }
            return;
        }
        session.detach(link, () -> SharedScheduler.get().schedule(() -> expire(session), grace.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void expire(Session session) {
        synchronized (session) {
            if (session.isDetached()) {
                remove(session, "no client resumed it within the grace period of " + grace.toMillis() + " ms");
            }
        }
    }

    /** Whether {@code session} is still held (not expired); call while holding the session's lock. */
    boolean isHeld(Session session) {
        return sessions.get(session.id()) == session;
    }

    private void remove(Session session, String why) {
        if (sessions.remove(session.id(), session)) {
            for (String topic : session.topics()) {
                leave(topic, session);
            }
            LOG.debug("session {} ended: {}", session.id(), why);
        }
    }

    /** Ends every session (server shutdown). */
    void clear() {
        for (Session session : sessions.values()) {
            session.cancelExpiry();
        }
        sessions.clear();
        subscribers.clear();
    }

    int size() {
        return sessions.size();
    }
}
