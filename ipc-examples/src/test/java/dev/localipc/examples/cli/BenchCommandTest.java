package dev.localipc.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keeps {@code localipc bench} from rotting: W1 and W2 with tiny counts, end to end (a server JVM
 * started by the command, every message verified on both sides). No timing is asserted.
 */
class BenchCommandTest {

    @Test
    @Timeout(120)
    void w1AndW2RunEndToEndWithTinyCounts() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(Map.of("W1_WARM", "20", "W1_N", "200", "W2_N", "500", "W2_RUNS", "2"));

        JsonObject w1 = result(CliRun.run(env, "bench", "W1"));
        assertEquals("W1", w1.get("workload").getAsString());
        assertEquals(220, w1.get("verified").getAsLong());
        assertTrue(w1.get("p50_us").getAsDouble() > 0, w1.toString());
        assertTrue(w1.get("p99_us").getAsDouble() >= w1.get("p50_us").getAsDouble(), w1.toString());

        env.put("BENCH_DIAG", "1");
        CliRun w2Run = CliRun.run(env, "bench", "W2");
        JsonObject w2 = result(w2Run);
        // BENCH_DIAG=1: each run's costs, from the client's calling thread and the server's reader
        assertTrue(w2Run.out().contains("W2 run 2, the calling thread and the machine: thread CPU "), w2Run.toString());
        assertTrue(w2Run.out().contains("server: W2 run 2, the reader thread (from its first message) and the machine: thread CPU "),
                w2Run.toString());
        assertEquals("W2", w2.get("workload").getAsString());
        assertEquals(1000, w2.get("verified").getAsLong());
        assertTrue(w2.get("msgs_per_s").getAsLong() > 0, w2.toString());
        assertTrue(w2.get("jvm").getAsString().startsWith(System.getProperty("java.version")), w2.toString());
        assertTrue(w2.get("gc").getAsString().contains(
                java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().get(0).getName()), w2.toString());
    }

    @Test
    void aBadCountIsAUsageErrorNamingTheVariable() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("W1_N", "many");
        CliRun run = CliRun.run(env, "bench", "W1");
        assertEquals(ExitCodes.USAGE, run.exit(), run.toString());
        assertTrue(run.err().contains("W1_N=many is not a whole number"), run.toString());
    }

    private static JsonObject result(CliRun run) {
        assertEquals(ExitCodes.OK, run.exit(), run.toString());
        List<String> lines = run.out().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("RESULT {"), run.toString());
        assertTrue(run.out().contains("server: server " ), run.toString());
        return JsonParser.parseString(last.substring("RESULT ".length())).getAsJsonObject();
    }
}
