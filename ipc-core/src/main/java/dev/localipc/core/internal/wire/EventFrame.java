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
        byte[] frame = new byte[length(seq)];
        writeTo(frame, 0, seq);
        return frame;
    }

    /** The length in bytes of the frame for sequence number {@code seq} (which is not negative). */
    public int length(long seq) {
        return prefix.length + digits(seq) + suffix.length;
    }

    /** Writes the frame for {@code seq} into {@code dest} at {@code offset}: {@link #length} bytes. */
    public void writeTo(byte[] dest, int offset, long seq) {
        System.arraycopy(prefix, 0, dest, offset, prefix.length);
        int end = offset + prefix.length + digits(seq);
        long rest = seq;
        for (int at = end - 1; at >= offset + prefix.length; at--) { // the digits, last first
            dest[at] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        System.arraycopy(suffix, 0, dest, end, suffix.length);
    }

    private static int digits(long seq) {
        int digits = 1;
        for (long rest = seq / 10; rest > 0; rest /= 10) {
            digits++;
        }
        return digits;
    }
}
