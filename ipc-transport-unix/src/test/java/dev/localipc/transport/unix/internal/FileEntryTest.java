package dev.localipc.transport.unix.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** What FileEntry reads from one lstat, on real files. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the unix transport is not used on Windows")
class FileEntryTest {
    @TempDir
    Path tempDir;

    @Test
    void typesOwnerAndAbsence() throws IOException {
        Path file = Files.writeString(tempDir.resolve("file"), "x");
        Path link = Files.createSymbolicLink(tempDir.resolve("link"), file);
        assertEquals(FileEntry.Type.REGULAR_FILE, FileEntry.read(file).orElseThrow().type());
        assertEquals(FileEntry.Type.SYMBOLIC_LINK, FileEntry.read(link).orElseThrow().type(), "the link, not its target");
        assertEquals(FileEntry.Type.DIRECTORY, FileEntry.read(tempDir).orElseThrow().type());
        assertEquals(FileEntry.Type.SOCKET, FileEntry.read(staleSocket(tempDir.resolve("s.sock"))).orElseThrow().type());
        assertEquals(CurrentUser.uid(), FileEntry.read(file).orElseThrow().uid());
        assertEquals(Optional.empty(), FileEntry.read(tempDir.resolve("absent")));
    }

    @Test
    void aSocketBoundWhereAnotherWasDeletedIsAnotherFileEvenOnTheSameInode() throws Exception {
        Path path = tempDir.resolve("s.sock");
        FileEntry first = FileEntry.read(staleSocket(path)).orElseThrow();
        Files.delete(path);
        Thread.sleep(50); // a stale socket is older than the one bound in its place; timestamps are coarse (jiffies)
        FileEntry second = FileEntry.read(staleSocket(path)).orElseThrow();
        // File systems hand the freed inode to the next file at once (tmpfs and ext4 do here), so the
        // inode alone would call the new socket the old one, and a server clearing a stale socket would
        // delete a live one a concurrent start had just bound.
        assertNotEquals(first.key(), second.key(), "inodes " + first.inode() + " and " + second.inode());
    }

    private static Path staleSocket(Path path) throws IOException {
        try (AFUNIXServerSocket server = AFUNIXServerSocket.newInstance()) {
            server.setDeleteOnClose(false);
            server.bind(AFUNIXSocketAddress.of(path));
        }
        return path;
    }
}
