package dev.localipc.examples.cli;

import com.google.gson.JsonObject;
import dev.localipc.api.Endpoint;
import dev.localipc.api.NoTransportAvailableException;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.examples.bench.BenchClient;
import dev.localipc.examples.bench.BenchFailure;
import dev.localipc.examples.bench.BenchServer;
import dev.localipc.examples.bench.Counts;
import dev.localipc.examples.bench.ServerProcess;
import dev.localipc.examples.bench.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code localipc bench}: runs one workload of docs/PERFORMANCE.md with the server in a JVM it
 * starts itself and the client in this one; the last line is {@code RESULT {json}}.
 *
 * <pre>{@code
 * ./localipc bench W1                         # 20,000 warm-up + 100,000 timed round trips
 * W2_N=10000 W2_RUNS=1 ./localipc bench W2    # a quick run
 * }</pre>
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Runs a benchmark workload: server and client in separate JVMs, through the public API.",
            "W1 request RTT, W2 notification stream, W3 broadcast fan-out, W4 connect+handshake+close,"
                    + " W5 idle clients' memory, W6 W3 through topic events (publish, seq checked)."
                    + " Counts from W1_WARM W1_N W2_N W2_RUNS W3_N W3_CLIENTS"
                    + " W4_WARM W4_N W5_CLIENTS (defaults as the peers'). The last line is RESULT {json}.",
            "BENCH_DIAG=1 also prints what each W2 run and the W3 broadcasts cost the working threads"
                    + " and the machine (CPU time, page faults).",
        })
public final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    private static final String APPLICATION = "localipc-bench";

    @ParentCommand
    LocalIpcCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<workload>", description = "W1, W2, W3, W4, W5 or W6.")
    Workload workload;

    @Option(names = "--transport", paramLabel = "NAME", description = "Transport by name (default: the best available).")
    String transport;

    @Option(names = "--serve", hidden = true, description = "Internal: be the server (in the JVM the command starts).")
    boolean serve;

    @Option(names = "--runtime-dir", hidden = true, paramLabel = "DIR", description = "Internal: the server's runtime directory.")
    Path runtimeDir;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = root.env();
        Counts counts;
        try {
            counts = Counts.from(env);
        } catch (IllegalArgumentException bad) {
            throw new CliFailure(ExitCodes.USAGE, bad.getMessage(), bad);
        }
        TransportProvider provider = provider();
        if (serve) {
            if (runtimeDir == null) {
                throw new CliFailure(ExitCodes.USAGE, "--serve needs --runtime-dir");
            }
            return new BenchServer(workload, endpoint(runtimeDir), provider, counts, System.out).run();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("bench %s: java %s (%s), transport %s, %s%n", workload, System.getProperty("java.version"),
                System.getProperty("java.vendor"), provider.name(), countsText(env));
        out.flush();
        Path dir = Files.createTempDirectory("localipc-bench-");
        try {
            JsonObject figures = runAgainstServer(provider, counts, dir, out);
            JsonObject result = new JsonObject();
            result.addProperty("workload", workload.name());
            for (Map.Entry<String, com.google.gson.JsonElement> figure : figures.entrySet()) {
                result.add(figure.getKey(), figure.getValue());
            }
            result.addProperty("jvm", System.getProperty("java.version") + " " + System.getProperty("java.vendor"));
            result.addProperty("gc", garbageCollectors());
            result.addProperty("transport", provider.name());
            out.println("RESULT " + result);
            out.flush();
            return ExitCodes.OK;
        } finally {
            deleteTree(dir);
        }
    }

    /** The collectors of this JVM (the server's JVM has the same options), such as "G1 Young Generation, G1 Old Generation". */
    private static String garbageCollectors() {
        StringBuilder names = new StringBuilder();
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            names.append(names.length() > 0 ? ", " : "").append(gc.getName());
        }
        return names.toString();
    }

    private JsonObject runAgainstServer(TransportProvider provider, Counts counts, Path dir, PrintWriter out) throws Exception {
        List<String> args = new ArrayList<>(List.of("bench", workload.name(), "--serve", "--runtime-dir", dir.toString()));
        if (transport != null) {
            args.add("--transport");
            args.add(transport);
        }
        Map<String, String> childEnv = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : root.env().entrySet()) {
            if (entry.getKey().matches("W[1-5]_[A-Z]+|BENCH_SERVER_JAVA_OPTS|BENCH_DIAG")) {
                childEnv.put(entry.getKey(), entry.getValue());
            }
        }
        Endpoint endpoint = endpoint(dir);
        try (ServerProcess server = ServerProcess.start(Main.class.getName(), args, childEnv, out)) {
            server.awaitReady(120);
            String token = Files.readString(provider.resolve(endpoint).tokenFile(), StandardCharsets.US_ASCII).trim();
            JsonObject figures;
            try {
                figures = new BenchClient(endpoint, provider, token, counts, out).run(workload);
            } catch (BenchFailure failure) {
                throw new CliFailure(ExitCodes.INTERNAL, "bench " + workload + " failed: " + failure.getMessage(), failure);
            }
            int exit = server.awaitExit(120);
            if (exit != 0) {
                throw new CliFailure(ExitCodes.INTERNAL, "bench " + workload + ": the server JVM exited with " + exit
                        + " (its verification failed; see the server: lines above)");
            }
            return figures;
        }
    }

    private TransportProvider provider() {
        try {
            return transport == null ? Transports.select() : Transports.byName(transport);
        } catch (NoTransportAvailableException | IllegalArgumentException none) {
            throw new CliFailure(transport == null ? ExitCodes.INTERNAL : ExitCodes.USAGE, none.getMessage(), none);
        }
    }

    private Endpoint endpoint(Path dir) {
        return Endpoint.of(APPLICATION, workload.name().toLowerCase(Locale.ROOT)).withRuntimeDirectory(dir);
    }

    private static String countsText(Map<String, String> env) {
        StringBuilder text = new StringBuilder("counts:");
        for (String name : List.of("W1_WARM", "W1_N", "W2_N", "W2_RUNS", "W3_N", "W3_CLIENTS", "W4_WARM", "W4_N", "W5_CLIENTS")) {
            if (env.containsKey(name)) {
                text.append(' ').append(name).append('=').append(env.get(name));
            }
        }
        return text.length() == 7 ? "default counts" : text.toString();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("localipc bench: could not remove " + dir + ": " + e);
        }
    }
}
