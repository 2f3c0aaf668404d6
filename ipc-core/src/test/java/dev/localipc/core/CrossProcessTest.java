package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.localipc.api.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients in separate JVMs, over the default transport (Unix sockets here): the token reaches
 * them through LOCALIPC_TOKEN or the token file, and the registry records their real pid and uid
 * as the operating system reports them.
 */
@DisabledOnOs(OS.WINDOWS)
class CrossProcessTest {
    @TempDir
    Path directory;

    private IpcServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Endpoint endpoint() {
        return Endpoint.builder("xproc").name("srv").runtimeDirectory(directory).build();
    }

    private IpcServer start() throws IOException {
        server = IpcServer.builder(endpoint())
                .onRequest("whoami", Void.class, (ctx, p) -> ctx.client())
                .build().start();
        return server;
    }

    private static String runChild(Path directory, Map<String, String> env, int expectedExit) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                ChildClientMain.class.getName(), directory.toString(), "xproc", "srv"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("LOCALIPC_TOKEN");
        builder.environment().putAll(env);
        Process child = builder.start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(expectedExit, child.exitValue(), output);
        return output.lines().filter(line -> line.startsWith("pid=") || line.startsWith("refused=")).findFirst()
                .orElseThrow(() -> new AssertionError("no result line from the child: " + output));
    }

    @Test
    void childWithTheTokenInItsEnvironmentIsRegisteredWithItsRealPidAndUid() throws Exception {
        start();
        Files.delete(server.address().tokenFile());
        String line = runChild(directory, Map.of("LOCALIPC_TOKEN", server.token()), 0);
        long childPid = Long.parseLong(line.substring(4, line.indexOf(' ')));
        JsonObject who = JsonParser.parseString(line.substring(line.indexOf("result=") + 7)).getAsJsonObject();
        assertEquals(childPid, who.get("pid").getAsLong());
        assertEquals(((Number) Files.getAttribute(directory, "unix:uid")).longValue(), who.get("uid").getAsLong());
        assertEquals("child/1.0", who.get("clientName").getAsString());
        assertTrue(who.get("clientId").getAsString().matches("[0-9a-f]{12}"));
    }

    @Test
    void childWithoutEnvironmentReadsTheTokenFile() throws Exception {
        start();
        String line = runChild(directory, Map.of(), 0);
        assertTrue(line.startsWith("pid="), line);
    }

    @Test
    void childWithAWrongTokenIsRefused32001() throws Exception {
        start();
        assertEquals("refused=-32001", runChild(directory, Map.of("LOCALIPC_TOKEN", "0".repeat(64)), 3));
    }
}
