package dev.localipc.transport.unix;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.AddressInUseException;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.UntrustedServerException;
import dev.localipc.transport.unix.internal.CurrentUser;
import dev.localipc.transport.unix.internal.FileEntry;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Endpoints named by an explicit socket path (Endpoint.ofSocketPath), the way node-ipc peers
 * such as Roo Code's name theirs: exactly that path, in a directory localipc does not own, with
 * what still protects it checked on real sockets, files and, where the test runs as root, a
 * second JVM running as uid 65534.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the unix transport is not used on Windows")
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("try") // listeners held open by try-with-resources without being referenced
class ExplicitSocketPathTest {
    private static final ListenOptions NO_HOOK = ListenOptions.builder().installShutdownHook(false).build();
    private static final String TOKEN = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final OtherUserJvms NOBODY_JVMS = new OtherUserJvms();

    private final UnixTransportProvider unix = new UnixTransportProvider();

    @TempDir
    Path tempDir;

    /** Directories made outside @TempDir (sticky ones other users can reach), removed after each test. */
    private Path shared;

    @AfterEach
    void deleteShared() throws IOException {
        if (shared != null) {
            TestFiles.deleteTree(shared);
        }
    }

    // ---- resolving ---------------------------------------------------------------------------

    @Test
    void resolvesToExactlyThePathWithoutARuntimeDirectory() {
        TransportAddress address = unix.resolve(Endpoint.ofSocketPath("/tmp/evals-1-2.sock"));
        assertEquals("/tmp/evals-1-2.sock", address.location());
        assertEquals("unix", address.transport());
        assertFalse(address.isInRuntimeDirectory());
        assertEquals(Path.of("x.sock").toAbsolutePath().toString(),
                unix.resolve(Endpoint.ofSocketPath("x.sock")).location(), "a relative path is taken against the working directory");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aPathOverTheLimitIsRefusedBeforeAnythingIsCreatedAndThePathAtTheLimitWorks() throws IOException {
        Path directory = Files.createDirectory(tempDir.resolve("d"));
        Path over = directory.resolve("s".repeat(108 - directory.toString().length() - 1));
        assertEquals(108, over.toString().getBytes(StandardCharsets.UTF_8).length);
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> unix.resolve(Endpoint.ofSocketPath(over)));
        assertEquals("socket path " + over + " is 108 bytes; the limit on Linux is 107: choose a shorter socket path",
                tooLong.getMessage());

        // A hand-made address is checked again in listen(), before binding.
        TransportAddress forged = TransportAddress.ofSocketPath("unix", Endpoint.ofSocketPath(over), over.toString());
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class, () -> unix.listen(forged, NO_HOOK));
        assertEquals(tooLong.getMessage(), again.getMessage());
        assertEquals(List.of(), entries(directory), "nothing may be left behind");

        Path atLimit = directory.resolve("s".repeat(107 - directory.toString().length() - 1));
        unix.listen(unix.resolve(Endpoint.ofSocketPath(atLimit)), NO_HOOK).close();
    }

    // ---- listening ---------------------------------------------------------------------------

    @Test
    void listensOnExactlyThePathAt0600AndWritesNothingElseThere() throws Exception {
        Path directory = Files.createDirectory(tempDir.resolve("shared"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = directory.resolve("evals-1-2.sock");
        TransportAddress address = unix.resolve(Endpoint.ofSocketPath(socket));
        ListenOptions withToken = ListenOptions.builder().token(TOKEN).installShutdownHook(false).build();
        try (TransportListener listener = unix.listen(address, withToken)) {
            assertEquals(List.of("evals-1-2.sock"), entries(directory), "no token file, no lock file, no temporary file");
            assertTrue(FileEntry.read(socket).orElseThrow().isSocket());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)),
                    "the directory is not localipc's: its mode is left alone");
            assertEchoes(listener, address);
        }
        assertEquals(List.of(), entries(directory), "the socket is removed on close");
    }

    @Test
    void worksInAWorldWritableStickyDirectory() throws Exception {
        Path sticky = stickyDirectory();
        Path socket = sticky.resolve("roo.sock");
        TransportAddress address = unix.resolve(Endpoint.ofSocketPath(socket));
        try (TransportListener listener = unix.listen(address, NO_HOOK)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            assertEquals(01777, mode(sticky), "the directory's mode is left alone");
            assertEchoes(listener, address);
        }
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void worksInJavaIoTmpdirLikeRoosEvaluationRunner() throws Exception {
        // path.resolve(os.tmpdir(), `evals-${run.id}-${task.id}.sock`)
        Path socket = Path.of(System.getProperty("java.io.tmpdir"), "evals-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime() + ".sock").toAbsolutePath();
        try {
            TransportAddress address = unix.resolve(Endpoint.ofSocketPath(socket.toString()));
            try (TransportListener listener = unix.listen(address, NO_HOOK)) {
                assertEchoes(listener, address);
            }
            assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    @Test
    void aRegularFileAtThePathIsRefusedAndLeftUntouched() throws IOException {
        Path socket = tempDir.resolve("roo.sock");
        Files.writeString(socket, "not a socket", UTF_8);
        FileTime modified = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(socket, modified);
        Object key = FileEntry.read(socket).orElseThrow().key();

        IOException refused = assertThrows(IOException.class,
                () -> unix.listen(unix.resolve(Endpoint.ofSocketPath(socket)), NO_HOOK));
        assertEquals(socket + " is a regular file, not a socket, so it was left untouched (localipc replaces only a"
                + " stale socket at an explicit path): remove it yourself if nothing needs it, or choose another socket"
                + " path", refused.getMessage());
        assertEquals("not a socket", Files.readString(socket, UTF_8));
        assertEquals(modified, Files.getLastModifiedTime(socket));
        assertEquals(key, FileEntry.read(socket).orElseThrow().key(), "the very same file is still there");
    }

    @Test
    void aSymbolicLinkAtThePathIsRefusedAndNeitherItNorItsTargetIsTouched() throws IOException {
        Path target = tempDir.resolve("precious.txt");
        Files.writeString(target, "precious", UTF_8);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        Path socket = Files.createSymbolicLink(tempDir.resolve("roo.sock"), target);

        IOException refused = assertThrows(IOException.class,
                () -> unix.listen(unix.resolve(Endpoint.ofSocketPath(socket)), NO_HOOK));
        assertEquals(socket + " is a symbolic link, not a socket, so it was left untouched (localipc replaces only a"
                + " stale socket at an explicit path): remove it yourself if nothing needs it, or choose another socket"
                + " path", refused.getMessage());
        assertEquals(target, Files.readSymbolicLink(socket), "the link is still there, unchanged");
        assertEquals("precious", Files.readString(target, UTF_8));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)),
                "the link's target was not chmod'ed");
    }

    @Test
    void aSymbolicLinkToAStaleSocketIsRefusedAndTheSocketIsNotRemoved() throws IOException {
        Path elsewhere = Files.createDirectory(tempDir.resolve("elsewhere"));
        Path stale = StaleSockets.leave(unix.resolve(Endpoint.ofSocketPath(elsewhere.resolve("stale.sock"))));
        Path socket = Files.createSymbolicLink(tempDir.resolve("roo.sock"), stale);
        IOException refused = assertThrows(IOException.class,
                () -> unix.listen(unix.resolve(Endpoint.ofSocketPath(socket)), NO_HOOK));
        assertTrue(refused.getMessage().startsWith(socket + " is a symbolic link, not a socket"), refused.getMessage());
        assertTrue(FileEntry.read(stale).orElseThrow().isSocket(), "the stale socket the link points to is still there");
    }

    @Test
    void aDanglingSymbolicLinkIsRefusedAndLeft() throws IOException {
        Path socket = Files.createSymbolicLink(tempDir.resolve("roo.sock"), tempDir.resolve("nowhere.sock"));
        IOException refused = assertThrows(IOException.class,
                () -> unix.listen(unix.resolve(Endpoint.ofSocketPath(socket)), NO_HOOK));
        assertTrue(refused.getMessage().startsWith(socket + " is a symbolic link, not a socket"), refused.getMessage());
        assertEquals(tempDir.resolve("nowhere.sock"), Files.readSymbolicLink(socket));
        assertFalse(Files.exists(tempDir.resolve("nowhere.sock"), LinkOption.NOFOLLOW_LINKS), "nothing was bound through the link");
    }

    @Test
    void aFifoAtThePathIsRefusedAndLeft() throws Exception {
        Path socket = tempDir.resolve("roo.sock");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", socket.toString()).inheritIO().start();
        } catch (IOException absent) {
            Assumptions.abort("mkfifo is not on the PATH: " + absent);
            return;
        }
        assertEquals(0, mkfifo.waitFor());
        // Connecting to a FIFO is refused like connecting to a stale socket: only its type tells them apart.
        IOException refused = assertThrows(IOException.class,
                () -> unix.listen(unix.resolve(Endpoint.ofSocketPath(socket)), NO_HOOK));
        assertEquals(socket + " is a named pipe (FIFO), not a socket, so it was left untouched (localipc replaces only a"
                + " stale socket at an explicit path): remove it yourself if nothing needs it, or choose another socket"
                + " path", refused.getMessage());
        assertEquals(FileEntry.Type.FIFO, FileEntry.read(socket).orElseThrow().type());
    }

    @Test
    void aStaleSocketIsReplaced() throws Exception {
        TransportAddress address = unix.resolve(Endpoint.ofSocketPath(tempDir.resolve("roo.sock")));
        Path socket = StaleSockets.leave(address);
        // The file key cannot tell the new socket from the stale one (file systems reuse a freed inode at once).
        FileTime staleMark = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(socket, staleMark);
        assertThrows(ConnectException.class, () -> unix.connect(address, ConnectOptions.defaults()), "nobody listens");
        try (TransportListener listener = unix.listen(address, NO_HOOK)) {
            assertNotEquals(staleMark, Files.getLastModifiedTime(socket, LinkOption.NOFOLLOW_LINKS),
                    "a new socket took the stale one's place");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            assertEchoes(listener, address);
        }
    }

    @Test
    void aLiveServerMakesTheSecondStartAddressInUseAndKeepsItsSocket() throws Exception {
        TransportAddress address = unix.resolve(Endpoint.ofSocketPath(tempDir.resolve("roo.sock")));
        try (TransportListener first = unix.listen(address, NO_HOOK)) {
            Object key = FileEntry.read(Path.of(address.location())).orElseThrow().key();
            AddressInUseException inUse = assertThrows(AddressInUseException.class, () -> unix.listen(address, NO_HOOK));
            assertEquals(address.location() + " is in use by a running server (pid " + ProcessHandle.current().pid()
                    + ", uid " + CurrentUser.uid() + "): stop it or choose another socket path", inUse.getMessage());
            assertEquals(address.location(), inUse.location());
            assertEquals(key, FileEntry.read(Path.of(address.location())).orElseThrow().key(), "the live socket stays");
            try (TransportConnection probe = first.accept()) {
                assertEquals(-1, probe.input().read(), "the second server's probe came and left without a byte");
            }
            assertEchoes(first, address);
        }
    }

    @Test
    void aLiveServerInAnotherProcessMakesTheStartAddressInUse() throws Exception {
        Path socket = tempDir.resolve("roo.sock");
        try (TestJvm server = TestJvm.start(List.of(TestJvm.java(), "-cp", TestJvm.classPath(),
                EchoServerMain.class.getName(), "--socket", socket.toString()))) {
            assertEquals("READY " + socket, server.awaitLine("READY", WAIT));
            AddressInUseException inUse = assertThrows(AddressInUseException.class,
                    () -> unix.listen(unix.resolve(Endpoint.ofSocketPath(socket)), NO_HOOK));
            assertEquals(socket + " is in use by a running server (pid " + server.process().pid() + ", uid "
                    + CurrentUser.uid() + "): stop it or choose another socket path", inUse.getMessage());
        }
    }

    @Test
    void theDirectoryMustExistAndIsNotCreated() {
        Path missing = tempDir.resolve("missing");
        Path socket = missing.resolve("roo.sock");
        IOException refused = assertThrows(IOException.class,
                () -> unix.listen(unix.resolve(Endpoint.ofSocketPath(socket)), NO_HOOK));
        assertEquals("cannot listen on " + socket + ": its directory " + missing + " does not exist; localipc creates no"
                + " directory for an explicit socket path: create it first, or choose a socket path in an existing"
                + " directory", refused.getMessage());
        assertFalse(Files.exists(missing, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void theDirectoryMustBeADirectory() throws IOException {
        Path file = Files.writeString(tempDir.resolve("file"), "x", UTF_8);
        Path socket = file.resolve("roo.sock");
        IOException refused = assertThrows(IOException.class,
                () -> unix.listen(unix.resolve(Endpoint.ofSocketPath(socket)), NO_HOOK));
        assertEquals("cannot listen on " + socket + ": " + file + " is not a directory: choose a socket path in an"
                + " existing directory", refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0777, 0775, 0757})
    void aDirectoryOthersCanChangeWithoutTheStickyBitIsRefused(int directoryMode) throws IOException {
        Path open = Files.createDirectory(tempDir.resolve("open"));
        Files.setAttribute(open, "unix:mode", directoryMode);
        Path socket = open.resolve("roo.sock");
        IOException refused = assertThrows(IOException.class,
                () -> unix.listen(unix.resolve(Endpoint.ofSocketPath(socket)), NO_HOOK));
        assertEquals("cannot listen on " + socket + ": its directory " + open + " (mode " + String.format("%04o", directoryMode)
                + ", owner uid " + CurrentUser.uid() + ") lets other users replace or remove the socket (writable by group"
                + " or others, without the sticky bit): choose a socket path in a directory only you can write, or in a"
                + " sticky one such as /tmp", refused.getMessage());
        assertEquals(List.of(), entries(open), "nothing was bound there");
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused() throws IOException {
        Assumptions.assumeTrue(CurrentUser.uid() == 0, "needs root to give the directory to uid 65534");
        Path sticky = stickyDirectory();
        Files.setAttribute(sticky, "unix:uid", (int) OtherUser.NOBODY);
        Path socket = sticky.resolve("roo.sock");
        IOException refused = assertThrows(IOException.class,
                () -> unix.listen(unix.resolve(Endpoint.ofSocketPath(socket)), NO_HOOK));
        assertEquals("cannot listen on " + socket + ": its directory " + sticky + " (mode 1777, owner uid 65534) belongs"
                + " to another user, who could replace or remove the socket: choose a socket path in a directory of your"
                + " own, or in a sticky one of root's such as /tmp", refused.getMessage());
        assertEquals(List.of(), entries(sticky));
    }

    @Test
    void closeRemovesTheSocketOnlyWhileItIsStillOurs() throws IOException {
        Path socket = tempDir.resolve("roo.sock");
        TransportListener listener = unix.listen(unix.resolve(Endpoint.ofSocketPath(socket)), NO_HOOK);
        Files.delete(socket);
        Files.writeString(socket, "someone else's", UTF_8);
        listener.close();
        assertEquals("someone else's", Files.readString(socket, UTF_8), "a file that replaced our socket is not removed");
    }

    @Test
    void closeLeavesASocketOfAnotherServerThatReplacedOurs() throws Exception {
        TransportAddress address = unix.resolve(Endpoint.ofSocketPath(tempDir.resolve("roo.sock")));
        Path socket = Path.of(address.location());
        TransportListener listener = unix.listen(address, NO_HOOK);
        Files.delete(socket);
        StaleSockets.leave(address); // another server's socket in our socket's place
        Object theirs = inode(socket);
        listener.close();
        assertEquals(theirs, inode(socket), "the other server's socket stays");
    }

    // ---- connecting --------------------------------------------------------------------------

    @Test
    void connectingWhereNobodyListensSaysSo() {
        Path socket = tempDir.resolve("roo.sock");
        ConnectException refused = assertThrows(ConnectException.class,
                () -> unix.connect(unix.resolve(Endpoint.ofSocketPath(socket)), ConnectOptions.defaults()));
        assertEquals("no server is listening on " + socket + " (there is no socket file): start the server first",
                refused.getMessage());
    }

    @Test
    void theClientChecksTheServersUidBeforeSendingAByte() throws Exception {
        TransportAddress address = unix.resolve(Endpoint.ofSocketPath(tempDir.resolve("roo.sock")));
        try (TransportListener listener = unix.listen(address, NO_HOOK)) {
            BlockingQueue<TransportConnection> accepted = BackgroundAccepts.start(listener);
            ConnectOptions expectNobody = ConnectOptions.builder().expectedServerUid(OtherUser.NOBODY).build();
            UntrustedServerException untrusted = assertThrows(UntrustedServerException.class,
                    () -> unix.connect(address, expectNobody));
            assertEquals("the server on " + address.location() + " runs as uid " + CurrentUser.uid() + " (pid "
                    + ProcessHandle.current().pid() + "), but uid 65534 was expected; nothing was sent: check which"
                    + " process owns the socket, or set ConnectOptions.expectedServerUid", untrusted.getMessage());
            try (TransportConnection atServer = accepted.poll(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                assertNotNull(atServer, "the server should have accepted the client's connection");
                assertEquals(-1, atServer.input().read(), "the client must not have sent a byte");
            }
        }
    }

    @Test
    void theClientDoesNotCheckTheDirectoryOfAnExplicitPath() throws Exception {
        Path real = Files.createDirectory(tempDir.resolve("real"));
        Path link = Files.createSymbolicLink(tempDir.resolve("link"), real);
        TransportAddress address = unix.resolve(Endpoint.ofSocketPath(real.resolve("roo.sock")));
        try (TransportListener listener = unix.listen(address, NO_HOOK)) {
            // In a runtime directory a symbolic link is refused; here only the server's uid counts.
            TransportAddress viaLink = unix.resolve(Endpoint.ofSocketPath(link.resolve("roo.sock")));
            assertEchoes(listener, viaLink);
        }
    }

    // ---- other users (root and setpriv) ------------------------------------------------------

    @Test
    void anotherUserCannotEvenConnectToThe0600Socket() throws Exception {
        OtherUser.assumeAvailable();
        TransportAddress address = unix.resolve(Endpoint.ofSocketPath(stickyDirectory().resolve("roo.sock")));
        try (TransportListener listener = unix.listen(address, NO_HOOK)) {
            BlockingQueue<TransportConnection> accepted = BackgroundAccepts.start(listener);
            String nobodySays = probeAsNobody(address);
            assertTrue(nobodySays.startsWith("CONNECT-FAILED ") && nobodySays.contains("Permission denied"),
                    "uid 65534 should have been stopped by the socket's mode 0600, but: " + nobodySays);
            assertOwnConnectionIsTheFirstAccepted(address, accepted);
        }
    }

    @Test
    void anotherUserIsRefusedBeforeAByteEvenWhenTheSocketIsOpenToAll() throws Exception {
        OtherUser.assumeAvailable();
        TransportAddress address = unix.resolve(Endpoint.ofSocketPath(stickyDirectory().resolve("roo.sock")));
        try (TransportListener listener = unix.listen(address, NO_HOOK)) {
            // Only for this test: what stops uid 65534 must be the peer check, not the mode.
            Files.setPosixFilePermissions(Path.of(address.location()), PosixFilePermissions.fromString("rw-rw-rw-"));
            BlockingQueue<TransportConnection> accepted = BackgroundAccepts.start(listener);
            String nobodySays = probeAsNobody(address);
            assertTrue(nobodySays.startsWith("CLOSED "), "uid 65534 should have been cut off without an answer, but: "
                    + nobodySays);
            assertOwnConnectionIsTheFirstAccepted(address, accepted);
        }
    }

    @Test
    void aServerOfAnotherUserAtThePathIsRefusedByTheClient() throws Exception {
        OtherUser.assumeAvailable();
        Path socket = stickyDirectory().resolve("roo.sock");
        try (TestJvm server = TestJvm.start(NOBODY_JVMS.command(EchoServerMain.class,
                "--socket", socket.toString()))) {
            assertEquals("READY " + socket, server.awaitLine("READY", WAIT));
            assertEquals(OtherUser.NOBODY, FileEntry.read(socket).orElseThrow().uid());
            TransportAddress address = unix.resolve(Endpoint.ofSocketPath(socket));
            // The other user's server made its socket 0600: root, which this test runs as, can still connect.
            UntrustedServerException untrusted = assertThrows(UntrustedServerException.class,
                    () -> unix.connect(address, ConnectOptions.defaults()));
            assertEquals("the server on " + socket + " runs as uid 65534 (pid " + server.process().pid() + "), but uid "
                    + CurrentUser.uid() + " was expected; nothing was sent: check which process owns the socket, or set"
                    + " ConnectOptions.expectedServerUid", untrusted.getMessage());
        }
    }

    @Test
    void aSocketOfAnotherUserAtThePathStopsTheStartWithItsOwner() throws Exception {
        OtherUser.assumeAvailable();
        TransportAddress address = unix.resolve(Endpoint.ofSocketPath(stickyDirectory().resolve("roo.sock")));
        try (TransportListener ours = unix.listen(address, NO_HOOK);
                TestJvm nobodysServer = TestJvm.start(NOBODY_JVMS.command(EchoServerMain.class,
                        "--socket", address.location()))) {
            // uid 65534 may not even connect to our 0600 socket, so it cannot tell live from stale: it says whose it is.
            String failure = nobodysServer.awaitLine("Exception in thread", WAIT);
            assertEquals("Exception in thread \"main\" java.io.IOException: " + address.location() + " is a socket of uid "
                    + CurrentUser.uid() + ", which this user (uid 65534) may not connect to"
                    + " (java.net.SocketException: Permission denied), so whether its server runs"
                    + " cannot be told: another user's server, running or dead, holds the path; ask them to remove it,"
                    + " or choose another socket path", failure);
            assertEquals(1, nobodysServer.awaitExit(WAIT));
            assertTrue(FileEntry.read(Path.of(address.location())).orElseThrow().isSocket(), "our socket stays");
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** What a client JVM running as uid 65534 gets when it connects to {@code address} and sends "hello". */
    private static String probeAsNobody(TransportAddress address) throws Exception {
        return ProbeClientMain.verdict(NOBODY_JVMS.command(ProbeClientMain.class, "--socket", address.location(),
                Long.toString(CurrentUser.uid())), WAIT);
    }

    /** A fresh directory like /tmp: mode 1777, owned by the current user (root where the cross-user tests run). */
    private Path stickyDirectory() throws IOException {
        shared = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "localipc-sticky-");
        Files.setAttribute(shared, "unix:mode", 01777);
        return shared;
    }

    private void assertEchoes(TransportListener listener, TransportAddress clientAddress) throws Exception {
        BlockingQueue<TransportConnection> accepted = BackgroundAccepts.start(listener);
        try (TransportConnection client = unix.connect(clientAddress, ConnectOptions.defaults());
                TransportConnection server = accepted.poll(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            assertNotNull(server, "the server should have accepted the client");
            assertEquals(CurrentUser.uid(), server.peer().uid().orElse(-1));
            assertEquals(CurrentUser.uid(), client.peer().uid().orElse(-1));
            client.output().write("ping".getBytes(UTF_8));
            client.output().flush();
            byte[] received = server.input().readNBytes(4);
            assertEquals("ping", new String(received, UTF_8));
        }
    }

    private void assertOwnConnectionIsTheFirstAccepted(TransportAddress address, BlockingQueue<TransportConnection> accepted)
            throws Exception {
        try (TransportConnection ours = unix.connect(address, ConnectOptions.defaults());
                TransportConnection atServer = accepted.poll(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            assertNotNull(atServer, "our own connection should have been accepted");
            assertEquals(ProcessHandle.current().pid(), atServer.peer().pid().orElse(-1),
                    "the other user's connection was never handed out");
        }
    }

    private static Object inode(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static List<String> entries(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
