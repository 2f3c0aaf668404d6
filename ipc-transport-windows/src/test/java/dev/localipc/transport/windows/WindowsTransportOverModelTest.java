package dev.localipc.transport.windows;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.AddressInUseException;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.UntrustedServerException;
import dev.localipc.transport.windows.internal.Win32Error;
import dev.localipc.transport.windows.internal.Win32Pipes;
import dev.localipc.transport.windows.model.ModelWindowsTransport;
import dev.localipc.transport.windows.model.Win32PipeModel;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Security and concurrency behaviour of the Windows transport over the Win32 model, with other
 * modelled processes as squatters, impostors and other users.
 */
class WindowsTransportOverModelTest extends OverTheWin32Model {
    private TransportAddress address(String name) {
        return transport.resolve(Endpoint.builder("app").name(name).runtimeDirectory(tempDir).build());
    }

    @Test
    void anAddressOfAnotherTransportIsRefusedWithTheFix() {
        TransportAddress foreign = new TransportAddress("unix", Endpoint.of("app", "x"), "/run/user/1000/app/x.sock",
                tempDir, tempDir.resolve("x.token"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> transport.listen(foreign, NO_HOOK));
        assertEquals("address unix:/run/user/1000/app/x.sock was resolved by the \"unix\" transport, not"
                + " \"windows-model\": resolve the endpoint with this transport", refused.getMessage());
    }

    @Test
    void aSquatterOfAnotherUserMakesStartFailAndNoTokenIsWritten() {
        TransportAddress address = address("squatted");
        // The default DACL: its creator and SYSTEM only.
        HANDLE squatter = ModelSquatter.squat(otherUser, address.location(), null);
        AddressInUseException inUse = assertThrows(AddressInUseException.class,
                () -> transport.listen(address, ListenOptions.builder().token(TOKEN).installShutdownHook(false).build()));
        assertEquals("pipe " + address.location() + " is already in use by a process of another user: the pipe's"
                + " security descriptor refuses this user (CreateFile: ERROR_ACCESS_DENIED (5)): another server of this"
                + " application, or a process squatting on the name. Stop that process or use another endpoint name",
                inUse.getMessage());
        assertEquals(1, model.createPipeCalls().size(), "the squatter's CreateNamedPipe only: ours was never tried");
        assertTrue(Files.notExists(address.tokenFile()));
        otherUser.closeHandle(squatter);
    }

    @Test
    void aSquatterThatLetsUsOpenItIsNamedByPidAndOwner() {
        TransportAddress address = address("open-squat");
        HANDLE squatter = ModelSquatter.squat(otherUser, address.location(), ModelSquatter.OTHER_USERS_OPEN_TO_ALL);
        AddressInUseException inUse = assertThrows(AddressInUseException.class, () -> transport.listen(address, NO_HOOK));
        assertEquals("pipe " + address.location() + " is already in use by process 666 running as "
                + Win32PipeModel.OTHER_USER_SID + ": another server of this application, or a process squatting on the"
                + " name. Stop that process or use another endpoint name", inUse.getMessage());
        otherUser.closeHandle(squatter);
    }

    /** A squatter that creates the name between our probe and our CreateNamedPipe; returns its handle's holder. */
    private AddressInUseException raceASquatter(TransportAddress address, HANDLE[] squatter) {
        ModelWindowsTransport racing = new ModelWindowsTransport(model, AfterFirstCreateFile.wrap(
                model.process(ProcessHandle.current().pid(), Win32PipeModel.USER_SID),
                () -> squatter[0] = ModelSquatter.squat(otherUser, address.location(),
                        ModelSquatter.OTHER_USERS_OPEN_TO_ALL)));
        return assertThrows(AddressInUseException.class,
                () -> racing.listen(address, ListenOptions.builder().token(TOKEN).installShutdownHook(false).build()));
    }

    @Test
    void aSquatterRacingTheProbeIsStoppedByTheFirstInstanceFlag() {
        TransportAddress address = address("race-flag");
        HANDLE[] squatter = new HANDLE[1];
        AddressInUseException inUse = raceASquatter(address, squatter);
        assertTrue(inUse.getMessage().startsWith("pipe " + address.location() + " is already in use by process 666 running as "
                + Win32PipeModel.OTHER_USER_SID + "; CreateNamedPipe with FILE_FLAG_FIRST_PIPE_INSTANCE failed with"
                + " ERROR_ACCESS_DENIED (5)"), inUse.getMessage());
        assertEquals(1, model.instanceCounts(address.location())[0], "the squatter's instance only");
        assertTrue(Files.notExists(address.tokenFile()));
        otherUser.closeHandle(squatter[0]);
    }

    @Test
    void whereTheFlagIsIgnoredASquatterRacingTheProbeIsStoppedByTheInstanceCount() {
        model.ignoreFirstPipeInstanceFlag(); // as Wine 8 does
        TransportAddress address = address("race-count");
        HANDLE[] squatter = new HANDLE[1];
        AddressInUseException inUse = raceASquatter(address, squatter);
        assertEquals("pipe " + address.location() + " is already in use by process 666 running as "
                + Win32PipeModel.OTHER_USER_SID + "; the pipe this server created has 2 instances, not 1: another process"
                + " created the name at the same moment, and this system did not enforce FILE_FLAG_FIRST_PIPE_INSTANCE:"
                + " another server of this application, or a process squatting on the name. Stop that process or use"
                + " another endpoint name", inUse.getMessage());
        assertEquals(1, model.instanceCounts(address.location())[0], "our instance was closed again; the squatter's stays");
        assertTrue(Files.notExists(address.tokenFile()));
        otherUser.closeHandle(squatter[0]);
    }

    @Test
    void whereTheFlagIsIgnoredASecondListenInTheSameProcessIsStillAddressInUse() throws Exception {
        model.ignoreFirstPipeInstanceFlag();
        TransportAddress address = address("twice");
        try (TransportListener first = transport.listen(address, NO_HOOK)) {
            AddressInUseException inUse = assertThrows(AddressInUseException.class, () -> transport.listen(address, NO_HOOK));
            assertEquals("pipe " + address.location() + " is already in use by process " + ProcessHandle.current().pid()
                    + " running as " + Win32PipeModel.USER_SID + ": another server of this application, or a process"
                    + " squatting on the name. Stop that process or use another endpoint name", inUse.getMessage());
            assertTrue(first.isOpen());
        }
    }

    @Test
    void aPipeOwnedByAnotherUserNeverGetsOurBytes() {
        TransportAddress address = address("impostor");
        HANDLE impostor = ModelSquatter.squat(otherUser, address.location(), ModelSquatter.OTHER_USERS_OPEN_TO_ALL);
        UntrustedServerException untrusted = assertThrows(UntrustedServerException.class,
                () -> transport.connect(address, ConnectOptions.defaults()));
        assertEquals("pipe " + address.location() + " is owned by " + Win32PipeModel.OTHER_USER_SID + ", not by this user ("
                + Win32PipeModel.USER_SID + "): another user's process holds the name, so nothing was sent. Stop that"
                + " process or use another endpoint name", untrusted.getMessage());
        otherUser.closeHandle(impostor);
    }

    @Test
    void anotherUserCannotOpenOurPipe() throws Exception {
        TransportAddress address = address("private");
        try (TransportListener listener = transport.listen(address, NO_HOOK)) {
            ModelWindowsTransport intruder = new ModelWindowsTransport(model, otherUser);
            TransportAddress same = intruder.resolve(Endpoint.builder("app").name("private").runtimeDirectory(tempDir).build());
            UntrustedServerException refused = assertThrows(UntrustedServerException.class,
                    () -> intruder.connect(same, ConnectOptions.defaults()));
            assertTrue(refused.getMessage().contains("ERROR_ACCESS_DENIED"), refused.getMessage());
            assertEquals("O:" + Win32PipeModel.USER_SID + "D:P(A;;GA;;;" + Win32PipeModel.USER_SID + ")(A;;GA;;;SY)",
                    model.createPipeCalls().get(0).sddl);
        }
    }

    @Test
    void remoteClientsAreRejected() throws Exception {
        TransportAddress address = address("local-only");
        try (TransportListener listener = transport.listen(address, NO_HOOK)) {
            Win32Pipes remote = model.process(777, Win32PipeModel.USER_SID);
            String overTheNetwork = address.location().replace("\\\\.\\", "\\\\fileserver\\");
            HANDLE handle = remote.createFile(overTheNetwork, 0xC0000000, 0, 3, 0x40000000);
            assertEquals(WinBase.INVALID_HANDLE_VALUE, handle);
            assertEquals(Win32Error.ERROR_ACCESS_DENIED, remote.getLastError());
            model.createPipeCalls().forEach(call -> assertEquals(0x8, call.pipeMode & 0x8, "PIPE_REJECT_REMOTE_CLIENTS"));
        }
    }

    @Test
    void theTokenFileIsCreatedForTheOwnerOnly() throws Exception {
        TransportAddress address = address("tokened");
        try (TransportListener listener = transport.listen(address, ListenOptions.builder().token(TOKEN).installShutdownHook(false).build())) {
            assertEquals(TOKEN, Files.readString(address.tokenFile(), UTF_8));
            assertEquals("O:" + Win32PipeModel.USER_SID + "D:P(A;;FA;;;" + Win32PipeModel.USER_SID + ")",
                    model.fileSecurity().get(address.tokenFile().toString()));
            if (Files.getFileStore(address.tokenFile()).supportsFileAttributeView("posix")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(address.tokenFile())));
            }
        }
        assertTrue(Files.notExists(address.tokenFile()));
    }

    @Test
    void aStaleTokenFileIsReplacedNotReused() throws Exception {
        TransportAddress address = address("stale-token");
        Files.writeString(address.tokenFile(), "old");
        try (TransportListener listener = transport.listen(address, ListenOptions.builder().token(TOKEN).installShutdownHook(false).build())) {
            assertEquals(TOKEN, Files.readString(address.tokenFile(), UTF_8));
        }
    }

    @Test
    void aClientThatLeftBeforeAcceptIsSkipped() throws Exception {
        TransportAddress address = address("left-early");
        try (TransportListener listener = transport.listen(address, NO_HOOK)) {
            // Takes the only instance and leaves: ConnectNamedPipe then fails with ERROR_NO_DATA.
            transport.connect(address, ConnectOptions.defaults()).close();
            Future<TransportConnection> accepted = threads.submit(listener::accept);
            try (TransportConnection stays = transport.connect(address,
                    ConnectOptions.builder().timeout(Duration.ofSeconds(30)).build());
                    TransportConnection server = accepted.get(30, TimeUnit.SECONDS)) {
                stays.output().write('2');
                assertEquals('2', server.input().read(), "accept() returned the client that stayed");
            }
        }
    }

    @Test
    void aClientFindingEveryInstanceBusyWaitsForTheNextAccept() throws Exception {
        TransportAddress address = address("busy");
        try (TransportListener listener = transport.listen(address, NO_HOOK);
                TransportConnection first = transport.connect(address, ConnectOptions.defaults())) {
            // The only instance is taken and nobody accepts yet: the second client waits in WaitNamedPipe.
            Future<TransportConnection> second = threads.submit(() ->
                    transport.connect(address, ConnectOptions.builder().timeout(Duration.ofSeconds(30)).build()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (model.createFileCalls().size() < 2) { // the second client met ERROR_PIPE_BUSY
                assertTrue(System.nanoTime() < deadline, "the second client never tried to open the pipe");
                Thread.sleep(5);
            }
            try (TransportConnection acceptedFirst = listener.accept();
                    TransportConnection acceptedSecond = listener.accept();
                    TransportConnection secondClient = second.get(30, TimeUnit.SECONDS)) {
                secondClient.output().write('b');
                assertEquals('b', acceptedSecond.input().read());
                first.output().write('a');
                assertEquals('a', acceptedFirst.input().read());
            }
            assertTrue(model.createFileCalls().size() >= 3, "the second client retried after ERROR_PIPE_BUSY");
            model.createFileCalls().forEach(call -> assertEquals(0x40110000, call.flags, "client CreateFile flags"));
            List<Win32PipeModel.CreatePipeCall> instances = model.createPipeCalls();
            assertEquals(0x40080003, instances.get(0).openMode, "first instance");
            instances.subList(1, instances.size()).forEach(call -> assertEquals(0x40000003, call.openMode, "later instances"));
        }
    }

    @Test
    void aClientBusyForTheWholeTimeoutGetsATimeout() throws Exception {
        TransportAddress address = address("busy-timeout");
        try (TransportListener listener = transport.listen(address, NO_HOOK);
                TransportConnection first = transport.connect(address, ConnectOptions.defaults())) {
            SocketTimeoutException timeout = assertThrows(SocketTimeoutException.class, () ->
                    transport.connect(address, ConnectOptions.builder().timeout(Duration.ofMillis(300)).build()));
            assertTrue(timeout.getMessage().contains("stayed busy for 300 ms"), timeout.getMessage());
        }
    }
}
