package dev.localipc.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The file operations of {@link PrivateDirectory}; its checks are tested through its users (runtime and data directories). */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX owners, modes, links and FIFOs")
class PrivateDirectoryTest {
    private static final PrivateDirectory.Role ROLE = PrivateDirectory.Role.of("test directory", "the test files",
            "choose another one");

    @TempDir
    Path temp;

    private Path path;
    private PrivateDirectory directory;

    @BeforeEach
    void open() throws IOException {
        path = temp.resolve("private");
        long uid = ((Number) Files.getAttribute(temp, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        directory = PrivateDirectory.open(path, uid, ROLE);
    }

    @Test
    void writesReadsListsAndDeletes() throws IOException {
        directory.write("a.json", bytes("first"));
        directory.write("a.json", bytes("second"));
        directory.write("b.txt", bytes("other"));
        assertArrayEquals(bytes("second"), directory.read("a.json", 100).orElseThrow());
        assertEquals(List.of("a.json"), directory.names(".json"));
        directory.delete("a.json");
        directory.delete("a.json");
        assertEquals(Optional.empty(), directory.read("a.json", 100));
        assertEquals(List.of(), directory.names(".json"));
    }

    @Test
    void refusesAFileLargerThanAsked() throws IOException {
        directory.write("big", new byte[101]);
        IOException refused = assertThrows(IOException.class, () -> directory.read("big", 100));
        assertEquals(path.resolve("big") + " is 101 bytes, more than the 100 accepted: move it away or delete it",
                refused.getMessage());
        assertEquals(100, directory.read("big", 101).map(content -> content.length - 1).orElseThrow());
    }

    @Test
    void refusesAFifoWithoutOpeningIt() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.resolve("pipe").toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        IOException refused = assertThrows(IOException.class, () -> directory.read("pipe", 100));
        assertEquals(path.resolve("pipe") + " is not a regular file: remove it", refused.getMessage());
    }

    @Test
    void deletesALinkNotItsTarget() throws IOException {
        Path target = Files.writeString(temp.resolve("target"), "keep");
        Files.createSymbolicLink(path.resolve("link"), target);
        directory.delete("link");
        assertFalse(Files.exists(path.resolve("link"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep", Files.readString(target));
    }

    @Test
    void refusesANameWithAPath() {
        for (String name : new String[] {"../escape", "a/b", "..", ".", ""}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> directory.write(name, bytes("x")), name);
            assertEquals("\"" + name + "\" is not a plain file name: give a name without a path", refused.getMessage());
        }
    }

    @Test
    void refusesAMissingDirectoryWhenOnlyChecking() {
        Path missing = temp.resolve("missing");
        IOException refused = assertThrows(IOException.class, () -> PrivateDirectory.check(missing, 0, ROLE));
        assertEquals("test directory " + missing + " does not exist: create it, or choose another one", refused.getMessage());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
