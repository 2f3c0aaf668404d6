package dev.localipc.transport.unix;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Starts separate JVMs for tests that cross process boundaries, and reads their output line by
 * line without blocking the test forever.
 */
final class TestJvm implements AutoCloseable {
    private static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private TestJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(this::pump, "test-jvm-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} with stderr merged into stdout. */
    static TestJvm start(List<String> command) throws IOException {
        return new TestJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** {@code java} of the running JDK. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test class path (surefire sets java.class.path to it in the forked JVM). */
    static String classPath() {
        return System.getProperty("java.class.path");
    }

    /** The jar or classes directory a class was loaded from. */
    static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    Process process() {
        return process;
    }

    /** Waits for a line starting with {@code prefix} and returns it; fails with everything seen so far. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no line starting with \"" + prefix + "\" within " + timeout + "; output: " + output());
            }
            if (line.equals(END)) {
                lines.add(END);
                throw new AssertionError("the JVM ended without printing \"" + prefix + "\"; output: " + output());
            }
            synchronized (seen) {
                seen.add(line);
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Waits for the JVM to exit and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the JVM did not exit within " + timeout + "; output: " + output());
        }
        return process.exitValue();
    }

    String output() {
        synchronized (seen) {
            List<String> all = new ArrayList<>(seen);
            lines.stream().filter(line -> !line.equals(END)).forEach(all::add);
            return String.join("\n", all);
        }
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException ended) {
            lines.add("(reading the JVM's output failed: " + ended + ")");
        } finally {
            lines.add(END);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
