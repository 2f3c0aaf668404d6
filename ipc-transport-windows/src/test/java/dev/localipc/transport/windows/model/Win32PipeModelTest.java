package dev.localipc.transport.windows.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinBase.OVERLAPPED;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import dev.localipc.transport.windows.internal.Win32Error;
import dev.localipc.transport.windows.internal.Win32Pipes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The model's own behaviour, call by call, as Microsoft documents it. */
class Win32PipeModelTest {
    private static final String NAME = "\\\\.\\pipe\\model-test";
    private final Win32PipeModel model = new Win32PipeModel();
    private final Win32Pipes server = model.process(1, Win32PipeModel.USER_SID);
    private final Win32Pipes client = model.process(2, Win32PipeModel.USER_SID);

    private OVERLAPPED overlapped(Win32Pipes api) {
        OVERLAPPED overlapped = new OVERLAPPED();
        overlapped.hEvent = api.createEvent(true, false);
        overlapped.write();
        return overlapped;
    }

    private HANDLE instance(int openMode) {
        return server.createNamedPipe(NAME, openMode, 0x8, 255, 4096, 4096, 0, null);
    }

    @Test
    void firstInstanceFlagFailsWithAccessDeniedWhenTheNameExists() {
        HANDLE first = instance(0x40080003);
        assertFalse(WinBase.INVALID_HANDLE_VALUE.equals(first));
        assertEquals(WinBase.INVALID_HANDLE_VALUE, instance(0x40080003));
        assertEquals(Win32Error.ERROR_ACCESS_DENIED, server.getLastError());
        assertFalse(WinBase.INVALID_HANDLE_VALUE.equals(instance(0x40000003)), "a further instance without the flag");
    }

    @Test
    void openingWithoutAnInstanceIsFileNotFoundAndWithAllTakenIsPipeBusy() {
        assertEquals(WinBase.INVALID_HANDLE_VALUE, client.createFile(NAME, 0xC0000000, 0, 3, 0x40000000));
        assertEquals(Win32Error.ERROR_FILE_NOT_FOUND, client.getLastError());
        instance(0x40080003);
        assertFalse(WinBase.INVALID_HANDLE_VALUE.equals(client.createFile(NAME, 0xC0000000, 0, 3, 0x40000000)));
        assertEquals(WinBase.INVALID_HANDLE_VALUE, client.createFile(NAME, 0xC0000000, 0, 3, 0x40000000));
        assertEquals(Win32Error.ERROR_PIPE_BUSY, client.getLastError());
        assertFalse(client.waitNamedPipe(NAME, 20));
        assertEquals(Win32Error.ERROR_SEM_TIMEOUT, client.getLastError());
    }

    @Test
    void aPendingReadCompletesFromTheWritersThreadAndSignalsItsEvent() throws Exception {
        HANDLE pipe = instance(0x40080003);
        HANDLE end = client.createFile(NAME, 0xC0000000, 0, 3, 0x40000000);
        OVERLAPPED connect = overlapped(server);
        assertFalse(server.connectNamedPipe(pipe, connect));
        assertEquals(Win32Error.ERROR_PIPE_CONNECTED, server.getLastError());

        OVERLAPPED read = overlapped(server);
        Memory buffer = new Memory(16);
        assertFalse(server.readFile(pipe, buffer, 16, read));
        assertEquals(Win32Error.ERROR_IO_PENDING, server.getLastError());
        IntByReference count = new IntByReference();
        assertFalse(server.getOverlappedResult(pipe, read, count, false));
        assertEquals(Win32Error.ERROR_IO_INCOMPLETE, server.getLastError());

        OVERLAPPED write = overlapped(client);
        Memory data = new Memory(3);
        data.write(0, new byte[] {1, 2, 3}, 0, 3);
        CompletableFuture.runAsync(() -> client.writeFile(end, data, 3, write)).get(30, TimeUnit.SECONDS);
        assertEquals(Win32Pipes.WAIT_OBJECT_0, server.waitForMultipleObjects(new HANDLE[] {read.hEvent}, false, 30_000));
        assertTrue(server.getOverlappedResult(pipe, read, count, false));
        assertEquals(3, count.getValue());
        assertEquals(2, buffer.getByte(1));

        // Cancelling: the pending read ends with ERROR_OPERATION_ABORTED; nothing left to cancel is ERROR_NOT_FOUND.
        assertFalse(server.readFile(pipe, buffer, 16, read));
        assertTrue(server.cancelIoEx(pipe, read));
        assertFalse(server.getOverlappedResult(pipe, read, count, true));
        assertEquals(Win32Error.ERROR_OPERATION_ABORTED, server.getLastError());
        assertFalse(server.cancelIoEx(pipe, read));
        assertEquals(Win32Error.ERROR_NOT_FOUND, server.getLastError());

        // The client leaves: the server's write fails with ERROR_NO_DATA, its read with ERROR_BROKEN_PIPE.
        client.closeHandle(end);
        assertFalse(server.writeFile(pipe, data, 3, overlapped(server)));
        assertEquals(Win32Error.ERROR_NO_DATA, server.getLastError());
        assertFalse(server.readFile(pipe, buffer, 16, read));
        assertEquals(Win32Error.ERROR_BROKEN_PIPE, server.getLastError());
        assertEquals(List.of(), model.violations());
    }

    /** A connected pair over a fresh pipe of the given type mode: {server handle, client handle}. */
    private HANDLE[] connectedPair(int pipeMode) {
        HANDLE pipe = server.createNamedPipe(NAME, 0x40080003, pipeMode, 255, 4096, 4096, 0, null);
        assertFalse(WinBase.INVALID_HANDLE_VALUE.equals(pipe));
        HANDLE end = client.createFile(NAME, 0xC0000000, 0, 3, 0x40000000);
        assertFalse(WinBase.INVALID_HANDLE_VALUE.equals(end));
        assertFalse(server.connectNamedPipe(pipe, overlapped(server)));
        assertEquals(Win32Error.ERROR_PIPE_CONNECTED, server.getLastError());
        return new HANDLE[] {pipe, end};
    }

    private boolean write(HANDLE end, byte... data) {
        Memory buffer = new Memory(Math.max(1, data.length));
        buffer.write(0, data, 0, data.length);
        return client.writeFile(end, buffer, data.length, overlapped(client));
    }

    @Test
    void aZeroByteWriteOnAByteTypePipeTransfersNothing() {
        HANDLE[] pair = connectedPair(0x8); // PIPE_TYPE_BYTE | PIPE_REJECT_REMOTE_CLIENTS
        OVERLAPPED read = overlapped(server);
        Memory buffer = new Memory(16);
        assertFalse(server.readFile(pair[0], buffer, 16, read));
        assertEquals(Win32Error.ERROR_IO_PENDING, server.getLastError());
        assertTrue(write(pair[1]), "the zero-byte write itself succeeds");
        IntByReference count = new IntByReference();
        assertFalse(server.getOverlappedResult(pair[0], read, count, false), "the pending read must not complete");
        assertEquals(Win32Error.ERROR_IO_INCOMPLETE, server.getLastError());
        assertTrue(write(pair[1], (byte) 7));
        assertTrue(server.getOverlappedResult(pair[0], read, count, true));
        assertEquals(1, count.getValue(), "the read gets the next bytes, never a zero-byte completion");
        assertEquals(List.of(), model.violations());
    }

    @Test
    void aZeroLengthMessageEndsAByteModeReadAfterTheBytesBeforeIt() {
        HANDLE[] pair = connectedPair(0xC); // PIPE_TYPE_MESSAGE | PIPE_READMODE_BYTE | PIPE_REJECT_REMOTE_CLIENTS
        assertTrue(write(pair[1], (byte) 1, (byte) 2));
        assertTrue(write(pair[1], (byte) 3));
        assertTrue(write(pair[1]));
        Memory buffer = new Memory(16);
        OVERLAPPED read = overlapped(server);
        IntByReference count = new IntByReference();
        assertTrue(server.readFile(pair[0], buffer, 16, read));
        assertTrue(server.getOverlappedResult(pair[0], read, count, false));
        assertEquals(3, count.getValue(), "byte mode reads across message boundaries, up to the zero-length one");
        assertTrue(server.readFile(pair[0], buffer, 16, read));
        assertTrue(server.getOverlappedResult(pair[0], read, count, false));
        assertEquals(0, count.getValue(), "then the zero-length message: a successful read of zero bytes");
        assertFalse(server.readFile(pair[0], buffer, 16, read), "nothing more: the next read pends");
        assertEquals(Win32Error.ERROR_IO_PENDING, server.getLastError());
        assertTrue(server.cancelIoEx(pair[0], read));
        assertFalse(server.getOverlappedResult(pair[0], read, count, true));
        assertEquals(List.of(), model.violations());
    }

    @Test
    void messageReadModeOnAByteTypePipeIsAnInvalidParameter() {
        assertEquals(WinBase.INVALID_HANDLE_VALUE, server.createNamedPipe(NAME, 0x40080003, 0x2, 255, 4096, 4096, 0, null));
        assertEquals(Win32Error.ERROR_INVALID_PARAMETER, server.getLastError());
    }

    @Test
    void closingAHandleWithPendingIoIsAViolation() {
        HANDLE pipe = instance(0x40080003);
        OVERLAPPED connect = overlapped(server);
        assertFalse(server.connectNamedPipe(pipe, connect));
        assertEquals(Win32Error.ERROR_IO_PENDING, server.getLastError());
        server.closeHandle(pipe);
        assertEquals(List.of("CloseHandle of a pipe handle with a pending CONNECT; cancel it and wait for it first"),
                model.violations());
    }
}
