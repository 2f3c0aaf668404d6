package dev.localipc.examples.bench;

/**
 * The benchmark payload, equal to the peers' 64-byte JSON object
 * {@code {"seq":"00000042","op":"req","body":"abcdefghijklmnopqrstuvwxy"}} (Gson writes the fields
 * in declaration order). Mutable for Gson; treat instances as values.
 *
 * <pre>{@code
 * BenchMessage m = BenchMessage.of(42, "req");
 * m.check(42, "req");          // throws BenchFailure if seq, op or body differ
 * }</pre>
 */
public final class BenchMessage {
    /** The fixed body, 25 characters. */
    public static final String BODY = "abcdefghijklmnopqrstuvwxy";

    String seq;
    String op;
    String body;

    /** For Gson. */
    public BenchMessage() {
    }

    BenchMessage(String seq, String op, String body) {
        this.seq = seq;
        this.op = op;
        this.body = body;
    }

    /** The message with sequence number {@code seq} (8 digits, zero-padded) and operation {@code op}. */
    public static BenchMessage of(long seq, String op) {
        return new BenchMessage(digits(seq), op, BODY);
    }

    /** {@code seq} as 8 zero-padded decimal digits, as the peers write it. */
    static String digits(long seq) {
        byte[] text = new byte[8];
        long rest = seq;
        for (int i = 7; i >= 0; i--) {
            text[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return new String(text, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Checks that this is message {@code expectedSeq} with operation {@code expectedOp} and the fixed body. */
    public void check(long expectedSeq, String expectedOp) {
        if (seq == null || seq.length() != 8 || parse(seq) != expectedSeq || !expectedOp.equals(op) || !BODY.equals(body)) {
            throw new BenchFailure("message " + this + " where seq " + expectedSeq + " op " + expectedOp + " was expected");
        }
    }

    private static long parse(String digits) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    public String toString() {
        return "{seq=" + seq + ", op=" + op + ", body=" + body + "}";
    }
}
