package dev.localipc.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.transport.unix.internal.CurrentUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The private runtime directory and the modes of the files in it (PROTOCOL.md section 6). */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the unix transport is not used on Windows")
@SuppressWarnings("try") // listeners held open by try-with-resources without being referenced
class RuntimeDirectoryTest {
    private static final String TOKEN = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    private static final ListenOptions NO_HOOK = ListenOptions.builder().installShutdownHook(false).build();

    private final UnixTransportProvider unix = new UnixTransportProvider();

    @TempDir
    Path tempDir;

    private TransportAddress address(Path runtimeDirectory) {
        return unix.resolve(Endpoint.builder("app").name("daemon").runtimeDirectory(runtimeDirectory).build());
    }

    @Test
    void createsTheDirectoryAndItsParentsAndTheFilesOwnerOnly() throws IOException {
        Path directory = tempDir.resolve("a/b/run");
        TransportAddress address = address(directory);
        try (TransportListener listener = unix.listen(address, ListenOptions.builder().token(TOKEN).installShutdownHook(false).build())) {
            assertEquals("rwx------", mode(directory));
            assertEquals("rw-------", mode(Path.of(address.location())));
            assertEquals("rw-------", mode(address.tokenFile()));
            assertEquals(TOKEN, Files.readString(address.tokenFile()));
            assertEquals("rw-------", mode(directory.resolve("daemon.lock")));
            try (Stream<Path> files = Files.list(directory)) {
                assertEquals(Set.of("daemon.sock", "daemon.token", "daemon.lock"),
                        files.map(file -> file.getFileName().toString()).collect(Collectors.toSet()),
                        "the socket, the token file and the start lock; no temporary file left");
            }
            assertEquals(directory.resolve("daemon.sock").toString(), address.location());
            assertEquals(directory.resolve("daemon.token"), address.tokenFile());
        }
        assertTrue(Files.isDirectory(directory), "the directory stays, only the files go");
    }

    @Test
    void acceptsAnExistingPrivateDirectory() throws IOException {
        Path directory = Files.createDirectory(tempDir.resolve("run"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        unix.listen(address(directory), NO_HOOK).close();
    }

    @Test
    void replacesAnOldTokenFile() throws IOException {
        Path directory = tempDir.resolve("run");
        TransportAddress address = address(directory);
        unix.listen(address, NO_HOOK).close();
        Files.writeString(address.tokenFile(), "old");
        try (TransportListener listener = unix.listen(address, ListenOptions.builder().token(TOKEN).installShutdownHook(false).build())) {
            assertEquals(TOKEN, Files.readString(address.tokenFile()));
        }
    }

    @Test
    void refusesASymbolicLink() throws IOException {
        Path real = Files.createDirectory(tempDir.resolve("real"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(tempDir.resolve("run"), real);
        IOException refused = assertThrows(IOException.class, () -> unix.listen(address(link), NO_HOOK));
        assertEquals("runtime directory " + link + " is a symbolic link; localipc needs a real directory so that"
                + " nobody can redirect the socket: remove the link, or set LOCALIPC_RUNTIME_DIR to a private directory of your own",
                refused.getMessage());
        assertEmpty(real);
    }

    @Test
    void refusesAGroupOrWorldReadableDirectory() throws IOException {
        Path directory = Files.createDirectory(tempDir.resolve("run"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        IOException refused = assertThrows(IOException.class, () -> unix.listen(address(directory), NO_HOOK));
        assertEquals("runtime directory " + directory + " has mode 0755 (rwxr-xr-x) but must be 0700 so that no other"
                + " user can reach the socket: run chmod 700 " + directory, refused.getMessage());
        assertEmpty(directory);
    }

    @Test
    void refusesAForeignOwnedDirectory() throws IOException {
        Assumptions.assumeTrue(CurrentUser.uid() == 0, "needs root to give a directory to uid 65534");
        Path directory = Files.createDirectory(tempDir.resolve("run"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(directory, "unix:uid", 65534);
        IOException refused = assertThrows(IOException.class, () -> unix.listen(address(directory), NO_HOOK));
        assertEquals("runtime directory " + directory + " is owned by uid 65534, not by the current user (uid 0):"
                + " remove it, or set LOCALIPC_RUNTIME_DIR to a private directory of your own", refused.getMessage());
        assertEmpty(directory);
    }

    @Test
    void refusesAFile() throws IOException {
        Path file = Files.writeString(tempDir.resolve("run"), "not a directory");
        IOException refused = assertThrows(IOException.class, () -> unix.listen(address(file), NO_HOOK));
        assertEquals("runtime directory " + file + " exists but is not a directory: remove it, or set"
                + " LOCALIPC_RUNTIME_DIR to a private directory of your own", refused.getMessage());
    }

    @Test
    void refusesADirectoryItCannotCreate() throws IOException {
        Path blocker = Files.writeString(tempDir.resolve("blocker"), "a file where a parent directory should be");
        Path directory = blocker.resolve("run");
        IOException refused = assertThrows(IOException.class, () -> unix.listen(address(directory), NO_HOOK));
        assertTrue(refused.getMessage().startsWith("cannot create runtime directory " + directory + ": "), refused.getMessage());
        assertTrue(refused.getMessage().endsWith(": check the permissions of its parent, or set LOCALIPC_RUNTIME_DIR"
                + " to a private directory of your own"), refused.getMessage());
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static void assertEmpty(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            assertFalse(files.findAny().isPresent(), directory + " should be left untouched");
        }
    }
}
