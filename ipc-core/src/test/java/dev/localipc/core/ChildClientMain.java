package dev.localipc.core;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A client in its own JVM for cross-process tests: connects with the default transport and the
 * default token sources (builder none, then LOCALIPC_TOKEN, then the token file), calls
 * {@code whoami}, prints {@code pid=<own pid> result=<json>} and exits 0; prints the handshake
 * error code and exits 3 when refused.
 */
public final class ChildClientMain {
    private ChildClientMain() {
    }

    public static void main(String[] args) throws Exception {
        Endpoint endpoint = Endpoint.builder(args[1]).name(args[2]).runtimeDirectory(Path.of(args[0])).build();
        try (IpcClient client = IpcClient.builder(endpoint).clientName("child/1.0").reconnect(false).connect()) {
            JsonElement who = client.request("whoami", null, JsonElement.class).get(30, TimeUnit.SECONDS);
            System.out.println("pid=" + ProcessHandle.current().pid() + " result=" + who);
        } catch (HandshakeException e) {
            System.out.println("refused=" + e.code());
            System.exit(3);
        }
    }
}
