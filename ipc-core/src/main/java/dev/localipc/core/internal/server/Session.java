package dev.localipc.core.internal.server;

import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.RpcErrorException;
import dev.localipc.core.internal.wire.EventFrame;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * A client's event session (docs/PROTOCOL.md section 5): its topics, the last {@code seq} it was
 * given, a bounded replay buffer of its last events, and the connection it is attached to (none
 * while it waits out the grace period after a drop). All methods lock the session, so {@code seq}
 * order is wire order.
 */
final class Session {
    private final String id;
    private final int maxEvents;
    private final long maxBytes;
    private final Set<String> topics = new HashSet<>();
    /** The buffered events: each shares its serialized data with every other session's copy. */
    private final ArrayDeque<Buffered> replay = new ArrayDeque<>();
    private long replayBytes;
    private long lastSeq;
    private ServerProtocol link;
    private ScheduledFuture<?> expiry;

    Session(String id, int maxEvents, long maxBytes) {
        this.id = id;
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    String id() {
        return id;
    }

    synchronized long lastSeq() {
        return lastSeq;
    }

    synchronized ServerProtocol link() {
        return link;
    }

    synchronized Set<String> topics() {
        return Set.copyOf(topics);
    }

    /**
     * Adds topics; returns the last seq sent, for the ipc.subscribe result.
     *
     * @throws RpcErrorException -32602 when the session would then hold more than {@code maxTopics}
     */
    synchronized long subscribe(List<String> names, int maxTopics) {
        Set<String> added = new HashSet<>(names);
        added.removeAll(topics);
        if (topics.size() + added.size() > maxTopics) {
            throw new RpcErrorException(IpcErrorCodes.INVALID_PARAMS, "invalid params of ipc.subscribe: a client may"
                    + " subscribe to at most " + maxTopics + " topics; it has " + topics.size() + " and asked for "
                    + added.size() + " more: unsubscribe from some first");
        }
        topics.addAll(added);
        return lastSeq;
    }

    synchronized long unsubscribe(List<String> names) {
        names.forEach(topics::remove);
        return lastSeq;
    }

    synchronized boolean isSubscribed(String topic) {
        return topics.contains(topic);
    }

    /** Stamps the next seq on the event, keeps it for replay and queues it to the attached link (never blocks). */
    synchronized void publish(EventFrame event) {
        long seq = ++lastSeq;
        int length = event.length(seq);
        if (maxEvents > 0) {
            replay.addLast(new Buffered(seq, event, length));
            replayBytes += length;
            while (replay.size() > maxEvents || (replayBytes > maxBytes && !replay.isEmpty())) {
                replayBytes -= replay.removeFirst().size;
            }
        }
        if (link != null) {
            link.connection().sendQueued(event, seq);
        }
    }

    /** Whether every event after {@code seenSeq} is still buffered, so a resume can replay them. */
    synchronized boolean canResumeFrom(long seenSeq) {
        if (seenSeq < 0 || seenSeq > lastSeq) {
            return false;
        }
        long missing = lastSeq - seenSeq;
        return missing <= replay.size();
    }

    /**
     * Attaches {@code newLink}: queues {@code ack} then the events after {@code seenSeq} (if
     * resuming), all before any event published later. Returns the link it replaced, if any.
     */
    synchronized ServerProtocol attach(ServerProtocol newLink, byte[] ack, long seenSeq) {
        ServerProtocol previous = link;
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
        link = newLink;
        if (ack != null) {
            newLink.connection().sendQueued(ack);
        }
        if (seenSeq >= 0) {
            long missing = lastSeq - seenSeq;
            int skip = (int) (replay.size() - missing);
            int index = 0;
            for (Buffered buffered : replay) {
                if (index++ >= skip) {
                    newLink.connection().sendQueued(buffered.event.withSeq(buffered.seq));
                }
            }
        }
        return previous == newLink ? null : previous;
    }

    /**
     * Detaches {@code oldLink} if it is still the attached one and starts the grace period with
     * {@code scheduleExpiry}; returns whether it was attached.
     */
    synchronized boolean detach(ServerProtocol oldLink, java.util.function.Supplier<ScheduledFuture<?>> scheduleExpiry) {
        if (link != oldLink) {
            return false;
        }
        link = null;
        expiry = scheduleExpiry.get();
        return true;
    }

    /** Whether the session is detached and waiting out its grace period. */
    synchronized boolean isDetached() {
        return link == null;
    }

    /** One buffered event: its seq, the shared serialized event, and its size on the wire. */
    private static final class Buffered {
        final long seq;
        final EventFrame event;
        final int size;

        Buffered(long seq, EventFrame event, int size) {
            this.seq = seq;
            this.event = event;
            this.size = size;
        }
    }

    synchronized void cancelExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }
}
