package dev.localipc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The examples run as a named module (module-info's requires and opens are right): the demo in a separate JVM. */
@DisabledOnOs(OS.WINDOWS)
class ModulePathTest {
    private static final List<String> RUNTIME_JARS = List.of("ipc-api-", "ipc-core-", "ipc-transport-", "gson-", "error_prone_annotations-", "slf4j-api-",
            "slf4j-simple-", "picocli-", "junixsocket-", "jna-");

    /** The reactor modules (jars after the package phase, else target/classes) and their runtime dependencies. */
    private static boolean isRuntimeJar(String name) {
        return name.endsWith(".jar") && !name.endsWith("-tests.jar") && RUNTIME_JARS.stream().anyMatch(name::startsWith);
    }

    @Test
    void theDemoRunsOnTheModulePath() throws Exception {
        String modulePath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(File.separator + "target" + File.separator + "classes")
                        || isRuntimeJar(Path.of(entry).getFileName().toString()))
                .collect(Collectors.joining(File.pathSeparator));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-p", modulePath,
                "-m", "dev.localipc.examples/dev.localipc.examples.cli.Main", "demo", "--step-ms", "150")
                .redirectErrorStream(true).start();
        boolean finished = process.waitFor(90, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertTrue(finished, "the demo did not finish in 90 s:\n" + output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains(" Nothing was left behind."), output);
    }
}
