package dev.localipc.examples.tasks.roo;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The node-ipc peer kit of {@code src/test/node-ipc-peer}, installed once per JVM into
 * {@code target/node-ipc-peer} by its {@code setup.mjs} ({@code npm ci --ignore-scripts}).
 * {@link #require()} skips the calling test, saying why, when node does not run
 * ({@code node} on the PATH, or {@code LOCALIPC_TEST_NODE}),
 * and fails it when node is there but the install fails (that is a defect to see, not to skip).
 */
final class NodeIpcPeerKit {
    private static final Duration SETUP_TIME = Duration.ofMinutes(5);
    /** The node command: {@code LOCALIPC_TEST_NODE} if set (a path, or a name on the PATH), else {@code node}. */
    private static final String NODE = System.getenv().getOrDefault("LOCALIPC_TEST_NODE", "node");
    private static NodeIpcPeerKit installed;
    private static String unavailable;

    private final Path directory;

    private NodeIpcPeerKit(Path directory) {
        this.directory = directory;
    }

    /** The installed kit; skips the test if node is absent, fails it if the install fails. */
    static synchronized NodeIpcPeerKit require() {
        if (installed == null && unavailable == null) {
            String version = nodeVersion();
            if (version == null) {
                unavailable = "no node: \"" + NODE + " --version\" does not run (install Node 18 or later, or set"
                        + " LOCALIPC_TEST_NODE); the node-ipc peer kit of src/test/node-ipc-peer needs it";
            } else {
                installed = new NodeIpcPeerKit(install());
            }
        }
        assumeTrue(unavailable == null, unavailable);
        return installed;
    }

    /** Where the kit's scripts and node_modules are. */
    Path directory() {
        return directory;
    }

    /** Runs {@code node <script> <args>} in the kit's directory with {@code stdin}, waiting for its end. */
    Result run(Duration timeout, String stdin, String script, String... args) {
        List<String> command = new ArrayList<>(List.of(NODE, script));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
            CompletableFuture<String> out = read(process, true);
            CompletableFuture<String> err = read(process, false);
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not end within " + timeout + "; stderr so far: " + err.getNow("?"));
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Judges each element with validate.mjs as Roo's client would receive it.
     *
     * @param input validate.mjs's {@code --input}: ipc-message, task-event, task-command or envelope
     * @return one verdict per element, in order ({"line", "verdict", "why", "issues"?})
     */
    List<JsonObject> validate(String input, String side, List<? extends JsonElement> values) {
        StringBuilder lines = new StringBuilder();
        values.forEach(value -> lines.append(value).append('\n'));
        Result result = run(Duration.ofSeconds(60), lines.toString(), "validate.mjs", "--input", input, "--side", side);
        List<JsonObject> verdicts = new ArrayList<>();
        result.out().lines().forEach(line -> verdicts.add(JsonParser.parseString(line).getAsJsonObject()));
        if (verdicts.size() != values.size()) {
            fail("validate.mjs answered " + verdicts.size() + " verdicts for " + values.size() + " lines: " + result);
        }
        return verdicts;
    }

    /**
     * Starts {@code node <script> <args>} (a server) and waits for its {"ready":...} line.
     * The returned peer is stopped (SIGTERM, then killed) by {@link Peer#close()}.
     */
    Peer startServer(String script, String... args) {
        List<String> command = new ArrayList<>(List.of(NODE, script));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
            Peer peer = new Peer(process, read(process, false), new java.util.concurrent.LinkedBlockingQueue<>());
            Thread lines = new Thread(() -> {
                try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        peer.lines().add(line);
                    }
                } catch (IOException ended) {
                    // the process ended
                }
            }, "node-peer-stdout");
            lines.setDaemon(true);
            lines.start();
            String first = peer.lines().poll(30, TimeUnit.SECONDS);
            if (first == null || !first.startsWith("{\"ready\"")) {
                peer.close();
                fail(String.join(" ", command) + " did not print {\"ready\"...} within 30 s; got " + first + "; stderr: "
                        + peer.err().getNow("?"));
            }
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A running peer server: its stdout lines (after the ready line) and stderr. */
    record Peer(Process process, CompletableFuture<String> err, java.util.concurrent.BlockingQueue<String> lines)
            implements AutoCloseable {
        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The outcome of one run. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    /**
     * Reads one of the process's streams to its end on a thread of its own (not the common
     * fork-join pool: on 2 cores it has one thread, which a running server's reader would hold).
     */
    private static CompletableFuture<String> read(Process process, boolean stdout) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                text.complete(new String((stdout ? process.getInputStream() : process.getErrorStream()).readAllBytes(),
                        StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("(unreadable: " + e.getMessage() + ")");
            }
        }, "node-peer-" + (stdout ? "stdout" : "stderr"));
        reader.setDaemon(true);
        reader.start();
        return text;
    }

    private static String nodeVersion() {
        try {
            Process process = new ProcessBuilder(NODE, "--version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? version : null;
        } catch (IOException absent) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Path install() {
        Path module = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        if (!Files.isDirectory(module.resolve("src/test/node-ipc-peer"))) {
            module = module.resolve("ipc-examples");
        }
        Path kit = module.resolve("src/test/node-ipc-peer");
        Path target = module.resolve("target/node-ipc-peer");
        try {
            Process setup = new ProcessBuilder(NODE, kit.resolve("setup.mjs").toString(), target.toString())
                    .directory(module.toFile()).start();
            CompletableFuture<String> out = read(setup, true);
            CompletableFuture<String> err = read(setup, false);
            if (!setup.waitFor(SETUP_TIME.toMillis(), TimeUnit.MILLISECONDS)) {
                setup.destroyForcibly();
                fail("node setup.mjs (npm ci of the node-ipc peer kit) did not finish within " + SETUP_TIME
                        + "; stderr: " + err.getNow("?"));
            }
            if (setup.exitValue() != 0) {
                fail("node setup.mjs failed (exit " + setup.exitValue() + "); it installs node-ipc 12.0.0 and"
                        + " @roo-code/types 1.115.0 from the npm registry:\n" + err.join());
            }
            System.err.print(err.join());
            List<String> lines = out.join().lines().toList();
            return Path.of(lines.get(lines.size() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
