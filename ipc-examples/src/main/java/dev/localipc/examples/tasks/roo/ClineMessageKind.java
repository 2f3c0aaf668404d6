package dev.localipc.examples.tasks.roo;

/**
 * The {@code type} of a {@link ClineMessage}: a question to the user or a statement.
 *
 * <pre>{@code
 * if (m.type() == ClineMessageKind.ASK) { ... }
 * }</pre>
 */
public enum ClineMessageKind implements WireName {
    /** The agent asks (see {@link ClineAsk}). */
    ASK("ask"),
    /** The agent or the user says (see {@link ClineSay}). */
    SAY("say");

    private final String wire;

    ClineMessageKind(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
