package dev.localipc.examples.bench;

/**
 * The acknowledgement of a whole run: {@code {"n":1000000}}, as the peers send it.
 *
 * <pre>{@code
 * ctx.notifyPeer("bench.ack", new Done(n));
 * }</pre>
 */
public final class Done {
    long n;

    /** For Gson. */
    public Done() {
    }

    Done(long n) {
        this.n = n;
    }
}
