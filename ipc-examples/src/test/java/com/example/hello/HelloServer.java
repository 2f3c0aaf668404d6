package com.example.hello;

import dev.localipc.api.Endpoint;
import dev.localipc.core.IpcServer;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

public final class HelloServer {
    public static void main(String[] args) throws Exception {
        try (IpcServer server = start(Endpoint.of("hello", "greeter"))) {
            System.out.println("listening on " + server.address().location());
            System.out.println("token file   " + server.address().tokenFile());
            Thread.currentThread().join(); // serve until Ctrl-C; the socket and token files are removed on exit
        }
    }

    static IpcServer start(Endpoint endpoint) throws IOException {
        AtomicInteger greeted = new AtomicInteger();
        return IpcServer.builder(endpoint)
                .onRequest("greet", Greet.class, (ctx, params) -> {
                    // an event for every subscriber of topic "greeted"
                    ctx.server().publish("greeted", new Greeted(params.name(), greeted.incrementAndGet()));
                    return "Hello, " + params.name() + "!";
                })
                .build()
                .start();
    }

    /** The params of "greet": {"name": "Ada"}. A missing name is answered with error -32602. */
    record Greet(String name) {
    }

    /** The data of a "greeted" event: {"name": "Ada", "count": 1}. */
    record Greeted(String name, int count) {
    }
}
