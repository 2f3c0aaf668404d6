package dev.localipc.transport.unix;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.AddressInUseException;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.transport.unix.internal.CurrentUser;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Binding: address in use, stale files, what is not a socket, closing, and why SO_REUSEADDR is off. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the unix transport is not used on Windows")
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("try") // listeners held open by try-with-resources without being referenced
class ListenerTest {
    private static final ListenOptions NO_HOOK = ListenOptions.builder().installShutdownHook(false).build();

    private final UnixTransportProvider unix = new UnixTransportProvider();

    @TempDir
    Path tempDir;

    private TransportAddress address() {
        return unix.resolve(Endpoint.builder("app").name("daemon").runtimeDirectory(tempDir.resolve("run")).build());
    }

    @Test
    void aLiveServerMeansAddressInUseNamingItsPid() throws IOException {
        TransportAddress address = address();
        try (TransportListener first = unix.listen(address, NO_HOOK)) {
            AddressInUseException inUse = assertThrows(AddressInUseException.class, () -> unix.listen(address, NO_HOOK));
            assertEquals(address.location() + " is in use by a running server (pid " + ProcessHandle.current().pid()
                    + ", uid " + CurrentUser.uid() + "): stop it or choose another endpoint name", inUse.getMessage());
            assertTrue(Files.exists(Path.of(address.location()), LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void junixsocketByDefaultTakesOverALivePathWhichIsWhyTheTransportTurnsReuseOff() throws Exception {
        TransportAddress address = address();
        try (TransportListener ours = unix.listen(address, NO_HOOK);
                AFUNIXServerSocket intruder = AFUNIXServerSocket.newInstance()) {
            assertTrue(intruder.getReuseAddress(), "junixsocket's default changed: SO_REUSEADDR is off by default now");
            intruder.setDeleteOnClose(false);
            intruder.bind(AFUNIXSocketAddress.of(Path.of(address.location())));
            // The path now leads to the intruder, not to our listener: exactly what must not happen.
            CompletableFuture<AFUNIXSocket> stolen = CompletableFuture.supplyAsync(() -> {
                try {
                    return intruder.accept();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (AFUNIXSocket client = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(Path.of(address.location())));
                    AFUNIXSocket atIntruder = stolen.get(30, TimeUnit.SECONDS)) {
                assertTrue(atIntruder.isConnected());
            }
            // Our listener notices at close: the file is no longer its own, so it leaves it in place.
            ours.close();
            assertTrue(Files.exists(Path.of(address.location()), LinkOption.NOFOLLOW_LINKS),
                    "close() must not delete a socket file that another server put in its place");
        }
    }

    @Test
    void aStaleSocketFileIsReplaced() throws IOException {
        TransportAddress address = address();
        StaleSockets.leave(address);
        try (TransportListener listener = unix.listen(address, NO_HOOK)) {
            CompletableFuture<TransportConnection> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return listener.accept();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (TransportConnection client = unix.connect(address, ConnectOptions.defaults());
                    TransportConnection server = accepted.join()) {
                client.output().write("x".getBytes(UTF_8));
                assertEquals('x', server.input().read());
            }
        }
    }

    @Test
    void serversStartingAtOnceOnAStaleSocketLeaveExactlyOneReachableWinner() throws Exception {
        TransportAddress address = address();
        StaleSockets.leave(address);
        int contenders = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<TransportListener>> attempts = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            attempts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    return unix.listen(address, NO_HOOK);
                } catch (IOException | InterruptedException e) {
                    throw new CompletionException(e);
                }
            }, Executors.newSingleThreadExecutor()));
        }
        start.countDown();
        List<TransportListener> winners = new ArrayList<>();
        for (CompletableFuture<TransportListener> attempt : attempts) {
            try {
                winners.add(attempt.get(30, TimeUnit.SECONDS));
            } catch (ExecutionException lost) {
                assertInstanceOf(AddressInUseException.class, lost.getCause(), lost.getCause().toString());
            }
        }
        try {
            assertEquals(1, winners.size(), "exactly one server may win");
            TransportListener winner = winners.get(0);
            // The losers probed the winner with connections of their own; skip those (they end at once).
            CompletableFuture<Integer> firstByte = CompletableFuture.supplyAsync(() -> {
                while (true) {
                    try (TransportConnection server = winner.accept()) {
                        int value = server.input().read();
                        if (value >= 0) {
                            return value;
                        }
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                }
            });
            try (TransportConnection client = unix.connect(address, ConnectOptions.defaults())) {
                client.output().write(7);
                assertEquals(7, firstByte.get(30, TimeUnit.SECONDS), "the socket file must lead to the winner");
            }
        } finally {
            for (TransportListener winner : winners) {
                winner.close();
            }
        }
    }

    @Test
    void somethingThatIsNotASocketIsNeverDeleted() throws IOException {
        TransportAddress address = address();
        unix.listen(address, NO_HOOK).close();
        Path notASocket = Files.writeString(Path.of(address.location()), "precious");
        IOException refused = assertThrows(IOException.class, () -> unix.listen(address, NO_HOOK));
        assertEquals(notASocket + " exists and is not a socket: remove it, or choose another endpoint name",
                refused.getMessage());
        assertEquals("precious", Files.readString(notASocket));
    }

    @Test
    void closeRemovesBothFilesAndAcceptThenSaysTheListenerIsClosed() throws IOException {
        TransportAddress address = address();
        TransportListener listener = unix.listen(address,
                ListenOptions.builder().token("t".repeat(64)).installShutdownHook(false).build());
        listener.close();
        assertFalse(Files.exists(Path.of(address.location()), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(address.tokenFile()));
        AsynchronousCloseException closed = assertThrows(AsynchronousCloseException.class, listener::accept);
        assertEquals("the listener on " + address.location() + " was closed", closed.getMessage());
    }

    @Test
    void connectingWithoutAServerSaysStartTheServerFirst() throws IOException {
        TransportAddress address = address();
        ConnectException noDirectory = assertThrows(ConnectException.class,
                () -> unix.connect(address, ConnectOptions.defaults()));
        assertEquals("no server is listening on " + address.location() + " (its directory " + address.directory()
                + " does not exist): start the server first", noDirectory.getMessage());

        unix.listen(address, NO_HOOK).close();
        ConnectException noFile = assertThrows(ConnectException.class, () -> unix.connect(address, ConnectOptions.defaults()));
        assertEquals("no server is listening on " + address.location() + " (there is no socket file): start the"
                + " server first", noFile.getMessage());

        StaleSockets.leave(address);
        ConnectException refused = assertThrows(ConnectException.class, () -> unix.connect(address, ConnectOptions.defaults()));
        assertEquals("no server is listening on " + address.location() + " (connection refused): start the server"
                + " first", refused.getMessage());
    }
}
