package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The data of the {@code Ack} a Roo-style server writes as the first frame of every connection:
 * the id it gives the client, and its own process ids. On the wire:
 * {@code {"clientId":"3853c13e5953","pid":16346,"ppid":16317}}.
 *
 * <pre>{@code
 * Ack ack = Ack.forThisProcess(Ack.newClientId());
 * IpcMessage first = IpcMessage.ack(ack);
 * }</pre>
 *
 * @param clientId the client's id: Roo's server makes 12 lowercase hex characters, new for each connection
 * @param pid the server's process id
 * @param ppid the server's parent process id (0 when it has none)
 */
public record Ack(String clientId, long pid, long ppid) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ROO_CLIENT_ID = Pattern.compile("[0-9a-f]{12}");

    /** Checks the id is a string (any string is valid for Roo's schema). */
    public Ack {
        Objects.requireNonNull(clientId, "clientId");
    }

    /** A new client id as Roo's server makes them: 6 random bytes in lowercase hex. */
    public static String newClientId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Whether {@code clientId} looks like one Roo's server makes (12 lowercase hex characters). */
    public static boolean isRooStyleClientId(String clientId) {
        return clientId != null && ROO_CLIENT_ID.matcher(clientId).matches();
    }

    /** The Ack of this process: its pid and its parent's. */
    public static Ack forThisProcess(String clientId) {
        ProcessHandle self = ProcessHandle.current();
        return new Ack(clientId, self.pid(), self.parent().map(ProcessHandle::pid).orElse(0L));
    }

    /** The JSON object, keys in Roo's order. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("clientId", clientId);
        json.addProperty("pid", pid);
        json.addProperty("ppid", ppid);
        return json;
    }

    /**
     * Reads an Ack's data as Roo's {@code ackSchema} does (pid and ppid must be whole numbers here).
     *
     * @param path where the value is, for error messages ({@code "data"})
     * @throws RooSchemaException naming the field that is missing or of the wrong type
     */
    public static Ack parse(JsonElement value, String path) throws RooSchemaException {
        ObjectReader json = ObjectReader.of(value, path);
        return new Ack(json.string("clientId"), json.wholeNumber("pid"), json.wholeNumber("ppid"));
    }
}
