package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.localipc.examples.json.Nullable;
import java.util.Objects;

/**
 * What a node-ipc {@code "message"} envelope carries between Roo Code's client and server
 * (Roo's {@code IpcMessage}): on the wire {@code {"type":"message","data":<this>}} followed by a
 * form feed (that framing is the wire format's business, not this class's). Three kinds exist:
 *
 * <table>
 * <caption>the three kinds</caption>
 * <tr><th>type</th><th>origin</th><th>fields</th></tr>
 * <tr><td>Ack</td><td>server</td><td>{@link #ack()}, once, first on every connection</td></tr>
 * <tr><td>TaskCommand</td><td>client</td><td>{@link #clientId()} (required), {@link #command()}</td></tr>
 * <tr><td>TaskEvent</td><td>server</td><td>{@link #event()}, {@link #relayClientId()} (optional)</td></tr>
 * </table>
 *
 * <pre>{@code
 * IpcMessage first = IpcMessage.ack(Ack.forThisProcess(Ack.newClientId()));
 * JsonObject data = first.toJson();   // {"type":"Ack","origin":"server","data":{...}}
 * IpcMessage received = IpcMessage.parse(envelopeData);
 * if (received.type() == IpcMessageType.TASK_COMMAND) { handle(received.command()); }
 * }</pre>
 *
 * @param type the kind
 * @param origin client for a TaskCommand, server for the others
 * @param clientId a TaskCommand's clientId (whatever the client wrote: never use it to route), else null
 * @param relayClientId a TaskEvent's optional relayClientId, else null
 * @param ack an Ack's data, else null
 * @param command a TaskCommand's data, else null
 * @param event a TaskEvent's data, else null
 */
public record IpcMessage(IpcMessageType type, IpcOrigin origin, @Nullable String clientId, @Nullable String relayClientId,
                         @Nullable Ack ack, @Nullable TaskCommand command, @Nullable RooTaskEvent event) {
    /** Checks the fields fit the type, and the origin is the one Roo's schema pins for it. */
    public IpcMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(origin, "origin");
        boolean isAck = type == IpcMessageType.ACK;
        boolean isCommand = type == IpcMessageType.TASK_COMMAND;
        boolean isEvent = type == IpcMessageType.TASK_EVENT;
        if (isAck != (ack != null) || isCommand != (command != null) || isEvent != (event != null)
                || isCommand != (clientId != null) || (!isEvent && relayClientId != null)) {
            throw new IllegalArgumentException("the fields do not fit an IpcMessage of type " + type.wire());
        }
        if (origin != (isCommand ? IpcOrigin.CLIENT : IpcOrigin.SERVER)) {
            throw new IllegalArgumentException("an IpcMessage of type " + type.wire() + " has origin "
                    + (isCommand ? "client" : "server") + " in Roo's schema; got " + origin.wire());
        }
    }

    /** The server's Ack. */
    public static IpcMessage ack(Ack ack) {
        return new IpcMessage(IpcMessageType.ACK, IpcOrigin.SERVER, null, null, ack, null, null);
    }

    /** A client's command, under the clientId its Ack gave it. */
    public static IpcMessage taskCommand(String clientId, TaskCommand command) {
        return new IpcMessage(IpcMessageType.TASK_COMMAND, IpcOrigin.CLIENT, Objects.requireNonNull(clientId, "clientId"), null,
                null, Objects.requireNonNull(command, "command"), null);
    }

    /** A server's task event. */
    public static IpcMessage taskEvent(RooTaskEvent event) {
        return new IpcMessage(IpcMessageType.TASK_EVENT, IpcOrigin.SERVER, null, null, null, null,
                Objects.requireNonNull(event, "event"));
    }

    /** The JSON object: type, origin, clientId / relayClientId, data (Roo's key order). */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("type", type.wire());
        json.addProperty("origin", origin.wire());
        if (clientId != null) {
            json.addProperty("clientId", clientId);
        }
        if (relayClientId != null) {
            json.addProperty("relayClientId", relayClientId);
        }
        json.add("data", ack != null ? ack.toJson() : command != null ? command.toJson() : event.toJson());
        return json;
    }

    /**
     * Reads the {@code data} of a node-ipc "message" envelope as Roo's {@code ipcMessageSchema}
     * does (the same check Roo's client and server make before they act on a frame).
     *
     * @throws RooSchemaException if it is not an object ("invalid data" in Roo's log), or does not
     *     fit the schema ("invalid payload"); the message names the field
     */
    public static IpcMessage parse(@Nullable JsonElement value) throws RooSchemaException {
        ObjectReader json = ObjectReader.of(value, "");
        IpcMessageType type = WireName.parse(IpcMessageType.class, json.required("type"), "type");
        IpcOrigin origin = WireName.parse(IpcOrigin.class, json.required("origin"), "origin");
        IpcOrigin pinned = type == IpcMessageType.TASK_COMMAND ? IpcOrigin.CLIENT : IpcOrigin.SERVER;
        if (origin != pinned) {
            throw new RooSchemaException("origin", "an IpcMessage of type " + type.wire() + " must have origin \"" + pinned.wire() + "\"; got \""
                    + origin.wire() + "\"");
        }
        switch (type) {
            case ACK:
                return ack(Ack.parse(json.required("data"), "data"));
            case TASK_COMMAND:
                return taskCommand(json.string("clientId"), TaskCommand.parse(json.required("data"), "data"));
            default:
                return new IpcMessage(type, origin, null, json.optionalString("relayClientId"), null, null,
                        RooTaskEvent.parse(json.required("data"), "data"));
        }
    }
}
