package dev.localipc.transport.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinBase.OVERLAPPED;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import dev.localipc.api.Endpoint;
import dev.localipc.api.PeerIdentity;
import dev.localipc.api.spi.AddressInUseException;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.UntrustedServerException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;

/**
 * The exact Win32 calls the transport makes, against a Mockito mock of {@link Win32Pipes}: flags,
 * security descriptor, call order, and each error path with its message. Tagged "mockito": the
 * run under Wine leaves it out (Mockito cannot start on that jlinked JRE); the Linux build runs it.
 */
@Tag("mockito")
class PipeCallsTest {
    private static final String SID = "S-1-5-21-1-2-3-1001";
    private static final String PIPE_SDDL = "O:S-1-5-21-1-2-3-1001D:P(A;;GA;;;S-1-5-21-1-2-3-1001)(A;;GA;;;SY)";
    private static final String NAME = "\\\\.\\pipe\\app-alice-daemon";
    // PIPE_ACCESS_DUPLEX 0x3 | FILE_FLAG_OVERLAPPED 0x40000000 | FILE_FLAG_FIRST_PIPE_INSTANCE 0x00080000
    private static final int FIRST_OPEN_MODE = 0x40080003;
    private static final int NEXT_OPEN_MODE = 0x40000003;
    // PIPE_TYPE_MESSAGE 0x4 | PIPE_READMODE_BYTE 0 | PIPE_WAIT 0 | PIPE_REJECT_REMOTE_CLIENTS 0x8
    private static final int PIPE_MODE = 0xC;
    // GENERIC_READ | GENERIC_WRITE
    private static final int CLIENT_ACCESS = 0xC0000000;
    // FILE_FLAG_OVERLAPPED | SECURITY_SQOS_PRESENT 0x00100000 | SECURITY_IDENTIFICATION 0x00010000
    private static final int CLIENT_FLAGS = 0x40110000;

    private final Win32Pipes api = mock(Win32Pipes.class);
    private final HANDLE first = handle(0x10);
    private final HANDLE second = handle(0x14);
    private final HANDLE client = handle(0x18);
    private final Memory descriptor = new Memory(16);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private int nextEvent = 0x100;
    private TransportAddress address;

    @TempDir
    Path tempDir;

    @BeforeEach
    void address() {
        address = new TransportAddress("windows", Endpoint.of("app", "daemon"), NAME, tempDir, tempDir.resolve("daemon.token"));
        when(api.convertStringSecurityDescriptor(anyString())).thenReturn(descriptor);
        when(api.createEvent(anyBoolean(), anyBoolean())).thenAnswer(call -> handle(nextEvent += 4));
        when(api.setEvent(any())).thenReturn(true);
        when(api.closeHandle(any())).thenReturn(true);
        when(api.getNamedPipeCurrentInstances(any())).thenReturn(1);
        nameIsFreeThenLastErrors();
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private static HANDLE handle(long value) {
        return new HANDLE(new Pointer(value));
    }

    /** Listens; the name is free (the first-instance probe's CreateFile finds no pipe) unless a test stubs otherwise. */
    private PipeListener listen() throws IOException {
        return PipeListener.open(api, address, ListenOptions.builder().installShutdownHook(false).build(), SID);
    }

    /** Stubs the probe's CreateFile to find no pipe, then GetLastError to give {@code errors} after its ERROR_FILE_NOT_FOUND. */
    private void nameIsFreeThenLastErrors(Integer... errors) {
        when(api.createFile(eq(NAME), anyInt(), anyInt(), anyInt(), anyInt())).thenReturn(WinBase.INVALID_HANDLE_VALUE);
        when(api.getLastError()).thenReturn(Win32Error.ERROR_FILE_NOT_FOUND, errors);
    }

    @Test
    void firstInstanceHasTheFirstInstanceFlagMessageTypeByteReadsRemoteRejectionAndTheUserOnlyDescriptor() throws IOException {
        when(api.createNamedPipe(anyString(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), any())).thenReturn(first);
        try (PipeListener listener = listen()) {
            verify(api).convertStringSecurityDescriptor(PIPE_SDDL);
            verify(api).createNamedPipe(eq(NAME), eq(FIRST_OPEN_MODE), eq(PIPE_MODE), eq(255), eq(65536), eq(65536), eq(0),
                    argThat(security -> Pointer.nativeValue(security.lpSecurityDescriptor) == Pointer.nativeValue(descriptor)
                            && !security.bInheritHandle && security.dwLength.intValue() == security.size()));
            assertTrue(listener.isOpen());
        }
        verify(api).localFree(descriptor);
        verify(api).closeHandle(first);
    }

    @Test
    void aConnectedInstanceIsHandedOffOnlyAfterTheNextInstanceExists() throws IOException {
        when(api.createNamedPipe(anyString(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), any()))
                .thenReturn(first, second);
        // The client came between CreateNamedPipe and ConnectNamedPipe: ERROR_PIPE_CONNECTED means connected.
        when(api.connectNamedPipe(eq(first), any())).thenReturn(false);
        nameIsFreeThenLastErrors(Win32Error.ERROR_PIPE_CONNECTED);
        when(api.getNamedPipeClientProcessId(first)).thenReturn(4242L);
        when(api.impersonateClientSid(first)).thenReturn(SID);
        try (PipeListener listener = listen(); TransportConnection connection = listener.accept()) {
            assertEquals(PeerIdentity.windows(4242, SID), connection.peer());
            InOrder order = inOrder(api);
            order.verify(api).createFile(NAME, CLIENT_ACCESS, 0, 3 /* OPEN_EXISTING */, CLIENT_FLAGS); // the first-instance probe
            order.verify(api).createNamedPipe(eq(NAME), eq(FIRST_OPEN_MODE), eq(PIPE_MODE), eq(255), anyInt(), anyInt(), anyInt(), any());
            order.verify(api).getNamedPipeCurrentInstances(first);
            order.verify(api).connectNamedPipe(eq(first), any());
            order.verify(api).createNamedPipe(eq(NAME), eq(NEXT_OPEN_MODE), eq(PIPE_MODE), eq(255), anyInt(), anyInt(), anyInt(), any());
            order.verify(api).getNamedPipeClientProcessId(first);
        }
    }

    @Test
    void aClientThatLeftBeforeAcceptIsDisconnectedAndTheInstanceWaitsAgain() throws IOException {
        when(api.createNamedPipe(anyString(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), any()))
                .thenReturn(first, second);
        when(api.connectNamedPipe(eq(first), any())).thenReturn(false);
        nameIsFreeThenLastErrors(Win32Error.ERROR_NO_DATA, Win32Error.ERROR_PIPE_CONNECTED);
        when(api.disconnectNamedPipe(first)).thenReturn(true);
        when(api.getNamedPipeClientProcessId(first)).thenReturn(7L);
        when(api.impersonateClientSid(first)).thenReturn(SID);
        try (PipeListener listener = listen(); TransportConnection connection = listener.accept()) {
            InOrder order = inOrder(api);
            order.verify(api).connectNamedPipe(eq(first), any());
            order.verify(api).disconnectNamedPipe(first);
            order.verify(api).connectNamedPipe(eq(first), any());
            assertEquals(7, connection.peer().pid().orElse(-1));
        }
    }

    @Test
    void aClientOfAnotherUserIsRefusedAndNeverHandedOff() throws IOException {
        HANDLE third = handle(0x1c);
        when(api.createNamedPipe(anyString(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), any()))
                .thenReturn(first, second, third);
        when(api.connectNamedPipe(any(), any())).thenReturn(false);
        nameIsFreeThenLastErrors(Win32Error.ERROR_PIPE_CONNECTED);
        when(api.impersonateClientSid(first)).thenReturn("S-1-5-21-9-9-9-666");
        when(api.impersonateClientSid(second)).thenReturn(SID);
        when(api.disconnectNamedPipe(any())).thenReturn(true);
        try (PipeListener listener = listen(); TransportConnection connection = listener.accept()) {
            assertEquals(SID, connection.peer().user().orElseThrow());
            verify(api).disconnectNamedPipe(first);
            verify(api).closeHandle(first);
        }
    }

    @Test
    void aNameThatOpensIsRefusedBeforeAnyInstanceIsCreatedNamingItsHolder() {
        when(api.createFile(eq(NAME), anyInt(), anyInt(), anyInt(), anyInt())).thenReturn(client);
        when(api.getOwnerSid(client)).thenReturn("S-1-5-21-9-9-9-666");
        when(api.getNamedPipeServerProcessId(client)).thenReturn(31L);
        AddressInUseException inUse = assertThrows(AddressInUseException.class, this::listen);
        assertEquals(NAME, inUse.location());
        assertEquals("pipe " + NAME + " is already in use by process 31 running as S-1-5-21-9-9-9-666: another server"
                + " of this application, or a process squatting on the name. Stop that process or use another endpoint"
                + " name", inUse.getMessage());
        verify(api).createFile(NAME, CLIENT_ACCESS, 0, 3 /* OPEN_EXISTING */, CLIENT_FLAGS);
        verify(api).closeHandle(client);
        verify(api, never()).writeFile(any(), any(), anyInt(), any());
        verify(api, never()).createNamedPipe(anyString(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), any());
        verify(api).localFree(descriptor);
    }

    @Test
    void aNameWhoseSecurityDescriptorRefusesUsIsAnotherUsers() {
        when(api.getLastError()).thenReturn(Win32Error.ERROR_ACCESS_DENIED);
        AddressInUseException inUse = assertThrows(AddressInUseException.class, this::listen);
        assertEquals("pipe " + NAME + " is already in use by a process of another user: the pipe's security descriptor"
                + " refuses this user (CreateFile: ERROR_ACCESS_DENIED (5)): another server of this application, or a"
                + " process squatting on the name. Stop that process or use another endpoint name", inUse.getMessage());
        verify(api, never()).createNamedPipe(anyString(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), any());
    }

    @Test
    void aSquatterThatCameAfterTheProbeMakesTheFirstInstanceFlagFailAndIsNamed() {
        when(api.createNamedPipe(anyString(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), any()))
                .thenReturn(WinBase.INVALID_HANDLE_VALUE);
        when(api.createFile(eq(NAME), anyInt(), anyInt(), anyInt(), anyInt())).thenReturn(WinBase.INVALID_HANDLE_VALUE, client);
        when(api.getLastError()).thenReturn(Win32Error.ERROR_FILE_NOT_FOUND, Win32Error.ERROR_ACCESS_DENIED);
        when(api.getOwnerSid(client)).thenReturn("S-1-5-21-9-9-9-666");
        when(api.getNamedPipeServerProcessId(client)).thenReturn(666L);
        AddressInUseException inUse = assertThrows(AddressInUseException.class, this::listen);
        assertEquals(NAME, inUse.location());
        assertEquals("pipe " + NAME + " is already in use by process 666 running as S-1-5-21-9-9-9-666; CreateNamedPipe"
                + " with FILE_FLAG_FIRST_PIPE_INSTANCE failed with ERROR_ACCESS_DENIED (5): another server of this"
                + " application, or a process squatting on the name. Stop that process or use another endpoint name",
                inUse.getMessage());
        verify(api).localFree(descriptor);
    }

    @Test
    void aSecondInstanceFoundAfterCreationMeansTheFlagWasNotEnforcedAndOursIsClosed() {
        when(api.createNamedPipe(anyString(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), any())).thenReturn(first);
        when(api.getNamedPipeCurrentInstances(first)).thenReturn(2);
        when(api.createFile(eq(NAME), anyInt(), anyInt(), anyInt(), anyInt())).thenReturn(WinBase.INVALID_HANDLE_VALUE, client);
        when(api.getOwnerSid(client)).thenReturn(SID);
        when(api.getNamedPipeServerProcessId(client)).thenReturn(5L);
        AddressInUseException inUse = assertThrows(AddressInUseException.class, this::listen);
        assertEquals("pipe " + NAME + " is already in use by process 5 running as " + SID + "; the pipe this server"
                + " created has 2 instances, not 1: another process created the name at the same moment, and this system"
                + " did not enforce FILE_FLAG_FIRST_PIPE_INSTANCE: another server of this application, or a process"
                + " squatting on the name. Stop that process or use another endpoint name", inUse.getMessage());
        verify(api).closeHandle(first);
        verify(api).localFree(descriptor);
    }

    @Test
    void anInstanceCountWindowsDoesNotGiveFailsListenAndClosesThePipe() {
        when(api.createNamedPipe(anyString(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), any())).thenReturn(first);
        when(api.getNamedPipeCurrentInstances(first)).thenReturn(-1);
        nameIsFreeThenLastErrors(Win32Error.ERROR_INVALID_HANDLE);
        IOException failure = assertThrows(IOException.class, this::listen);
        assertEquals("cannot check that pipe " + NAME + " is this server's alone: GetNamedPipeHandleState failed with"
                + " ERROR_INVALID_HANDLE (6); the pipe was closed again", failure.getMessage());
        verify(api).closeHandle(first);
    }

    @Test
    void anUnusableSecurityDescriptorFailsListenWithTheSddl() {
        when(api.convertStringSecurityDescriptor(anyString())).thenReturn(null);
        when(api.getLastError()).thenReturn(Win32Error.ERROR_INVALID_PARAMETER);
        IOException failure = assertThrows(IOException.class, this::listen);
        assertEquals("cannot build the security descriptor " + PIPE_SDDL + " for pipe " + NAME
                + ": ConvertStringSecurityDescriptorToSecurityDescriptorW failed with ERROR_INVALID_PARAMETER (87)",
                failure.getMessage());
    }

    @Test
    void theClientOpensWithOverlappedIdentificationOnlyAndChecksTheOwnerBeforeAnything() throws IOException {
        when(api.createFile(anyString(), anyInt(), anyInt(), anyInt(), anyInt())).thenReturn(client);
        when(api.getOwnerSid(client)).thenReturn(SID);
        when(api.getNamedPipeServerProcessId(client)).thenReturn(99L);
        try (TransportConnection connection = PipeConnector.connect(api, address, ConnectOptions.defaults(), SID)) {
            verify(api).createFile(NAME, CLIENT_ACCESS, 0, 3 /* OPEN_EXISTING */, CLIENT_FLAGS);
            assertEquals(PeerIdentity.windows(99, SID), connection.peer());
            InOrder order = inOrder(api);
            order.verify(api).createFile(anyString(), anyInt(), anyInt(), anyInt(), anyInt());
            order.verify(api).getOwnerSid(client);
            order.verify(api).getNamedPipeServerProcessId(client);
        }
    }

    @Test
    void aPipeOwnedByAnotherUserIsAnUntrustedServerAndNothingIsSent() {
        when(api.createFile(anyString(), anyInt(), anyInt(), anyInt(), anyInt())).thenReturn(client);
        when(api.getOwnerSid(client)).thenReturn("S-1-5-21-9-9-9-666");
        UntrustedServerException untrusted = assertThrows(UntrustedServerException.class,
                () -> PipeConnector.connect(api, address, ConnectOptions.defaults(), SID));
        assertEquals("pipe " + NAME + " is owned by S-1-5-21-9-9-9-666, not by this user (" + SID + "): another user's"
                + " process holds the name, so nothing was sent. Stop that process or use another endpoint name",
                untrusted.getMessage());
        verify(api).closeHandle(client);
        verify(api, never()).writeFile(any(), any(), anyInt(), any());
        verify(api, never()).readFile(any(), any(), anyInt(), any());
    }

    @Test
    void aPipeWhoseDaclRefusesUsIsAnUntrustedServer() {
        when(api.createFile(anyString(), anyInt(), anyInt(), anyInt(), anyInt())).thenReturn(WinBase.INVALID_HANDLE_VALUE);
        when(api.getLastError()).thenReturn(Win32Error.ERROR_ACCESS_DENIED);
        UntrustedServerException untrusted = assertThrows(UntrustedServerException.class,
                () -> PipeConnector.connect(api, address, ConnectOptions.defaults(), SID));
        assertTrue(untrusted.getMessage().startsWith("pipe " + NAME + " exists but its security descriptor refuses"),
                untrusted.getMessage());
    }

    @Test
    void noPipeIsAConnectExceptionNamingIt() {
        when(api.createFile(anyString(), anyInt(), anyInt(), anyInt(), anyInt())).thenReturn(WinBase.INVALID_HANDLE_VALUE);
        when(api.getLastError()).thenReturn(Win32Error.ERROR_FILE_NOT_FOUND);
        ConnectException refused = assertThrows(ConnectException.class,
                () -> PipeConnector.connect(api, address, ConnectOptions.defaults(), SID));
        assertEquals("no server listens on pipe " + NAME + " (ERROR_FILE_NOT_FOUND): start the server first, or check"
                + " the application and endpoint names", refused.getMessage());
    }

    @Test
    void aBusyPipeIsWaitedForWithWaitNamedPipeAndRetried() throws IOException {
        when(api.createFile(anyString(), anyInt(), anyInt(), anyInt(), anyInt()))
                .thenReturn(WinBase.INVALID_HANDLE_VALUE, client);
        when(api.getLastError()).thenReturn(Win32Error.ERROR_PIPE_BUSY);
        when(api.waitNamedPipe(anyString(), anyInt())).thenReturn(true);
        when(api.getOwnerSid(client)).thenReturn(SID);
        try (TransportConnection connection = PipeConnector.connect(api, address,
                ConnectOptions.builder().timeout(Duration.ofSeconds(10)).build(), SID)) {
            InOrder order = inOrder(api);
            order.verify(api).createFile(anyString(), anyInt(), anyInt(), anyInt(), anyInt());
            // Never 0 (NMPWAIT_USE_DEFAULT_WAIT) and never more than what is left of the timeout.
            order.verify(api).waitNamedPipe(eq(NAME), intThat(ms -> ms > 0 && ms <= 10_000));
            order.verify(api).createFile(anyString(), anyInt(), anyInt(), anyInt(), anyInt());
            assertTrue(connection.isOpen());
        }
    }

    @Test
    void aPipeBusyForTheWholeTimeoutIsATimeoutNamingIt() {
        java.util.concurrent.atomic.AtomicInteger lastError = new java.util.concurrent.atomic.AtomicInteger();
        when(api.createFile(anyString(), anyInt(), anyInt(), anyInt(), anyInt())).thenAnswer(call -> {
            lastError.set(Win32Error.ERROR_PIPE_BUSY);
            return WinBase.INVALID_HANDLE_VALUE;
        });
        when(api.waitNamedPipe(anyString(), anyInt())).thenAnswer(call -> {
            Thread.sleep(Math.min(50, (int) call.getArgument(1)));
            lastError.set(Win32Error.ERROR_SEM_TIMEOUT);
            return false;
        });
        when(api.getLastError()).thenAnswer(call -> lastError.get());
        SocketTimeoutException timeout = assertThrows(SocketTimeoutException.class, () -> PipeConnector.connect(api,
                address, ConnectOptions.builder().timeout(Duration.ofMillis(200)).build(), SID));
        assertEquals("every instance of pipe " + NAME + " stayed busy for 200 ms (ERROR_PIPE_BUSY): the server is not"
                + " accepting fast enough; retry later or raise the connect timeout", timeout.getMessage());
    }

    /** A connection over the mock whose read pends until close: the wait ends on the shutdown event. */
    @Test
    void closeCancelsThePendingReadWaitsForItThenFreesItsBuffer() throws Exception {
        AtomicReference<Pointer> readBuffer = new AtomicReference<>();
        AtomicReference<Boolean> bufferValidWhenDrained = new AtomicReference<>();
        CountDownLatch shutdownSet = new CountDownLatch(1);
        CountDownLatch waiting = new CountDownLatch(1);
        when(api.readFile(eq(client), any(), anyInt(), any())).thenAnswer(call -> {
            readBuffer.set(call.getArgument(1));
            return false;
        });
        when(api.getLastError()).thenReturn(Win32Error.ERROR_IO_PENDING);
        when(api.setEvent(any())).thenAnswer(call -> {
            shutdownSet.countDown();
            return true;
        });
        when(api.waitForMultipleObjects(any(), eq(false), eq(Win32Pipes.INFINITE))).thenAnswer(call -> {
            waiting.countDown();
            assertTrue(shutdownSet.await(30, TimeUnit.SECONDS));
            return Win32Pipes.WAIT_OBJECT_0 + 1; // the shutdown event
        });
        when(api.cancelIoEx(eq(client), any())).thenReturn(true);
        when(api.getOverlappedResult(eq(client), any(), any(), eq(true))).thenAnswer(call -> {
            bufferValidWhenDrained.set(((Memory) readBuffer.get()).valid());
            return false; // ERROR_OPERATION_ABORTED
        });
        PipeConnection connection = new PipeConnection(api, client, address, PeerIdentity.unknown(), "client");
        Future<Throwable> read = threads.submit(() -> {
            try {
                connection.input().read();
                return null;
            } catch (IOException expected) {
                return expected;
            }
        });
        assertTrue(waiting.await(30, TimeUnit.SECONDS));
        connection.close();
        assertTrue(read.get(30, TimeUnit.SECONDS) instanceof IOException);
        assertEquals(Boolean.TRUE, bufferValidWhenDrained.get(), "the buffer must live until GetOverlappedResult(wait) returned");
        assertFalse(((Memory) readBuffer.get()).valid(), "close frees the buffer");
        InOrder order = inOrder(api);
        order.verify(api).readFile(eq(client), any(), anyInt(), any(OVERLAPPED.class));
        order.verify(api).setEvent(any());
        order.verify(api).cancelIoEx(eq(client), any(OVERLAPPED.class));
        order.verify(api).getOverlappedResult(eq(client), any(), any(), eq(true));
        order.verify(api).closeHandle(client);
        assertFalse(connection.isOpen());
    }

    @Test
    void eachDirectionHasItsOwnOverlappedEventAndNativeBuffer() throws Exception {
        AtomicReference<OVERLAPPED> readOverlapped = new AtomicReference<>();
        AtomicReference<OVERLAPPED> writeOverlapped = new AtomicReference<>();
        AtomicReference<Pointer> readBuffer = new AtomicReference<>();
        AtomicReference<Pointer> writeBuffer = new AtomicReference<>();
        when(api.readFile(eq(client), any(), anyInt(), any())).thenAnswer(call -> {
            readBuffer.set(call.getArgument(1));
            readOverlapped.set(call.getArgument(3));
            ((Pointer) call.getArgument(1)).write(0, new byte[] {42}, 0, 1);
            return true;
        });
        when(api.writeFile(eq(client), any(), anyInt(), any())).thenAnswer(call -> {
            writeBuffer.set(call.getArgument(1));
            writeOverlapped.set(call.getArgument(3));
            return true;
        });
        when(api.getOverlappedResult(eq(client), any(), any(), eq(false))).thenAnswer(call -> {
            ((IntByReference) call.getArgument(2)).setValue(1);
            return true;
        });
        try (PipeConnection connection = new PipeConnection(api, client, address, PeerIdentity.unknown(), "client")) {
            connection.output().write(7);
            assertEquals(42, connection.input().read());
        }
        assertTrue(readBuffer.get() instanceof Memory && writeBuffer.get() instanceof Memory, "native memory, never byte[]");
        assertNotSame(readBuffer.get(), writeBuffer.get());
        assertNotSame(readOverlapped.get(), writeOverlapped.get());
        assertFalse(readOverlapped.get().hEvent.equals(writeOverlapped.get().hEvent));
    }

    @Test
    void aWriteToAPeerThatLeftSaysSo() throws Exception {
        when(api.writeFile(eq(client), any(), anyInt(), any())).thenReturn(false);
        when(api.getLastError()).thenReturn(Win32Error.ERROR_NO_DATA);
        try (PipeConnection connection = new PipeConnection(api, client, address, PeerIdentity.unknown(), "client")) {
            IOException failure = assertThrows(IOException.class, () -> connection.output().write(new byte[] {1, 2, 3}));
            assertEquals("client end of pipe " + NAME + ": the peer closed the pipe (ERROR_NO_DATA (232)); 3 bytes were"
                    + " not sent", failure.getMessage());
            assertFalse(connection.isOpen());
        }
    }

    @Test
    void brokenPipeAndAZeroByteReadAreEndOfStream() throws Exception {
        when(api.readFile(eq(client), any(), anyInt(), any())).thenReturn(true);
        when(api.getOverlappedResult(eq(client), any(), any(), eq(false))).thenAnswer(call -> {
            ((IntByReference) call.getArgument(2)).setValue(0); // the peer wrote zero bytes: its shutdownOutput()
            return true;
        });
        try (PipeConnection connection = new PipeConnection(api, client, address, PeerIdentity.unknown(), "client")) {
            assertEquals(-1, connection.input().read());
            assertEquals(-1, connection.input().read());
            assertTrue(connection.isOpen(), "a half-closed peer may still read what we send");
        }
        HANDLE other = handle(0x40);
        when(api.readFile(eq(other), any(), anyInt(), any())).thenReturn(false);
        when(api.getLastError()).thenReturn(Win32Error.ERROR_BROKEN_PIPE);
        try (PipeConnection connection = new PipeConnection(api, other, address, PeerIdentity.unknown(), "server")) {
            assertEquals(-1, connection.input().read(new byte[8]));
            assertFalse(connection.isOpen());
        }
    }

    @Test
    void shutdownOutputWritesZeroBytesOnceAndRefusesLaterWrites() throws Exception {
        when(api.writeFile(eq(client), any(), anyInt(), any())).thenReturn(true);
        when(api.getOverlappedResult(eq(client), any(), any(), eq(false))).thenReturn(true);
        try (PipeConnection connection = new PipeConnection(api, client, address, PeerIdentity.unknown(), "client")) {
            connection.shutdownOutput();
            connection.shutdownOutput();
            verify(api).writeFile(eq(client), any(), eq(0), any());
            IOException refused = assertThrows(IOException.class, () -> connection.output().write(1));
            assertEquals("client end of pipe " + NAME + ": output was shut down; no more bytes can be sent", refused.getMessage());
        }
    }

    private static int intThat(org.mockito.ArgumentMatcher<Integer> matcher) {
        return org.mockito.ArgumentMatchers.intThat(matcher);
    }

    private static final String TOKEN = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String FILE_SDDL = "O:S-1-5-21-1-2-3-1001D:P(A;;FA;;;S-1-5-21-1-2-3-1001)";

    private PipeListener listenWithToken() throws IOException {
        return PipeListener.open(api, address, ListenOptions.builder().token(TOKEN).installShutdownHook(false).build(), SID);
    }

    @Test
    void theTokenFileIsCreatedWrittenAndRemovedThroughOneHandleNeverByPath() throws IOException {
        HANDLE file = handle(0x40);
        when(api.createNamedPipe(anyString(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), any())).thenReturn(first);
        when(api.createNewFile(anyString(), any())).thenReturn(file);
        when(api.writeWholeFile(eq(file), any())).thenReturn(true);
        when(api.deleteOnClose(file)).thenReturn(true);
        try (PipeListener listener = listenWithToken()) {
            verify(api).convertStringSecurityDescriptor(FILE_SDDL);
            verify(api).createNewFile(eq(address.tokenFile().toString()), argThat(security -> security != null
                    && Pointer.nativeValue(security.lpSecurityDescriptor) == Pointer.nativeValue(descriptor)));
            verify(api).writeWholeFile(eq(file), argThat(bytes -> new String(bytes, java.nio.charset.StandardCharsets.US_ASCII)
                    .equals(TOKEN)));
            verify(api, never()).closeHandle(file); // held open while the listener runs
        }
        InOrder order = inOrder(api);
        order.verify(api).deleteOnClose(file);
        order.verify(api).closeHandle(file);
    }

    @Test
    void aTokenFileThatCannotBeWrittenIsRemovedThroughItsHandleAndListenFails() {
        HANDLE file = handle(0x40);
        when(api.createNamedPipe(anyString(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), any())).thenReturn(first);
        when(api.createNewFile(anyString(), any())).thenReturn(file);
        when(api.writeWholeFile(eq(file), any())).thenReturn(false);
        when(api.deleteOnClose(file)).thenReturn(true);
        nameIsFreeThenLastErrors(112 /* ERROR_DISK_FULL */);
        IOException failure = assertThrows(IOException.class, this::listenWithToken);
        assertEquals("cannot write the token file " + address.tokenFile() + ": WriteFile failed with Win32 error (112);"
                + " the file was removed", failure.getMessage());
        InOrder order = inOrder(api);
        order.verify(api).deleteOnClose(file);
        order.verify(api).closeHandle(file);
        verify(api).closeHandle(first);
    }

    @Test
    void aTokenFileCreatedByAnotherProcessAtTheSameMomentIsNeverWrittenInto() {
        when(api.createNamedPipe(anyString(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), any())).thenReturn(first);
        when(api.createNewFile(anyString(), any())).thenReturn(WinBase.INVALID_HANDLE_VALUE);
        nameIsFreeThenLastErrors(Win32Error.ERROR_FILE_EXISTS);
        IOException failure = assertThrows(IOException.class, this::listenWithToken);
        assertEquals("cannot create the token file " + address.tokenFile() + ": CreateFile failed with ERROR_FILE_EXISTS"
                + " (80); another process created it at the same moment: is a second server starting?", failure.getMessage());
        verify(api, never()).writeWholeFile(any(), any());
        verify(api).closeHandle(first);
    }
}
