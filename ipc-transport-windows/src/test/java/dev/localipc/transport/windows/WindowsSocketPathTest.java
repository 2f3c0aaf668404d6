package dev.localipc.transport.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import dev.localipc.transport.windows.internal.PipeAddresses;
import dev.localipc.transport.windows.internal.PipeFlags;
import dev.localipc.transport.windows.internal.Win32Error;
import dev.localipc.transport.windows.internal.Win32Pipes;
import dev.localipc.transport.windows.model.ModelWindowsTransport;
import dev.localipc.transport.windows.model.Win32PipeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Endpoints named by an explicit socket path on the Windows transport: the pipe name node-ipc 12
 * makes of the same path (WIRE.md section 1), on both sides, with the pipe's own protection
 * unchanged; run over the Win32 model, with other modelled processes as node-ipc peers,
 * squatters, impostors and other users.
 */
class WindowsSocketPathTest extends OverTheWin32Model {
    // ---- the name --------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // node-ipc 12, dao/client.js:79-83 and dao/socketServer.js:302-306: one leading '/' goes, '/' becomes '-'.
        "/tmp/roo.sock|\\\\.\\pipe\\tmp-roo.sock",
        "/tmp/evals-1-2.sock|\\\\.\\pipe\\tmp-evals-1-2.sock",
        "//srv/x.sock|\\\\.\\pipe\\-srv-x.sock",
        "relative/dir/x.sock|\\\\.\\pipe\\relative-dir-x.sock",
        // The evals runner on Windows: path.resolve(os.tmpdir(), ...) has no '/', so the backslashes stay.
        "C:\\Users\\u\\AppData\\Local\\Temp\\evals-1-2.sock|\\\\.\\pipe\\C:\\Users\\u\\AppData\\Local\\Temp\\evals-1-2.sock",
        "C:/mixed\\style/x.sock|\\\\.\\pipe\\C:-mixed\\style-x.sock",
        // Already a pipe name: used as it is (node-ipc's client does the same).
        "\\\\.\\pipe\\roo|\\\\.\\pipe\\roo",
    })
    void theSocketPathBecomesNodeIpcsPipeName(String socketPath, String pipe) {
        assertEquals(pipe, PipeAddresses.nodeIpcPipeName(socketPath));
        TransportAddress address = transport.resolve(Endpoint.ofSocketPath(socketPath));
        assertEquals(pipe, address.location());
        assertFalse(address.isInRuntimeDirectory());
        assertEquals(ModelWindowsTransport.NAME, address.transport());
    }

    @Test
    void theRealProviderResolvesTheSameNameOnAnyOs() {
        TransportAddress address = new WindowsTransportProvider("Linux", () -> null)
                .resolve(Endpoint.ofSocketPath("/tmp/evals-1-2.sock"));
        assertEquals("\\\\.\\pipe\\tmp-evals-1-2.sock", address.location());
        assertEquals("windows", address.transport());
    }

    @Test
    void aPipeNameOverTheLimitIsRefusedWithTheFix() {
        String socketPath = "/tmp/" + "x".repeat(238) + ".sock"; // \\.\pipe\ (9) + tmp-xxx...x.sock (247) = 256
        assertEquals(256, PipeAddresses.nodeIpcPipeName(socketPath).length());
        transport.resolve(Endpoint.ofSocketPath(socketPath));
        String over = "/tmp/" + "x".repeat(239) + ".sock";
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> transport.resolve(Endpoint.ofSocketPath(over)));
        assertEquals("pipe name \\\\.\\pipe\\tmp-" + "x".repeat(239) + ".sock (made from socket path " + over + ") is 257"
                + " characters; the limit on Windows is 256: choose a shorter socket path", tooLong.getMessage());
    }

    // ---- listening and connecting ----------------------------------------------------------

    @Test
    void listensOnThePipeANodeIpcClientWouldOpenAndWritesNoTokenFile() throws Exception {
        TransportAddress address = transport.resolve(Endpoint.ofSocketPath("/tmp/roo.sock"));
        ListenOptions withToken = ListenOptions.builder().token(TOKEN).installShutdownHook(false).build();
        try (TransportListener listener = transport.listen(address, withToken)) {
            Win32PipeModel.CreatePipeCall created = model.createPipeCalls().get(0);
            assertEquals("\\\\.\\pipe\\tmp-roo.sock", created.name);
            assertEquals("O:" + Win32PipeModel.USER_SID + "D:P(A;;GA;;;" + Win32PipeModel.USER_SID + ")(A;;GA;;;SY)",
                    created.sddl, "the pipe's DACL: this user and SYSTEM only");
            assertEquals(0x8, created.pipeMode & 0x8, "PIPE_REJECT_REMOTE_CLIENTS");
            assertEquals(Map.of(), model.fileSecurity(), "no token file was created");
            try (Stream<Path> files = Files.list(tempDir)) {
                assertEquals(0, files.count());
            }

            // A node-ipc client of the same user, given the same path, opens exactly this name.
            Win32Pipes nodeIpcClient = model.process(4242, Win32PipeModel.USER_SID);
            Future<TransportConnection> accepted = threads.submit(listener::accept);
            HANDLE handle = nodeIpcClient.createFile("\\\\.\\pipe\\tmp-roo.sock", PipeFlags.CLIENT_ACCESS, 0, 3,
                    PipeFlags.CLIENT_FLAGS);
            assertFalse(WinBase.INVALID_HANDLE_VALUE.equals(handle), "the node-ipc client could not open the pipe");
            try (TransportConnection server = accepted.get(30, TimeUnit.SECONDS)) {
                assertEquals(4242, server.peer().pid().orElse(-1));
                assertEquals(Win32PipeModel.USER_SID, server.peer().user().orElseThrow());
            } finally {
                nodeIpcClient.closeHandle(handle);
            }
        }
    }

    @Test
    void ourClientMeetsOurServerThroughTheSamePath() throws Exception {
        TransportAddress address = transport.resolve(Endpoint.ofSocketPath("C:\\Temp\\evals-1-2.sock"));
        try (TransportListener listener = transport.listen(address, NO_HOOK)) {
            Future<TransportConnection> accepted = threads.submit(listener::accept);
            try (TransportConnection client = transport.connect(address, ConnectOptions.defaults());
                    TransportConnection server = accepted.get(30, TimeUnit.SECONDS)) {
                client.output().write('r');
                assertEquals('r', server.input().read());
                assertEquals(Win32PipeModel.USER_SID, client.peer().user().orElseThrow(), "the pipe's owner was checked");
            }
        }
    }

    @Test
    void connectingWhereNobodyListensNamesThePipeAndThePath() {
        java.net.ConnectException refused = assertThrows(java.net.ConnectException.class,
                () -> transport.connect(transport.resolve(Endpoint.ofSocketPath("/tmp/roo.sock")), ConnectOptions.defaults()));
        assertEquals("no server listens on pipe \\\\.\\pipe\\tmp-roo.sock (ERROR_FILE_NOT_FOUND): start the server first,"
                + " or check the socket path", refused.getMessage());
    }

    @Test
    void anotherUserCannotOpenThePipe() throws Exception {
        Endpoint roo = Endpoint.ofSocketPath("/tmp/roo.sock");
        try (TransportListener listener = transport.listen(transport.resolve(roo), NO_HOOK)) {
            ModelWindowsTransport intruder = new ModelWindowsTransport(model, otherUser);
            UntrustedServerException refused = assertThrows(UntrustedServerException.class,
                    () -> intruder.connect(intruder.resolve(roo), ConnectOptions.defaults()));
            assertEquals("pipe \\\\.\\pipe\\tmp-roo.sock exists but its security descriptor refuses this user"
                    + " (ERROR_ACCESS_DENIED): another user's process holds the name, so nothing was sent. Stop that"
                    + " process or use another socket path", refused.getMessage());
        }
    }

    @Test
    void remoteClientsAreRejected() throws Exception {
        TransportAddress address = transport.resolve(Endpoint.ofSocketPath("/tmp/roo.sock"));
        try (TransportListener listener = transport.listen(address, NO_HOOK)) {
            Win32Pipes remote = model.process(777, Win32PipeModel.USER_SID);
            HANDLE handle = remote.createFile("\\\\fileserver\\pipe\\tmp-roo.sock", 0xC0000000, 0, 3, 0x40000000);
            assertEquals(WinBase.INVALID_HANDLE_VALUE, handle);
            assertEquals(Win32Error.ERROR_ACCESS_DENIED, remote.getLastError());
        }
    }

    @Test
    void aPipeOfAnotherUserAtThatNameNeverGetsOurBytes() {
        HANDLE impostor = ModelSquatter.squat(otherUser, "\\\\.\\pipe\\tmp-roo.sock", ModelSquatter.OTHER_USERS_OPEN_TO_ALL);
        TransportAddress address = transport.resolve(Endpoint.ofSocketPath("/tmp/roo.sock"));
        UntrustedServerException untrusted = assertThrows(UntrustedServerException.class,
                () -> transport.connect(address, ConnectOptions.defaults()));
        assertEquals("pipe \\\\.\\pipe\\tmp-roo.sock is owned by " + Win32PipeModel.OTHER_USER_SID + ", not by this user ("
                + Win32PipeModel.USER_SID + "): another user's process holds the name, so nothing was sent. Stop that"
                + " process or use another socket path", untrusted.getMessage());
        otherUser.closeHandle(impostor);
    }

    @Test
    void aNameHeldByAnotherProcessMakesTheStartAddressInUse() {
        HANDLE squatter = ModelSquatter.squat(otherUser, "\\\\.\\pipe\\tmp-roo.sock", ModelSquatter.OTHER_USERS_OPEN_TO_ALL);
        TransportAddress address = transport.resolve(Endpoint.ofSocketPath("/tmp/roo.sock"));
        AddressInUseException inUse = assertThrows(AddressInUseException.class, () -> transport.listen(address,
                ListenOptions.builder().token(TOKEN).installShutdownHook(false).build()));
        assertEquals("pipe \\\\.\\pipe\\tmp-roo.sock is already in use by process 666 running as "
                + Win32PipeModel.OTHER_USER_SID + ": another server of this application, or a process squatting on the"
                + " name. Stop that process or use another socket path", inUse.getMessage());
        otherUser.closeHandle(squatter);
    }

    @Test
    void twoPathsThatNodeIpcMapsToOneNameShareIt() throws Exception {
        // node-ipc maps both to \\.\pipe\tmp-roo.sock, so they are one endpoint on Windows: the second start is refused.
        TransportAddress slashes = transport.resolve(Endpoint.ofSocketPath("/tmp/roo.sock"));
        TransportAddress dashes = transport.resolve(Endpoint.ofSocketPath("tmp-roo.sock"));
        assertNotEquals(slashes.endpoint(), dashes.endpoint());
        assertEquals(slashes.location(), dashes.location());
        try (TransportListener listener = transport.listen(slashes, NO_HOOK)) {
            assertThrows(AddressInUseException.class, () -> transport.listen(dashes, NO_HOOK));
        }
    }
}
