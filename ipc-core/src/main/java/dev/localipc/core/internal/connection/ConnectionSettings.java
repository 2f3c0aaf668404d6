package dev.localipc.core.internal.connection;

import dev.localipc.core.HandlerThreading;
import dev.localipc.core.internal.wire.Binding;
import dev.localipc.core.internal.wire.InboundBudget;
import dev.localipc.core.internal.wire.MessageEncoder;
import dev.localipc.core.internal.wire.FrameCodec;
import java.time.Duration;

/**
 * What the connections of one server or one client share. See the builders of {@code IpcServer}
 * and {@code IpcClient} for the meaning of each.
 *
 * @param wire the wire format
 * @param encoder the wire format's encoder, with the application's Gson
 * @param binding binds params, results and event data with that Gson
 * @param handlers the application's handlers
 * @param threading which thread runs them
 * @param maxFrameBytes the largest frame read
 * @param outboundFrames frames that may wait for the peer before it counts as overloaded
 * @param outboundBytes bytes that may wait for the peer before it counts as overloaded
 * @param heartbeatMillis the heartbeat interval (0: off; a client learns it from the ack)
 * @param requestTimeout how long our requests wait for their answer
 * @param inboundBudget the bytes of frame buffers over 64 KiB, for all connections together
 * @param applicationThreadsWrite whether any thread may write to the peer itself (a client's
 *     application threads), not only the connection's own reader and handler threads
 */
public record ConnectionSettings(FrameCodec wire, MessageEncoder encoder, Binding binding, HandlerTable handlers,
        HandlerThreading threading, int maxFrameBytes, int outboundFrames, long outboundBytes, long heartbeatMillis,
        Duration requestTimeout, InboundBudget inboundBudget, boolean applicationThreadsWrite) {
}
