package dev.localipc.core.internal.wire;

import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import dev.localipc.core.ClientInfo;
import java.io.IOException;
import java.time.Instant;

/**
 * Writes {@link ClientInfo} as plain JSON, so that a handler can return {@code server.clients()}
 * without Gson reflecting on library or JDK classes (which the module system forbids):
 * {@code {"clientId":"a3f7b9c2d1e4","session":"...","pid":42,"uid":1000,"clientName":"tool/1.0",
 * "connectedAt":"2026-01-01T00:00:00Z","messagesIn":3,"messagesOut":3,"bytesIn":310,"bytesOut":420}}.
 */
final class ClientInfoAdapter extends TypeAdapter<ClientInfo> {

    @Override
    public void write(JsonWriter out, ClientInfo info) throws IOException {
        if (info == null) {
            out.nullValue();
            return;
        }
        out.beginObject();
        out.name("clientId").value(info.clientId());
        out.name("session").value(info.session());
        if (info.pid().isPresent()) {
            out.name("pid").value(info.pid().getAsLong());
        }
        if (info.uid().isPresent()) {
            out.name("uid").value(info.uid().getAsLong());
        }
        if (info.clientName().isPresent()) {
            out.name("clientName").value(info.clientName().get());
        }
        out.name("connectedAt").value(info.connectedAt().toString());
        out.name("messagesIn").value(info.messagesIn());
        out.name("messagesOut").value(info.messagesOut());
        out.name("bytesIn").value(info.bytesIn());
        out.name("bytesOut").value(info.bytesOut());
        out.endObject();
    }

    @Override
    public ClientInfo read(JsonReader in) throws IOException {
        String clientId = null;
        String session = null;
        String clientName = null;
        long pid = -1;
        long uid = -1;
        Instant connectedAt = Instant.EPOCH;
        long messagesIn = 0;
        long messagesOut = 0;
        long bytesIn = 0;
        long bytesOut = 0;
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "clientId": clientId = in.nextString(); break;
                case "session": session = in.nextString(); break;
                case "pid": pid = in.nextLong(); break;
                case "uid": uid = in.nextLong(); break;
                case "clientName": clientName = in.nextString(); break;
                case "connectedAt": connectedAt = Instant.parse(in.nextString()); break;
                case "messagesIn": messagesIn = in.nextLong(); break;
                case "messagesOut": messagesOut = in.nextLong(); break;
                case "bytesIn": bytesIn = in.nextLong(); break;
                case "bytesOut": bytesOut = in.nextLong(); break;
                default: in.skipValue();
            }
        }
        in.endObject();
        return new ClientInfo(clientId == null ? "" : clientId, session == null ? "" : session, pid, uid, clientName,
                connectedAt, messagesIn, messagesOut, bytesIn, bytesOut);
    }
}
