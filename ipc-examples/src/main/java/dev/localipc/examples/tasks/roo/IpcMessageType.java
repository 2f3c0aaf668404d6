package dev.localipc.examples.tasks.roo;

/**
 * The kinds of {@link IpcMessage} that go on the wire ({@code Connect} and {@code Disconnect} of Roo's
 * {@code IpcMessageType} are local event names only, never sent).
 *
 * <pre>{@code
 * switch (message.type()) { case ACK: ...; case TASK_EVENT: ...; default: ... }
 * }</pre>
 */
public enum IpcMessageType implements WireName {
    /** The server's first frame on a connection: the client's id. */
    ACK("Ack"),
    /** A client's command. */
    TASK_COMMAND("TaskCommand"),
    /** A task event or a query's answer, from the server. */
    TASK_EVENT("TaskEvent");

    private final String wire;

    IpcMessageType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
