package com.example.hello;

import dev.localipc.api.Endpoint;
import dev.localipc.core.IpcServer;

/** Lets DocsTest run the GETTING-STARTED example, whose methods are package-private as a reader would write them. */
public final class HelloAccess {
    private HelloAccess() {
    }

    public static IpcServer start(Endpoint endpoint) throws Exception {
        return HelloServer.start(endpoint);
    }

    public static String greet(Endpoint endpoint, String name) throws Exception {
        return HelloClient.greet(endpoint, name);
    }
}
