package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.api.spi.UntrustedServerException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may connect, through the public API of ipc-core, on real files and processes. The
 * transport-level versions live in ipc-transport-unix ({@code PeerCredentialsTest},
 * {@code RuntimeDirectoryTest}); these add what only the whole stack shows: another uid is
 * refused even when it sends the right token, the token file is unreadable to another uid, an
 * unsafe runtime directory stops {@code IpcServer.start()} before a token file exists, and
 * {@code IpcClient} never sends its token to a directory it does not own. Tests that need a
 * second user run a JVM as uid 65534 through setpriv and are skipped, visibly, without root.
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WhoMayConnectTest {
    private static final TransportProvider UNIX = Transports.byName("unix");
    private static final int NOBODY = 65534;

    @TempDir
    Path tempDir;

    private Path shared;
    private IpcServer server;

    @AfterEach
    void cleanUp() throws IOException {
        if (server != null) {
            server.close();
        }
        if (shared != null) {
            try (Stream<Path> files = Files.walk(shared)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static IpcServer.Builder builder(Path runtimeDirectory) {
        return IpcServer.builder(Endpoint.builder("rel").name("who").runtimeDirectory(runtimeDirectory).build())
                .transport(UNIX).heartbeat(Duration.ZERO).onRequest("echo", JsonElement.class, (ctx, p) -> p);
    }

    @Test
    void anotherUidIsRefusedEvenWithTheRightTokenAndNeverReachesTheRegistry() throws Exception {
        assumeCanSwitchUser();
        shared = Files.createTempDirectory("localipc-rel-");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwx--x--x"));
        Path classes = copyOfClass(RawHelloMain.class);
        server = builder(shared.resolve("run")).build().start();
        // For this test only, let uid 65534 reach the socket: what must stop it is the peer check.
        Files.setPosixFilePermissions(server.address().directory(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(Path.of(server.address().location()), PosixFilePermissions.fromString("rw-rw-rw-"));

        ChildJvm.Result nobody = ChildJvm.run(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                ChildJvm.java(), "-cp", classes.toString(), RawHelloMain.class.getName(), server.address().location(),
                server.token()), 120);
        assertEquals(0, nobody.exitCode(), nobody.output());
        assertTrue(nobody.output().contains("CLOSED 0 "), "uid 65534 must be cut off without a byte: " + nobody.output());
        assertTrue(server.clients().isEmpty(), "registry: " + server.clients());
        HostileInputTest.assertServerServes(server);
    }

    @Test
    void theTokenFileIsOwnerOnlyAndAnotherUidCannotReadIt() throws Exception {
        assumeCanSwitchUser();
        shared = Files.createTempDirectory("localipc-rel-");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwx--x--x"));
        server = builder(shared.resolve("run")).build().start();
        Path tokenFile = server.address().tokenFile();
        assertEquals(Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(tokenFile));
        assertEquals(((Number) Files.getAttribute(tokenFile, "unix:uid")).intValue(), currentUid());
        assertEquals(server.token(), Files.readString(tokenFile).trim());

        ChildJvm.Result privateDir = catAsNobody(tokenFile);
        assertNotEquals(0, privateDir.exitCode());
        assertTrue(privateDir.output().contains("Permission denied"), privateDir.output());
        // Even with the directory opened for passage, the file's own mode keeps it private.
        Files.setPosixFilePermissions(server.address().directory(), PosixFilePermissions.fromString("rwx--x--x"));
        ChildJvm.Result openDir = catAsNobody(tokenFile);
        assertNotEquals(0, openDir.exitCode());
        assertTrue(openDir.output().contains("Permission denied"), openDir.output());
        assertFalse(openDir.output().contains(server.token()));
    }

    @Test
    void unsafeRuntimeDirectoriesStopTheServerBeforeATokenFileExists() throws Exception {
        Path real = Files.createDirectory(tempDir.resolve("real"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(tempDir.resolve("link"), real);
        IOException symlink = assertThrows(IOException.class, () -> builder(link).build().start());
        assertEquals("runtime directory " + link + " is a symbolic link; localipc needs a real directory so that"
                + " nobody can redirect the socket: remove the link, or set LOCALIPC_RUNTIME_DIR to a private directory of your own",
                symlink.getMessage());

        Path open = Files.createDirectory(tempDir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException worldWritable = assertThrows(IOException.class, () -> builder(open).build().start());
        assertEquals("runtime directory " + open + " has mode 0777 (rwxrwxrwx) but must be 0700 so that no other"
                + " user can reach the socket: run chmod 700 " + open, worldWritable.getMessage());

        Path sticky = Files.createDirectory(tempDir.resolve("group"));
        Files.setPosixFilePermissions(sticky, PosixFilePermissions.fromString("rwx-w----"));
        IOException groupWritable = assertThrows(IOException.class, () -> builder(sticky).build().start());
        assertEquals("runtime directory " + sticky + " has mode 0720 (rwx-w----) but must be 0700 so that no other"
                + " user can reach the socket: run chmod 700 " + sticky, groupWritable.getMessage());

        for (Path directory : List.of(real, open, sticky)) {
            try (Stream<Path> files = Files.list(directory)) {
                assertEquals(List.of(), files.toList(), "nothing may be written into a refused directory");
            }
        }
        if (currentUid() == 0) {
            Path foreign = Files.createDirectory(tempDir.resolve("foreign"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setAttribute(foreign, "unix:uid", NOBODY);
            IOException owned = assertThrows(IOException.class, () -> builder(foreign).build().start());
            assertEquals("runtime directory " + foreign + " is owned by uid 65534, not by the current user (uid 0):"
                    + " remove it, or set LOCALIPC_RUNTIME_DIR to a private directory of your own", owned.getMessage());
        } else {
            System.out.println("[reliability] skipped: a foreign-owned runtime directory needs root to create");
        }
    }

    @Test
    void theClientNeverSendsItsTokenToADirectoryOwnedByAnotherUid() throws Exception {
        Assumptions.assumeTrue(currentUid() == 0, "needs root to give the directory to uid 65534");
        Endpoint endpoint = Endpoint.builder("rel").name("impostor").runtimeDirectory(tempDir.resolve("run")).build();
        String token = "ab".repeat(32);
        try (TransportListener impostor = UNIX.listen(UNIX.resolve(endpoint), ListenOptions.builder().token(token)
                .installShutdownHook(false).build())) {
            Files.setAttribute(UNIX.resolve(endpoint).directory(), "unix:uid", NOBODY);
            CompletableFuture<Integer> firstByte = CompletableFuture.supplyAsync(() -> {
                try (TransportConnection connection = impostor.accept()) {
                    return connection.input().read();
                } catch (IOException e) {
                    return -2;
                }
            });
            IOException refused = assertThrows(IOException.class,
                    () -> IpcClient.builder(endpoint).transport(UNIX).token(token).reconnect(false).connect());
            Throwable cause = refused instanceof UntrustedServerException ? refused : refused.getCause();
            assertTrue(cause instanceof UntrustedServerException, "expected UntrustedServerException, got " + refused);
            assertTrue(refused.getMessage().contains("is owned by uid 65534") && refused.getMessage().contains("nothing was sent"),
                    refused.getMessage());
            assertFalse(refused.getMessage().contains(token));
            Integer read = firstByte.getNow(null);
            assertTrue(read == null || read == -1, "the impostor read a byte: " + read);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static ChildJvm.Result catAsNobody(Path file) throws Exception {
        return ChildJvm.run(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "cat", file.toString()), 60);
    }

    /** A world-readable copy of one compiled class (its package directories included), for a JVM of uid 65534. */
    private Path copyOfClass(Class<?> type) throws Exception {
        Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        String relative = type.getName().replace('.', '/') + ".class";
        Path copy = shared.resolve("classes");
        Path target = copy.resolve(relative);
        Files.createDirectories(target.getParent());
        Files.copy(root.resolve(relative), target);
        try (Stream<Path> files = Files.walk(copy)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return copy;
    }

    private static int currentUid() {
        return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    }

    private static void assumeCanSwitchUser() {
        boolean setpriv = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, "setpriv")));
        Assumptions.assumeTrue(currentUid() == 0 && setpriv, "needs root and setpriv on the PATH to act as uid 65534");
    }
}
