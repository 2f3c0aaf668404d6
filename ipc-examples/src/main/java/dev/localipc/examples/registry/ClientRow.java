package dev.localipc.examples.registry;

import dev.localipc.core.ClientInfo;
import dev.localipc.examples.json.Nullable;

/**
 * One connected client as the example servers' {@value ClientRegistryMethod#METHOD} request
 * answers it (JSON schema: {@code docs/schema/clients.result.json}).
 *
 * <pre>{@code
 * ClientRow[] rows = client.request("localipc.clients", null, ClientRow[].class).get();
 * }</pre>
 *
 * @param clientId the id the server assigned
 * @param clientName the name the client gave in its handshake, or null
 * @param pid the client's process id from the operating system, or -1
 * @param uid the client's user id from the operating system, or -1
 * @param connectedAt when the handshake completed, ISO-8601
 * @param messagesIn frames received from the client
 * @param messagesOut frames sent to the client
 * @param bytesIn bytes received from the client
 * @param bytesOut bytes sent to the client
 * @param self whether this row is the client that asked
 */
public record ClientRow(String clientId, @Nullable String clientName, long pid, long uid, String connectedAt, long messagesIn,
                        long messagesOut, long bytesIn, long bytesOut, boolean self) {

    /** The row for {@code info}; {@code askingClientId} marks the asker's own row. */
    public static ClientRow of(ClientInfo info, String askingClientId) {
        return new ClientRow(info.clientId(), info.clientName().orElse(null), info.pid().orElse(-1),
                info.uid().orElse(-1), info.connectedAt().toString(), info.messagesIn(), info.messagesOut(),
                info.bytesIn(), info.bytesOut(), info.clientId().equals(askingClientId));
    }
}
