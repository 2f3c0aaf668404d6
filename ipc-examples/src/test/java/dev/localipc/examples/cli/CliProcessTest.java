package dev.localipc.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.localipc.api.testing.ReadableClassPath;
import dev.localipc.core.IpcClient;
import dev.localipc.core.IpcServer;
import dev.localipc.examples.ExampleEndpoints;
import java.io.File;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.nio.file.LinkOption;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code localipc} in its own JVM, with the launcher's logging: exactly what a user sees on
 * standard error (one message, no library log line beside it), as another user, and with an
 * XDG_RUNTIME_DIR that does not exist.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Unix runtime directories and uids")
class CliProcessTest {
    @TempDir
    Path temp;

    @Test
    void aFullServerIsOneLineNamingTheLimitAndNoLibraryWarning() throws Exception {
        Path runtime = temp.resolve("run");
        try (IpcServer server = IpcServer.builder(ExampleEndpoints.endpoint("full", runtime)).maxClients(1).build().start();
             IpcClient first = IpcClient.builder(ExampleEndpoints.endpoint("full", runtime)).token(server.token())
                     .reconnect(false).connect()) {
            CliJvm result = CliJvm.run(Map.of("LOCALIPC_RUNTIME_DIR", runtime.toString()), "call", "full", "X");
            assertEquals(ExitCodes.REMOTE_ERROR, result.exit(), result.toString());
            assertEquals("localipc: server \"full\" at " + server.address().location() + " is full: too many clients:"
                    + " this server serves at most 1 (error -32006)\n", result.err());
        }
    }

    @Test
    void theNodeIpcTaskRunnerServesTheTaskCommandAndSigtermRemovesItsSocket() throws Exception {
        Path socket = temp.resolve("roo.sock");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", CliJvm.mainClassPath(), Main.class.getName(), "tasks", "--json",
                "--wire", "node-ipc", "--socket", socket.toString(), "--data", temp.resolve("data").toString(), "--step-ms", "10");
        Path output = temp.resolve("server.out");
        Process server = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.readString(output).isEmpty() && server.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("{\"event\":\"listening\",\"server\":\"tasks (node-ipc)\",\"endpoint\":\"roo.sock\",\"transport\":"
                    + "\"unix\",\"location\":\"" + socket + "\",\"pid\":" + server.pid() + "}\n", Files.readString(output));
            try (Stream<Path> files = Files.list(temp)) {
                assertEquals(List.of(socket), files.filter(p -> p.startsWith(socket)).toList());
            }
            try (Stream<Path> files = Files.list(temp)) {
                assertEquals(3, files.count(), "the socket, the data directory and the output: no token file");
            }
            StringWriter taskOut = new StringWriter();
            StringWriter taskErr = new StringWriter();
            int exit = Main.run(new String[] {"task", "--wire", "node-ipc", "--socket", socket.toString(), "--text", "hi"},
                    new PrintWriter(taskOut, true), new PrintWriter(taskErr, true), Map.of());
            assertEquals(0, exit, taskOut + "\n" + taskErr);
            assertTrue(taskOut.toString().contains("{\"eventName\":\"taskCompleted\""), taskOut.toString());
            server.destroy(); // SIGTERM
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server stops on SIGTERM");
            assertTrue(Files.readString(output).endsWith("\n{\"event\":\"stopped\",\"server\":\"tasks (node-ipc)\"}\n"),
                    Files.readString(output));
            assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "the socket is removed on exit");
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void aMissingXdgRuntimeDirIsRefusedNotCreated() throws Exception {
        Path xdg = temp.resolve("nonexistent/xdg");
        CliJvm result = CliJvm.run(Map.of("XDG_RUNTIME_DIR", xdg.toString()), "orchestrator");
        assertEquals(ExitCodes.START_FAILED, result.exit(), result.toString());
        assertEquals("localipc: orchestrator cannot start: XDG_RUNTIME_DIR " + xdg + " does not exist: create it, or fix or"
                + " unset XDG_RUNTIME_DIR (localipc does not create or change it: the login session does), or set"
                + " LOCALIPC_RUNTIME_DIR to a private directory of your own\n", result.err());
        assertFalse(Files.exists(temp.resolve("nonexistent")), "nothing was created");
    }

    @Test
    void listingAnotherUsersPrivateDirectorySaysWhoseItIs() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && onPath("setpriv"),
                "needs root and setpriv to run localipc as uid 65534");
        Path shared = Files.createTempDirectory("localipc-cli-");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwx--x--x"));
        Path runtime = Files.createDirectory(shared.resolve("run"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (ReadableClassPath classPath = ReadableClassPath.copyOf(CliJvm.mainClassPath())) {
            CliJvm result = CliJvm.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
                    classPath.classPath(), List.of(), Map.of("LOCALIPC_RUNTIME_DIR", runtime.toString()), "list");
            assertEquals(ExitCodes.UNTRUSTED_SERVER, result.exit(), result.toString());
            assertEquals("localipc: cannot list " + runtime + ": it belongs to root (uid 0), not to you (nobody), and"
                    + " only its owner may read it; use a runtime directory of your own (--runtime-dir or"
                    + " LOCALIPC_RUNTIME_DIR)\n", result.err());
        } finally {
            Files.delete(runtime);
            Files.delete(shared);
        }
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, tool)));
    }
}
