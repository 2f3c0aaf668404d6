package dev.localipc.core;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A server in its own, small JVM for {@link InboundMemoryTest}: arguments runtime directory and
 * endpoint name, token from LOCALIPC_TOKEN. Answers {@code echo}, prints {@code LISTENING}, then
 * every 250 ms {@code HEAP <bytes live>} (after a full collection), until it is killed.
 */
public final class MemoryBoundServerMain {
    private MemoryBoundServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Endpoint endpoint = Endpoint.builder("rel").name(args[1]).runtimeDirectory(Path.of(args[0])).build();
        IpcServer.builder(endpoint).token(System.getenv("LOCALIPC_TOKEN")).heartbeat(Duration.ofSeconds(5))
                .onRequest("echo", JsonElement.class, (ctx, p) -> p)
                .build().start();
        System.out.println("LISTENING");
        Runtime runtime = Runtime.getRuntime();
        while (true) {
            System.gc(); // what is live, not what waits to be collected
            System.out.println("HEAP " + (runtime.totalMemory() - runtime.freeMemory()));
            Thread.sleep(250);
        }
    }
}
