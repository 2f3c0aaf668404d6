package dev.localipc.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.localipc.api.Transports;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSocket;
import org.slf4j.LoggerFactory;

/**
 * {@code Transports.byName("unix")} finds this provider through ServiceLoader on the module
 * path (module-info {@code provides}) and on the class path ({@code META-INF/services}), each in
 * a fresh JVM running a small probe program compiled here; the probe also listens, connects and
 * echoes a byte, proving junixsocket's native library loads in both layouts.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the unix transport is not used on Windows")
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServiceDiscoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path probeDir;

    private static Path probeClasses;

    @TempDir
    Path tempDir;

    @BeforeAll
    static void compileProbe() throws IOException {
        Path sources = probeDir.resolve("src");
        Files.createDirectories(sources.resolve("probe"));
        Files.writeString(sources.resolve("module-info.java"),
                "module localipc.probe { requires dev.localipc.api; }\n");
        Files.writeString(sources.resolve("probe/Probe.java"), String.join("\n",
                "package probe;",
                "import dev.localipc.api.Endpoint;",
                "import dev.localipc.api.Transports;",
                "import dev.localipc.api.spi.*;",
                "import java.nio.file.Path;",
                "public final class Probe {",
                "    public static void main(String[] args) throws Exception {",
                "        TransportProvider unix = Transports.byName(\"unix\");",
                "        Module module = unix.getClass().getModule();",
                "        System.out.println(\"PROVIDER \" + unix.name() + \" in \" + (module.isNamed() ? module.getName() : \"unnamed\"));",
                "        TransportAddress address = unix.resolve(Endpoint.builder(\"probe\").name(\"p\").runtimeDirectory(Path.of(args[0])).build());",
                "        try (TransportListener listener = unix.listen(address, ListenOptions.builder().installShutdownHook(false).build())) {",
                "            Thread server = new Thread(() -> {",
                "                try (TransportConnection c = listener.accept()) { c.output().write(c.input().read()); }",
                "                catch (Exception e) { e.printStackTrace(); }",
                "            });",
                "            server.start();",
                "            try (TransportConnection c = unix.connect(address, ConnectOptions.defaults())) {",
                "                c.output().write(42);",
                "                System.out.println(\"ECHO \" + c.input().read());",
                "            }",
                "            server.join();",
                "        }",
                "        System.out.println(\"SELECTED \" + Transports.select().name());",
                "    }",
                "}",
                ""));
        probeClasses = probeDir.resolve("classes");
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac in this JDK"));
        StringWriter diagnostics = new StringWriter();
        PrintWriter out = new PrintWriter(diagnostics);
        String[] arguments = List.of("--release", "17", "--module-path", TestJvm.locationOf(Transports.class).toString(),
                "-d", probeClasses.toString(),
                sources.resolve("module-info.java").toString(), sources.resolve("probe/Probe.java").toString())
                .toArray(String[]::new);
        int status = javac.run(out, out, arguments);
        out.flush();
        assertEquals(0, status, "probe compilation failed: " + diagnostics);
    }

    @Test
    void foundOnTheModulePath() throws Exception {
        List<String> command = new ArrayList<>(List.of(TestJvm.java(), "--module-path", path(true),
                "-m", "localipc.probe/probe.Probe", tempDir.resolve("run").toString()));
        assertProbe(command, "dev.localipc.transport.unix");
    }

    @Test
    void foundOnTheClassPath() throws Exception {
        List<String> command = new ArrayList<>(List.of(TestJvm.java(), "-cp", path(false),
                "probe.Probe", tempDir.resolve("run").toString()));
        assertProbe(command, "unnamed");
    }

    @Test
    void foundOnThisTestsClassPath() {
        assertInstanceOf(UnixTransportProvider.class, Transports.byName("unix"));
        assertEquals("unix", Transports.select().name());
    }

    private static void assertProbe(List<String> command, String module) throws Exception {
        try (TestJvm probe = TestJvm.start(command)) {
            assertEquals("PROVIDER unix in " + module, probe.awaitLine("PROVIDER", WAIT));
            assertEquals("ECHO 42", probe.awaitLine("ECHO", WAIT));
            assertEquals("SELECTED unix", probe.awaitLine("SELECTED", WAIT));
            assertEquals(0, probe.awaitExit(WAIT), probe.output());
        }
    }

    /** ipc-api, this module, junixsocket (both jars), slf4j-api and the probe: built jars or classes directories. */
    private static String path(boolean modulePath) throws ClassNotFoundException {
        List<String> entries = List.of(
                TestJvm.locationOf(Transports.class).toString(),
                TestJvm.locationOf(UnixTransportProvider.class).toString(),
                TestJvm.locationOf(AFUNIXSocket.class).toString(),
                TestJvm.locationOf(Class.forName("org.newsclub.lib.junixsocket.common.NarMetadata")).toString(),
                TestJvm.locationOf(LoggerFactory.class).toString(),
                probeClasses.toString());
        return String.join(File.pathSeparator, entries);
    }

}
