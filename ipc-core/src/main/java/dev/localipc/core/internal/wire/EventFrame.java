package dev.localipc.core.internal.wire;

import java.nio.charset.StandardCharsets;

/**
 * One published event, serialized once and stamped with each session's own {@code seq}:
 * {@code {"jsonrpc":"2.0","method":"ipc.event","params":{"topic":T,"seq":N,"data":D}}}.
 */
public final class EventFrame {
    private final byte[] prefix;
    private final byte[] suffix;

    /** An event of {@code topic} whose data is {@code dataJson} (compact JSON). */
    public EventFrame(String topic, String dataJson) {
        StringBuilder head = new StringBuilder(48 + topic.length()).append("{\"jsonrpc\":\"2.0\",\"method\":\"" + LibraryMethods.EVENT + "\",\"params\":{\"topic\":");
        Frames.defaultGson().toJson(topic, head);
        this.prefix = head.append(",\"seq\":").toString().getBytes(StandardCharsets.UTF_8);
        this.suffix = (",\"data\":" + dataJson + "}}\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The frame for sequence number {@code seq}. */
    public byte[] withSeq(long seq) {
        byte[] digits = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[prefix.length + digits.length + suffix.length];
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        System.arraycopy(digits, 0, frame, prefix.length, digits.length);
        System.arraycopy(suffix, 0, frame, prefix.length + digits.length, suffix.length);
        return frame;
    }
}
