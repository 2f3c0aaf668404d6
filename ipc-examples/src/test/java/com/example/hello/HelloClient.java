package com.example.hello;

import com.google.gson.JsonObject;
import dev.localipc.api.Endpoint;
import dev.localipc.core.IpcClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;

public final class HelloClient {
    public static void main(String[] args) throws Exception {
        System.out.println(greet(Endpoint.of("hello", "greeter"), args.length > 0 ? args[0] : "Ada"));
    }

    static String greet(Endpoint endpoint, String name) throws Exception {
        // The token comes from LOCALIPC_TOKEN, or else from the endpoint's 0600 token file.
        try (IpcClient client = IpcClient.builder(endpoint).clientName("hello-client/1.0").connect()) {
            client.subscribe("greeted", JsonObject.class,
                    (event, seq) -> System.out.println("event #" + seq + ": " + event));
            return client.request("greet", Map.of("name", name), String.class).get(5, TimeUnit.SECONDS);
        }
    }
}
