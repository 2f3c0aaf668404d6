package dev.localipc.examples.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task data directory is private and its files are never reached through a path that
 * another user could redirect (issue 12, finding 1: a 0777 {@code --data /tmp/my-tasks} let
 * another uid swap the temporary file for a symbolic link and overwrite any file of ours).
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX owners and modes")
class TaskStoreTest {
    private static final String ID = "3f2b8c1e-9a7d-4e6f-8b1a-2c3d4e5f6a7b";
    private static final String ALTERNATIVE = "pass --data a directory of your own";

    @TempDir
    Path temp;

    private static TaskSnapshot task(String text) {
        return new TaskSnapshot(TaskStore.FORMAT_VERSION, ID, text, List.of(), new JsonObject(), false, TaskStatus.RUNNING,
                false, 3, 10, 0, 0, "started", "client", 1L, 1L, List.of());
    }

    @Test
    void createsAMissingDirectoryOwnerOnlyAndWritesOwnerOnlyFiles() throws IOException {
        Path data = temp.resolve("a/b/tasks");
        TaskStore store = new TaskStore(data);
        store.save(task("hello"));
        assertEquals("rwx------", mode(data));
        assertEquals("rw-------", mode(data.resolve(ID + ".json")));
        assertEquals("hello", store.load(ID).orElseThrow().text());
        assertEquals(Set.of(ID + ".json"), names(data), "no temporary file is left behind");
    }

    @Test
    void refusesADirectoryOthersCanWrite() throws IOException {
        Path data = Files.createDirectory(temp.resolve("my-tasks"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException refused = assertThrows(IOException.class, () -> new TaskStore(data));
        assertEquals("task data directory " + data + " has mode 0777 (rwxrwxrwx) but must be 0700 so that no other user"
                + " can reach the task files: run chmod 700 " + data, refused.getMessage());
        assertEquals(Set.of(), names(data), "nothing was written into it");
    }

    @Test
    void refusesAGroupReadableDirectory() throws IOException {
        Path data = Files.createDirectory(temp.resolve("my-tasks"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-x---"));
        IOException refused = assertThrows(IOException.class, () -> new TaskStore(data));
        assertEquals("task data directory " + data + " has mode 0750 (rwxr-x---) but must be 0700 so that no other user"
                + " can reach the task files: run chmod 700 " + data, refused.getMessage());
    }

    @Test
    void refusesASymbolicLink() throws IOException {
        Path real = Files.createDirectory(temp.resolve("real"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(temp.resolve("tasks"), real);
        IOException refused = assertThrows(IOException.class, () -> new TaskStore(link));
        assertEquals("task data directory " + link + " is a symbolic link; localipc needs a real directory so that"
                + " nobody can redirect the task files: remove the link, or " + ALTERNATIVE, refused.getMessage());
    }

    @Test
    void refusesAFile() throws IOException {
        Path file = Files.writeString(temp.resolve("tasks"), "not a directory");
        IOException refused = assertThrows(IOException.class, () -> new TaskStore(file));
        assertEquals("task data directory " + file + " exists but is not a directory: remove it, or " + ALTERNATIVE,
                refused.getMessage());
    }

    @Test
    void refusesADirectoryOfAnotherUser() throws IOException {
        long uid = new UnixSystem().getUid();
        Assumptions.assumeTrue(uid == 0, "needs root to give a directory to uid 65534");
        // What the attacker of finding 1 prepares: /tmp/my-tasks, theirs, before we start.
        Path data = Files.createDirectory(temp.resolve("my-tasks"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(data, "unix:uid", 65534);
        IOException refused = assertThrows(IOException.class, () -> new TaskStore(data));
        assertEquals("task data directory " + data + " is owned by uid 65534, not by the current user (uid 0): remove it,"
                + " or " + ALTERNATIVE, refused.getMessage());
    }

    @Test
    void aSymbolicLinkInPlaceOfATaskFileIsReplacedNotFollowed() throws IOException {
        Path data = temp.resolve("tasks");
        TaskStore store = new TaskStore(data);
        Path victim = Files.writeString(temp.resolve("victim"), "precious");
        Files.createSymbolicLink(data.resolve(ID + ".json"), victim);
        store.save(task("written"));
        assertEquals("precious", Files.readString(victim), "the link's target is untouched");
        assertFalse(Files.isSymbolicLink(data.resolve(ID + ".json")));
        assertEquals("written", store.load(ID).orElseThrow().text());
    }

    @Test
    void aTaskFileThatIsASymbolicLinkIsRefusedWhenRead() throws IOException {
        Path data = temp.resolve("tasks");
        TaskStore store = new TaskStore(data);
        Path elsewhere = Files.writeString(temp.resolve("elsewhere.json"), "{}");
        Files.createSymbolicLink(data.resolve(ID + ".json"), elsewhere);
        IOException refused = assertThrows(IOException.class, () -> store.load(ID));
        assertEquals(data.resolve(ID + ".json") + " is a symbolic link; files in task data directory " + data
                + " are never followed elsewhere: remove the link", refused.getMessage());
        assertEquals(List.of(), store.loadAll(), "the history skips it (logged)");
    }

    @Test
    void aDirectorySwappedAfterItWasCheckedIsRefused() throws IOException {
        Path data = temp.resolve("tasks");
        TaskStore store = new TaskStore(data);
        Files.move(data, temp.resolve("moved"));
        Files.createDirectory(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        IOException refused = assertThrows(IOException.class, () -> store.save(task("x")));
        assertTrue(refused.getMessage().startsWith("cannot write " + data.resolve(ID + ".json") + ": IOException task data"
                + " directory " + data + " was replaced by another directory after it was checked; refusing to use it"),
                refused.getMessage());
        assertEquals(Set.of(), names(data));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static Set<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
