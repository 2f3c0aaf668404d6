package dev.localipc.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.UntrustedServerException;
import dev.localipc.api.testing.ReadableClassPath;
import dev.localipc.transport.unix.internal.CurrentUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may talk to whom: the server refuses other users before reading a byte, and the client
 * refuses a server (or a directory) of another user before sending one. The cross-user tests
 * run a client JVM as uid 65534 through setpriv, so they need root and setpriv.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the unix transport is not used on Windows")
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("try") // listeners held open by try-with-resources without being referenced
class PeerCredentialsTest {
    private static final long NOBODY = OtherUser.NOBODY;
    private static final ListenOptions NO_HOOK = ListenOptions.builder().installShutdownHook(false).build();
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final OtherUserJvms NOBODY_JVMS = new OtherUserJvms();

    private final UnixTransportProvider unix = new UnixTransportProvider();

    @TempDir
    Path tempDir;

    @Test
    void clientRefusesADirectoryOwnedByAnotherUserThanExpected() throws IOException {
        TransportAddress address = address(tempDir.resolve("run"));
        try (TransportListener listener = unix.listen(address, NO_HOOK)) {
            ConnectOptions expectNobody = ConnectOptions.builder().expectedServerUid(NOBODY).build();
            UntrustedServerException untrusted = assertThrowsUntrusted(address, expectNobody);
            assertEquals("the directory " + address.directory() + " of " + address.location() + " is owned by uid "
                    + CurrentUser.uid() + ", but uid 65534 was expected; nothing was sent: check who created it,"
                    + " or set ConnectOptions.expectedServerUid", untrusted.getMessage());
        }
    }

    @Test
    void clientRefusesASymlinkedDirectory() throws IOException {
        TransportAddress real = address(tempDir.resolve("run"));
        Path link = Files.createSymbolicLink(tempDir.resolve("link"), real.directory().getFileName());
        try (TransportListener listener = unix.listen(real, NO_HOOK)) {
            TransportAddress viaLink = address(link);
            UntrustedServerException untrusted = assertThrowsUntrusted(viaLink, ConnectOptions.defaults());
            assertEquals("the directory " + link + " of " + viaLink.location() + " is not a real directory (a symbolic"
                    + " link or a file), so it may lead to another user's server; nothing was sent: remove it, or point"
                    + " LOCALIPC_RUNTIME_DIR at the server's real directory", untrusted.getMessage());
        }
    }

    @Test
    void clientRefusesAServerOfAnotherUserAndTheServerReadsNothing() throws Exception {
        Assumptions.assumeTrue(CurrentUser.uid() == 0, "needs root to give the directory to uid 65534");
        TransportAddress address = address(tempDir.resolve("run"));
        try (TransportListener listener = unix.listen(address, NO_HOOK)) {
            // The directory now looks like uid 65534's, so only the peer check can catch the server.
            Files.setAttribute(address.directory(), "unix:uid", (int) NOBODY);
            BlockingQueue<TransportConnection> accepted = BackgroundAccepts.start(listener);
            ConnectOptions expectNobody = ConnectOptions.builder().expectedServerUid(NOBODY).build();
            UntrustedServerException untrusted = assertThrowsUntrusted(address, expectNobody);
            assertEquals("the server on " + address.location() + " runs as uid 0 (pid " + ProcessHandle.current().pid()
                    + "), but uid 65534 was expected; nothing was sent: check which process owns the socket, or set"
                    + " ConnectOptions.expectedServerUid", untrusted.getMessage());
            try (TransportConnection atServer = accepted.poll(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                assertTrue(atServer != null, "the server should have accepted the client's connection");
                assertEquals(-1, atServer.input().read(), "the client must not have sent a byte");
            }
        }
    }

    @Test
    void serverRefusesAnotherUserBeforeReadingAByte() throws Exception {
        OtherUser.assumeAvailable();
        Path base = worldTraversableDirectory();
        TransportAddress address = address(base.resolve("run"));
        try (TransportListener listener = unix.listen(address, NO_HOOK)) {
            openForOtherUsers(address);
            BlockingQueue<TransportConnection> accepted = BackgroundAccepts.start(listener);

            String nobodySays = runClientAsNobody(address);
            assertTrue(nobodySays.startsWith("CLOSED "), "uid 65534 should have been cut off without an answer, but: "
                    + nobodySays);

            // The refused peer was never handed out: the next accepted connection is ours.
            try (TransportConnection ours = unix.connect(address, ConnectOptions.defaults());
                    TransportConnection atServer = accepted.poll(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                assertTrue(atServer != null, "our own connection should have been accepted");
                assertEquals(ProcessHandle.current().pid(), atServer.peer().pid().orElse(-1));
                assertEquals(CurrentUser.uid(), atServer.peer().uid().orElse(-1));
            }
        } finally {
            TestFiles.deleteTree(base);
        }
    }

    @Test
    void serverAcceptsAnAllowedOtherUser() throws Exception {
        OtherUser.assumeAvailable();
        Path base = worldTraversableDirectory();
        TransportAddress address = address(base.resolve("run"));
        ListenOptions allowNobody = ListenOptions.builder().allowUid(NOBODY).installShutdownHook(false).build();
        try (TransportListener listener = unix.listen(address, allowNobody)) {
            openForOtherUsers(address);
            BlockingQueue<TransportConnection> accepted = BackgroundAccepts.start(listener);
            Thread echo = new Thread(() -> {
                try (TransportConnection connection = accepted.poll(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    assertEquals(NOBODY, connection.peer().uid().orElse(-1));
                    connection.input().transferTo(connection.output());
                } catch (IOException | InterruptedException | RuntimeException failed) {
                    System.err.println("echo for uid 65534 failed: " + failed);
                }
            });
            echo.start();
            assertEquals("ECHO hello", runClientAsNobody(address));
            echo.join(WAIT.toMillis());
        } finally {
            TestFiles.deleteTree(base);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private TransportAddress address(Path runtimeDirectory) {
        return unix.resolve(Endpoint.builder("test").name("peer").runtimeDirectory(runtimeDirectory).build());
    }

    private UntrustedServerException assertThrowsUntrusted(TransportAddress address, ConnectOptions options) {
        return org.junit.jupiter.api.Assertions.assertThrows(UntrustedServerException.class,
                () -> unix.connect(address, options));
    }

    private static String runClientAsNobody(TransportAddress address) throws Exception {
        List<String> command = NOBODY_JVMS.command(ProbeClientMain.class,
                address.directory().toString(), address.endpoint().name(), Long.toString(CurrentUser.uid()));
        return ProbeClientMain.verdict(command, WAIT);
    }

    /** A fresh directory under java.io.tmpdir that other users may pass through (0711) but not list. */
    private static Path worldTraversableDirectory() throws IOException {
        Path base = Files.createTempDirectory("localipc-peer-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
        return base;
    }

    /**
     * Lets uid 65534 reach the socket, for this test only, so that what stops it is the peer
     * check and not the 0700 directory or the 0600 socket (the barriers in normal use).
     */
    private static void openForOtherUsers(TransportAddress address) throws IOException {
        Files.setPosixFilePermissions(address.directory(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(Path.of(address.location()), PosixFilePermissions.fromString("rw-rw-rw-"));
    }
}
