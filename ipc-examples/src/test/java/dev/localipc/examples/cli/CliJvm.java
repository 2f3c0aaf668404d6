package dev.localipc.examples.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code localipc} run in a separate JVM, as the launcher runs it: its own environment, and its
 * own logging (the main resources' simplelogger.properties on standard error), so a test sees
 * exactly what a user sees, library log lines included. Optionally as another user.
 *
 * <pre>{@code
 * CliJvm run = CliJvm.run(Map.of("LOCALIPC_RUNTIME_DIR", dir.toString()), "list");
 * assertEquals(ExitCodes.OK, run.exit(), run.toString());
 * }</pre>
 *
 * @param exit the exit code
 * @param out standard output
 * @param err standard error
 */
public record CliJvm(int exit, String out, String err) {
    /** Variables of the test's own environment that would change what localipc does: never inherited. */
    private static final List<String> CLEARED = List.of("LOCALIPC_RUNTIME_DIR", "LOCALIPC_TOKEN", "XDG_RUNTIME_DIR",
            "LOCALIPC_LOG");

    /** Runs {@code localipc args} with {@code env} added to a cleaned copy of this JVM's environment. */
    public static CliJvm run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(List.of(), mainClassPath(), List.of(), env, args);
    }

    /**
     * Runs {@code localipc args}.
     *
     * @param prefix what runs the JVM, e.g. {@code setpriv --reuid=65534 ...}; empty for nothing
     * @param classPath the JVM's class path (see {@link #mainClassPath()})
     * @param jvmOptions extra JVM options
     * @param env added to a copy of this JVM's environment without localipc's own variables
     */
    public static CliJvm run(List<String> prefix, String classPath, List<String> jvmOptions, Map<String, String> env,
            String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // As the launcher does: junixsocket loads native code, and JDK 22+ warns on standard error otherwise.
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        CLEARED.forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("localipc " + String.join(" ", args) + " did not finish within 60 s (killed):\n"
                    + new CliJvm(-1, out.join(), err.join()));
        }
        return new CliJvm(process.exitValue(), out.join(), err.join());
    }

    /** The test class path without test classes (they register the example transport, a fallback here). */
    public static String mainClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
