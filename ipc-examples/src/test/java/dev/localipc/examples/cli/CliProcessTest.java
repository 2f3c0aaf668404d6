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
