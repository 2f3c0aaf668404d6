package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IpcClient#close()} delivers what was already received: an event the server published
 * before answering reaches its listener before close() returns (GETTING-STARTED's HelloClient
 * printed it in only one run of six), without waiting for itself when a listener closes the client.
 */
class ClientCloseDeliversTest {
    @TempDir
    Path temp;

    private IpcServer greeter() throws Exception {
        Endpoint endpoint = Endpoint.builder("close").name("greeter").runtimeDirectory(temp.resolve("run")).build();
        return IpcServer.builder(endpoint)
                .onRequest("greet", JsonElement.class, (ctx, params) -> {
                    ctx.server().publish("greeted", Map.of("name", "Ada"));   // sent before the response
                    return "Hello, Ada!";
                })
                .build().start();
    }

    private static IpcClient client(IpcServer server) throws Exception {
        return IpcClient.builder(server.address().endpoint()).token(server.token()).reconnect(false).connect();
    }

    @Test
    void anEventReceivedBeforeTheResponseReachesItsListenerBeforeCloseReturns() throws Exception {
        try (IpcServer server = greeter()) {
            for (int run = 0; run < 5; run++) {
                List<String> printed = new CopyOnWriteArrayList<>();
                IpcClient client = client(server);
                client.subscribe("greeted", JsonElement.class, (event, seq) -> {
                    Thread.sleep(200);                                // a listener slower than the caller
                    printed.add("event #" + seq + ": " + event);
                });
                assertEquals("Hello, Ada!", client.request("greet", null, String.class).get(10, TimeUnit.SECONDS));
                client.close();
                assertEquals(List.of("event #1: {\"name\":\"Ada\"}"), printed, "run " + run);
            }
        }
    }

    @Test
    void aListenerThatClosesTheClientDoesNotWaitForItself() throws Exception {
        try (IpcServer server = greeter()) {
            IpcClient client = client(server);
            CountDownLatch closedFromListener = new CountDownLatch(1);
            // the event comes before the response: the listener waits for the response (the reader
            // completes it, not this worker) so that its close() cannot cut the response off
            CompletableFuture<CompletableFuture<String>> request = new CompletableFuture<>();
            client.subscribe("greeted", JsonElement.class, (event, seq) -> {
                request.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
                client.close();
                closedFromListener.countDown();
            });
            request.complete(client.request("greet", null, String.class));
            request.get().get(10, TimeUnit.SECONDS);
            // close() waits up to 5 s for the worker: from the worker itself it must return at once.
            assertTrue(closedFromListener.await(3, TimeUnit.SECONDS), "close() from a listener waited for itself");
            assertEquals(ConnectionState.CLOSED, client.state());
        }
    }

    @Test
    void aListenerThatNeverReturnsDelaysCloseOnlyBoundedly() throws Exception {
        try (IpcServer server = greeter()) {
            IpcClient client = client(server);
            CountDownLatch release = new CountDownLatch(1);
            client.subscribe("greeted", JsonElement.class, (event, seq) -> release.await());
            client.request("greet", null, String.class).get(10, TimeUnit.SECONDS);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(client::close);
            try {
                closing.get(30, TimeUnit.SECONDS);                // the bound is 5 s; a hang would fail here
                assertEquals(ConnectionState.CLOSED, client.state());
            } finally {
                release.countDown();
            }
        }
    }
}
