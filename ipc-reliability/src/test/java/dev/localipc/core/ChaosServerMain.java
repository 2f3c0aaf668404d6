package dev.localipc.core;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A server in its own JVM for {@link ChaosTest}'s restart test: arguments runtime directory and
 * endpoint name, token from LOCALIPC_TOKEN. Answers {@code echo}, never answers {@code block},
 * publishes a counter on topic {@code t} every millisecond, prints {@code LISTENING}, and runs
 * until it is killed.
 */
public final class ChaosServerMain {
    private ChaosServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Endpoint endpoint = Endpoint.builder("rel").name(args[1]).runtimeDirectory(Path.of(args[0])).build();
        IpcServer server = IpcServer.builder(endpoint).token(System.getenv("LOCALIPC_TOKEN"))
                .onRequest("echo", JsonElement.class, (ctx, p) -> p)
                .onRequest("block", Void.class, (ctx, p) -> new CompletableFuture<Void>())
                .build().start();
        System.out.println("LISTENING");
        for (long n = 1; ; n++) {
            server.publish("t", n);
            Thread.sleep(1);
        }
    }
}
