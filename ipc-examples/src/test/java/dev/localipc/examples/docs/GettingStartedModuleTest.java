package dev.localipc.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.examples.RuntimeModulePath;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * GETTING-STARTED's consumer, as a reader would build it: HelloServer and HelloClient compiled
 * with the page's module-info.java against the library's jars, then run as two JVMs on the module
 * path with slf4j-simple. The client must print the event and the greeting, and SLF4J must not
 * complain about a missing provider.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "uses the Unix runtime directory of the page")
class GettingStartedModuleTest {
    @TempDir
    Path temp;

    /** The consumer's module-info.java that GETTING-STARTED.md shows (DocsTest checks the page against it). */
    static Path moduleInfo() {
        return Markdown.repository().resolve("ipc-examples/src/test/modules/com.example.hello/module-info.java");
    }

    @Test
    void theHelloModuleCompilesAndRunsOnTheModulePath() throws Exception {
        String modulePath = RuntimeModulePath.of(System.getProperty("java.class.path"));
        Path sources = temp.resolve("src");
        Path hello = Markdown.repository().resolve("ipc-examples/src/test/java/com/example/hello");
        Files.createDirectories(sources.resolve("com/example/hello"));
        Files.copy(moduleInfo(), sources.resolve("module-info.java"));
        for (String file : List.of("HelloServer.java", "HelloClient.java")) {
            Files.copy(hello.resolve(file), sources.resolve("com/example/hello").resolve(file));
        }
        Path classes = temp.resolve("classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "needs a JDK");
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("--release", "17", "-d", classes.toString(), "--module-path", modulePath),
                null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(
                        sources.resolve("module-info.java").toFile(),
                        sources.resolve("com/example/hello/HelloServer.java").toFile(),
                        sources.resolve("com/example/hello/HelloClient.java").toFile())).call();
        assertTrue(compiled, diagnostics.toString());

        String path = classes + File.pathSeparator + modulePath;
        Path runtime = temp.resolve("run");
        Process server = start(path, runtime, "com.example.hello.HelloServer");
        try {
            BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            List<String> serverLines = new ArrayList<>();
            String line;
            while ((line = serverOut.readLine()) != null && !line.startsWith("listening on ")) {
                serverLines.add(line);
            }
            assertNotNull(line, "HelloServer did not listen: " + serverLines);
            assertEquals("listening on " + runtime.resolve("greeter.sock"), line);

            Process client = start(path, runtime, "com.example.hello.HelloClient");
            assertTrue(client.waitFor(60, TimeUnit.SECONDS), "HelloClient did not finish");
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, client.exitValue(), output);
            assertEquals("event #1: {\"name\":\"Ada\",\"count\":1}\nHello, Ada!\n", output);
            assertFalse(output.contains("SLF4J"), output);
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process start(String modulePath, Path runtime, String mainClass) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=org.newsclub.net.unix", "-p", modulePath, "-m", "com.example.hello/" + mainClass)
                .redirectErrorStream(true);
        builder.environment().remove("LOCALIPC_TOKEN");
        builder.environment().put("LOCALIPC_RUNTIME_DIR", runtime.toString());
        return builder.start();
    }
}
