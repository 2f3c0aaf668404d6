package dev.localipc.examples.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark server's JVM: started with this JVM's {@code java}, class path and options
 * (plus {@code BENCH_SERVER_JAVA_OPTS}), its output forwarded line by line with a
 * {@code server: } prefix, ready when it prints {@code READY}.
 *
 * <pre>{@code
 * try (ServerProcess server = ServerProcess.start(Main.class.getName(), List.of("bench", "W1", "--serve"), env, out)) {
 *     server.awaitReady(60);
 *     ...
 *     int exit = server.awaitExit(60);
 * }
 * }</pre>
 */
public final class ServerProcess implements AutoCloseable {
    /** Extra JVM options for the server only (e.g. a JFR recording). */
    static final String OPTIONS_ENV = "BENCH_SERVER_JAVA_OPTS";

    private final Process process;
    private final Thread pump;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final StringBuilder lastLines = new StringBuilder();

    private ServerProcess(Process process, PrintWriter log) {
        this.process = process;
        this.pump = new Thread(() -> pump(log), "bench-server-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code java <this JVM's options> -cp <class path> <main class> args...} with {@code env} added. */
    public static ServerProcess start(String mainClass, List<String> args, Map<String, String> env, PrintWriter log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // a debugger port or a flight recording file cannot be shared by two JVMs
            if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-XX:StartFlightRecording")) {
                command.add(option);
            }
        }
        String extra = env.get(OPTIONS_ENV);
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new ServerProcess(builder.start(), log);
    }

    private void pump(PrintWriter log) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals("READY")) {
                    ready.countDown();
                    continue;
                }
                synchronized (lastLines) {
                    lastLines.append(line).append('\n');
                    if (lastLines.length() > 4000) {
                        lastLines.delete(0, lastLines.length() - 4000);
                    }
                }
                synchronized (log) {
                    log.println("server: " + line);
                    log.flush();
                }
            }
        } catch (IOException e) {
            synchronized (log) {
                log.println("server: (output lost: " + e + ")");
            }
        }
    }

    /** Waits until the server printed READY; fails with its output if it exited or took too long. */
    public void awaitReady(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!ready.await(20, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive()) {
                pump.join(2000);
                throw new BenchFailure("the server JVM exited with " + process.exitValue() + " before it was ready:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new BenchFailure("the server JVM was not ready within " + seconds + " s:\n" + output());
            }
        }
    }

    /** Waits for the server's exit code (after the client called bench.finish). */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new BenchFailure("the server JVM did not exit within " + seconds + " s after bench.finish:\n" + output());
        }
        pump.join(5000);
        return process.exitValue();
    }

    String output() {
        synchronized (lastLines) {
            return lastLines.toString();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
