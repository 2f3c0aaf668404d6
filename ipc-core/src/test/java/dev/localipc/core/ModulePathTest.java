package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * ipc-core on the module path: the module exports only its API, and an application module that
 * opens its params package to Gson and ipc-core runs a server and a client over the Unix
 * transport found through ServiceLoader, with typed params, in a separate JVM.
 */
@DisabledOnOs(OS.WINDOWS)
class ModulePathTest {
    @TempDir
    Path work;

    private static List<Path> modulePath() {
        List<Path> path = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String normalized = entry.replace('\\', '/');
            boolean ours = normalized.contains("/ipc-api/target/") || normalized.contains("/ipc-core/target/classes")
                    || normalized.contains("/ipc-transport-unix/target/");
            boolean needed = normalized.contains("/gson/") || normalized.contains("/slf4j-api/")
                    || normalized.contains("/junixsocket-common/") || normalized.contains("/junixsocket-native-common/");
            if ((ours && !normalized.contains("test-classes") && !normalized.endsWith("-tests.jar")) || needed) {
                path.add(Path.of(entry));
            }
        }
        return path;
    }

    @Test
    void coreExportsOnlyItsApi() {
        ModuleReference core = ModuleFinder.of(modulePath().toArray(new Path[0])).find("dev.localipc.core").orElseThrow();
        ModuleDescriptor descriptor = core.descriptor();
        assertEquals(Set.of("dev.localipc.core"), descriptor.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet()));
        assertTrue(descriptor.opens().isEmpty());
        assertTrue(descriptor.requires().stream().anyMatch(r -> r.name().equals("com.google.gson")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)));
        assertTrue(descriptor.requires().stream().anyMatch(r -> r.name().equals("dev.localipc.api")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)));
    }

    @Test
    void anApplicationModuleRunsServerAndClient() throws Exception {
        Path source = work.resolve("src");
        Path app = source.resolve("com/example/app");
        Files.createDirectories(app);
        Files.writeString(source.resolve("module-info.java"), "module com.example.app {\n"
                + "    requires dev.localipc.core;\n"
                + "    opens com.example.app to com.google.gson, dev.localipc.core;\n"
                + "}\n");
        Files.writeString(app.resolve("Main.java"), "package com.example.app;\n"
                + "import dev.localipc.api.Endpoint;\n"
                + "import dev.localipc.core.*;\n"
                + "import java.nio.file.Path;\n"
                + "public class Main {\n"
                + "    public record Sum(Integer a, Integer b) {}\n"
                + "    public static final class Result { int total; Result() { } Result(int total) { this.total = total; } }\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        Endpoint endpoint = Endpoint.builder(\"jpms\").name(\"srv\").runtimeDirectory(Path.of(args[0])).build();\n"
                + "        try (IpcServer server = IpcServer.builder(endpoint)\n"
                + "                .onRequest(\"sum\", Sum.class, (ctx, p) -> new Result(p.a() + p.b())).build().start();\n"
                + "             IpcClient client = IpcClient.builder(endpoint).connect()) {\n"
                + "            Result result = client.request(\"sum\", new Sum(2, 3), Result.class).get();\n"
                + "            String invalid;\n"
                + "            try { client.request(\"sum\", new Sum(2, null), Result.class).get(); invalid = \"none\"; }\n"
                + "            catch (java.util.concurrent.ExecutionException e) { invalid = e.getCause().getMessage(); }\n"
                + "            System.out.println(\"transport=\" + server.address().transport() + \" total=\" + result.total\n"
                + "                    + \" invalid=\" + invalid);\n"
                + "        }\n"
                + "    }\n"
                + "}\n");
        String modulePath = modulePath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Path classes = work.resolve("classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "--release", "17", "--module-path", modulePath, "-d", classes.toString(),
                source.resolve("module-info.java").toString(), app.resolve("Main.java").toString());
        assertEquals(0, compiled, "the application module does not compile against ipc-core");
        Path runtime = work.resolve("run");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "--module-path", modulePath + File.pathSeparator + classes,
                "-m", "com.example.app/com.example.app.Main", runtime.toString()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the module-path JVM did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("transport=unix total=5 invalid=invalid params of sum: field 'b' is required but missing or null"),
                output);
    }
}
