package dev.localipc.core;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A separate JVM (optionally under another uid through setpriv) whose whole output is captured. */
final class ChildJvm {
    private ChildJvm() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java -cp <test class path> <main> args}, with logging at {@code logLevel}. */
    static List<String> command(String logLevel, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=" + logLevel, main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Result of a finished child. */
    record Result(int exitCode, String output) {
    }

    /** Runs {@code command} to its end (stderr merged into stdout) within {@code seconds}. */
    static Result run(List<String> command, long seconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), UTF_8);
            } catch (IOException e) {
                return "(reading the output failed: " + e + ")";
            }
        });
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child " + command + " did not finish within " + seconds + " s: " + output.getNow("?"));
        }
        return new Result(process.exitValue(), output.join());
    }
}
