package dev.localipc.benchmarks;

/**
 * The 64-byte benchmark payload {@code {"seq":"00000042","op":"req","body":"abcdefghijklmnopqrstuvwxy"}}
 * as a typed value (Gson writes the fields in this order).
 *
 * <pre>{@code
 * Payload p = new Payload("00000042", "req");
 * }</pre>
 */
public final class Payload {
    String seq;
    String op;
    String body;

    /** For Gson. */
    public Payload() {
    }

    Payload(String seq, String op) {
        this.seq = seq;
        this.op = op;
        this.body = "abcdefghijklmnopqrstuvwxy";
    }
}
