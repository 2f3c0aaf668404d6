package dev.localipc.examples.tasks.roo;

/**
 * Who sent an {@link IpcMessage} (lower case on the wire). Roo's schema pins it: an Ack or a
 * TaskEvent comes from the server, a TaskCommand from a client.
 *
 * <pre>{@code
 * if (message.origin() == IpcOrigin.SERVER) { ... }
 * }</pre>
 */
public enum IpcOrigin implements WireName {
    /** A Roo client (TaskCommand). */
    CLIENT("client"),
    /** The server (Ack, TaskEvent). */
    SERVER("server");

    private final String wire;

    IpcOrigin(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
