package com.example.consumer;

import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.core.IpcClient;
import dev.localipc.core.IpcServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * What a user's application does with localipc, checked: the transports and the SLF4J provider are
 * found where the build put them (module path or class path), and a server answers a client.
 * Exits with 1 and says what is wrong otherwise; the build then fails.
 */
public final class Main {
    /** The params of "greet". */
    record Greet(String name) {
    }

    public static void main(String[] args) throws Exception {
        boolean modulePath = args.length == 1 && args[0].equals("module-path");
        if (!modulePath && !(args.length == 1 && args[0].equals("class-path"))) {
            fail("usage: Main module-path|class-path");
        }
        String path = args[0];

        expect(Main.class.getModule().isNamed() == modulePath,
                "the application is in " + Main.class.getModule() + ", expected it on the " + path);

        Set<String> transports = Transports.providers().stream().map(TransportProvider::name)
                .collect(Collectors.toCollection(TreeSet::new));
        expect(transports.equals(Set.of("unix", "windows")),
                "transports found: " + transports + ", expected unix and windows (ipc-core's runtime dependencies)");
        for (TransportProvider provider : Transports.providers()) {
            Module module = provider.getClass().getModule();
            expect(module.isNamed() == modulePath, "transport " + provider.name() + " was loaded from " + module
                    + ", expected the " + path);
        }
        TransportProvider transport = Transports.select();

        String logging = LoggerFactory.getILoggerFactory().getClass().getName();
        expect(logging.equals("org.slf4j.simple.SimpleLoggerFactory"),
                "SLF4J logs through " + logging + ", expected slf4j-simple, the provider this build adds");

        // A short name: macOS allows socket paths of 103 bytes, and its temporary directory takes about 50.
        Path directory = Files.createTempDirectory("lipc");
        try {
            Endpoint endpoint = Endpoint.of("consumer", "greeter").withRuntimeDirectory(directory.resolve("run"));
            try (IpcServer server = IpcServer.builder(endpoint)
                    .onRequest("greet", Greet.class, (ctx, params) -> "Hello, " + params.name() + "!")
                    .build()
                    .start();
                 IpcClient client = IpcClient.builder(endpoint).clientName("consumer/1.0").connect()) {
                String answer = client.request("greet", new Greet("Ada"), String.class).get(30, TimeUnit.SECONDS);
                expect(answer.equals("Hello, Ada!"), "the server answered " + answer + ", expected Hello, Ada!");
                System.out.println("consumer on the " + path + ": transports " + transports + ", " + transport.name()
                        + " selected, from " + transport.getClass().getModule() + "; SLF4J provider " + logging
                        + "; the server answered: " + answer);
            }
        } finally {
            deleteTree(directory);
        }
    }

    private static void expect(boolean condition, String problem) {
        if (!condition) {
            fail(problem);
        }
    }

    private static void fail(String problem) {
        System.err.println("consumer: " + problem);
        System.exit(1);
    }

    private static void deleteTree(Path directory) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
