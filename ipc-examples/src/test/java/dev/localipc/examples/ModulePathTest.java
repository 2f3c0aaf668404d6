package dev.localipc.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The examples run as a named module (module-info's requires and opens are right): the demo in a separate JVM. */
@DisabledOnOs(OS.WINDOWS)
class ModulePathTest {
    @Test
    void theDemoRunsOnTheModulePath() throws Exception {
        String modulePath = RuntimeModulePath.of(System.getProperty("java.class.path"));
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
