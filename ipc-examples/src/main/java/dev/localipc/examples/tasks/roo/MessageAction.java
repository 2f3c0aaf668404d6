package dev.localipc.examples.tasks.roo;

/**
 * The {@code action} of a {@code message} event: a new message, or a new version of one with the
 * same {@code ts} (a streamed, partial message growing).
 *
 * <pre>{@code
 * RooTaskEvent.message(new MessagePayload(taskId, MessageAction.CREATED, m));
 * }</pre>
 */
public enum MessageAction implements WireName {
    /** A new message. */
    CREATED("created"),
    /** A new version of the message with the same ts. */
    UPDATED("updated");

    private final String wire;

    MessageAction(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
