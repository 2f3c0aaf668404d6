package dev.localipc.transport.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.transport.windows.probe.ModulePathProbe;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * JPMS checks in a separate JVM with the built module and its dependencies on the module path:
 * the module exports only its API package, provides the "windows" transport, and off Windows
 * checking its availability loads no JNA native code.
 */
class ModulePathTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static String modulePath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String normal = entry.replace('\\', '/');
            boolean ours = normal.contains("ipc-transport-windows/target/classes") || normal.contains("ipc-api/target/classes")
                    || normal.matches(".*/ipc-api-[^/]*\\.jar") && !normal.endsWith("-tests.jar");
            boolean dependency = normal.matches(".*/jna(-platform)?-[0-9.]+\\.jar") || normal.matches(".*/slf4j-api-[0-9.]+\\.jar");
            if (ours || dependency) {
                entries.add(entry);
            }
        }
        assertEquals(5, entries.size(), "module path entries found on the class path: " + entries);
        return String.join(File.pathSeparator, entries);
    }

    private static String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "JVM did not exit");
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @Test
    void theModuleExportsOnlyItsApiAndProvidesTheTransport() throws Exception {
        String description = run("--module-path", modulePath(), "--describe-module", "dev.localipc.transport.windows");
        List<String> lines = description.lines().map(String::trim).collect(Collectors.toList());
        assertTrue(lines.contains("exports dev.localipc.transport.windows"), description);
        assertTrue(lines.contains("contains dev.localipc.transport.windows.internal"), description);
        assertTrue(lines.contains("provides dev.localipc.api.spi.TransportProvider with"
                + " dev.localipc.transport.windows.WindowsTransportProvider"), description);
        assertTrue(lines.contains("requires com.sun.jna automatic"), description);
        assertTrue(lines.contains("requires com.sun.jna.platform automatic"), description);
        assertEquals(1, lines.stream().filter(line -> line.startsWith("exports")).count(), description);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void onTheModulePathTheProviderIsFoundAndLoadsNoNativeCodeOffWindows() throws Exception {
        String testClasses = Path.of(ModulePathProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String output = run("-verbose:class", "--module-path", modulePath(), "--add-modules", "ALL-MODULE-PATH",
                "-cp", testClasses, ModulePathProbe.class.getName());
        assertTrue(output.contains("provider windows module=dev.localipc.transport.windows unavailable: named pipes are a"
                + " Windows feature"), output);
        assertFalse(output.contains("com.sun.jna.Native "), "JNA's Native class (and its native library) was loaded");
    }
}
