package dev.localipc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EndpointTest {
    private static final String RULE = " is not valid: use 1 to 64 characters from A-Z a-z 0-9 . _ - that do not start with a dot";

    @Test
    void nameDefaultsToTheApplication() {
        Endpoint endpoint = Endpoint.of("myapp");
        assertEquals("myapp", endpoint.application());
        assertEquals("myapp", endpoint.name());
        assertEquals(Optional.empty(), endpoint.runtimeDirectory());
        assertEquals("myapp/myapp", endpoint.toString());
    }

    @Test
    void builderSetsNameAndAbsoluteRuntimeDirectory() {
        Endpoint endpoint = Endpoint.builder("myapp").name("daemon").runtimeDirectory(Path.of("relative")).build();
        assertEquals("daemon", endpoint.name());
        assertEquals(Optional.of(Path.of("relative").toAbsolutePath()), endpoint.runtimeDirectory());
        assertEquals("myapp/daemon in " + Path.of("relative").toAbsolutePath(), endpoint.toString());
    }

    @Test
    void valueSemantics() {
        Endpoint a = Endpoint.of("app", "x");
        assertEquals(a, Endpoint.of("app", "x"));
        assertEquals(a.hashCode(), Endpoint.of("app", "x").hashCode());
        assertNotEquals(a, Endpoint.of("app", "y"));
        Endpoint moved = a.withRuntimeDirectory(Path.of("/run/app"));
        assertNotEquals(a, moved);
        assertEquals(Optional.of(Path.of("/run/app")), moved.runtimeDirectory());
        assertEquals("x", moved.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "A-Z_0.9", "-leading-dash", "_x", "a..b"})
    void acceptsValidNames(String name) {
        assertEquals(name, Endpoint.of("app", name).name());
    }

    @Test
    void acceptsSixtyFourCharacters() {
        String longest = "n".repeat(64);
        assertEquals(longest, Endpoint.of(longest).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".hidden", "a/b", "a b", "é", "a\\b", "a:b"})
    void rejectsInvalidEndpointNamesExactly(String name) {
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class, () -> Endpoint.of("app", name));
        assertEquals("endpoint name \"" + name + "\"" + RULE, invalid.getMessage());
    }

    @Test
    void rejectsSixtyFiveCharacters() {
        String tooLong = "n".repeat(65);
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class, () -> Endpoint.of(tooLong));
        assertEquals("application name \"" + tooLong + "\"" + RULE, invalid.getMessage());
    }

    @Test
    void rejectsInvalidApplicationNamesExactly() {
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class, () -> Endpoint.builder(".."));
        assertEquals("application name \"..\"" + RULE, invalid.getMessage());
    }

    @Test
    void rejectsNulls() {
        NullPointerException application = assertThrows(NullPointerException.class, () -> Endpoint.of(null));
        assertEquals("application name", application.getMessage());
        NullPointerException name = assertThrows(NullPointerException.class, () -> Endpoint.of("app", null));
        assertEquals("endpoint name", name.getMessage());
        NullPointerException directory = assertThrows(NullPointerException.class,
                () -> Endpoint.builder("app").runtimeDirectory(null));
        assertEquals("directory", directory.getMessage());
    }

    @Test
    void aSocketPathEndpointKeepsThePathExactlyAndIsNamedByItsFile() {
        Endpoint roo = Endpoint.ofSocketPath("/tmp/evals-1-2.sock");
        assertEquals(Optional.of("/tmp/evals-1-2.sock"), roo.socketPath());
        assertEquals("evals-1-2.sock", roo.name());
        assertEquals("evals-1-2.sock", roo.application());
        assertEquals(Optional.empty(), roo.runtimeDirectory());
        assertEquals("socket /tmp/evals-1-2.sock", roo.toString());
        assertEquals(Optional.empty(), Endpoint.of("app", "x").socketPath());
    }

    @Test
    void aSocketPathIsNotNormalised() {
        assertEquals(Optional.of("relative//x.sock"), Endpoint.ofSocketPath("relative//x.sock").socketPath());
        Endpoint windows = Endpoint.ofSocketPath("C:\\Users\\u\\AppData\\Local\\Temp\\evals-1-2.sock");
        assertEquals("evals-1-2.sock", windows.name());
        assertEquals(Optional.of("C:\\Users\\u\\AppData\\Local\\Temp\\evals-1-2.sock"), windows.socketPath());
        assertEquals("x", Endpoint.ofSocketPath("\\\\.\\pipe\\x").name());
    }

    @Test
    void aSocketPathGivenAsAPathIsItsString() {
        Path path = Path.of("/tmp", "roo.sock");
        assertEquals(Endpoint.ofSocketPath(path.toString()), Endpoint.ofSocketPath(path));
    }

    @Test
    void socketPathEndpointsHaveValueSemantics() {
        Endpoint a = Endpoint.ofSocketPath("/tmp/a.sock");
        assertEquals(a, Endpoint.ofSocketPath("/tmp/a.sock"));
        assertEquals(a.hashCode(), Endpoint.ofSocketPath("/tmp/a.sock").hashCode());
        assertNotEquals(a, Endpoint.ofSocketPath("/var/tmp/a.sock"), "same file name, other directory");
        assertNotEquals(a, Endpoint.of("a.sock"), "same name, but in the runtime directory");
    }

    @Test
    void aSocketPathEndpointHasNoRuntimeDirectoryToChange() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Endpoint.ofSocketPath("/tmp/a.sock").withRuntimeDirectory(Path.of("/run/app")));
        assertEquals("endpoint socket /tmp/a.sock is named by its socket path, so a runtime directory does not apply:"
                + " use Endpoint.of(application, name) to place an endpoint in a runtime directory", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tmp/", "/tmp/..", "/tmp/.", "C:\\Temp\\", "."})
    void aSocketPathMustEndWithAFileName(String path) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Endpoint.ofSocketPath(path));
        assertEquals("socket path \"" + path + "\" names a directory, not a file: end it with the socket's file name,"
                + " such as /tmp/app.sock", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void aBlankSocketPathIsRefused(String path) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Endpoint.ofSocketPath(path));
        assertEquals("socket path \"" + path + "\" is blank: pass the path of the socket file, such as /tmp/app.sock",
                refused.getMessage());
    }

    @Test
    void aSocketPathWithANulIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Endpoint.ofSocketPath("/tmp/a\0b.sock"));
        assertEquals("socket path \"/tmp/a\\0b.sock\" contains a NUL character, which no operating system accepts in a"
                + " path: remove it", refused.getMessage());
        NullPointerException none = assertThrows(NullPointerException.class, () -> Endpoint.ofSocketPath((String) null));
        assertEquals("socketPath", none.getMessage());
    }

    @Test
    void peerIdentityReportsOnlyWhatTheOsGave() {
        PeerIdentity unix = PeerIdentity.unix(42, 1000, -1);
        assertEquals("peer[pid=42 uid=1000]", unix.toString());
        assertTrue(unix.gid().isEmpty());
        assertEquals("peer[unknown]", PeerIdentity.unknown().toString());
        assertEquals("peer[pid=7 user=S-1-5-21]", PeerIdentity.windows(7, "S-1-5-21").toString());
        assertEquals(PeerIdentity.unix(42, 1000, -1), unix);
    }
}
