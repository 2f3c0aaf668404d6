package dev.localipc.transport.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinBase.OVERLAPPED;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import dev.localipc.transport.windows.internal.JnaWin32Pipes;
import dev.localipc.transport.windows.internal.PipeFlags;
import dev.localipc.transport.windows.internal.Win32Error;
import dev.localipc.transport.windows.internal.Win32Pipes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The Win32 named-pipe behaviour the transport relies on, with real calls (Windows, or Wine on
 * Linux: {@code ipc-transport-windows/scripts/test-on-wine.sh}); the model ({@code Win32PipeModel})
 * encodes the same, and its own tests check it there. Each test names the transport code that
 * depends on what it checks.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RealWin32PipeSemanticsTest {
    private static final int BYTE_TYPE = WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_REJECT_REMOTE_CLIENTS;
    /** How long a read that must complete may take (generous: the machine may be busy). */
    private static final int COMPLETES_MILLIS = 30_000;
    /** How long a read that must not complete is watched. */
    private static final int STAYS_PENDING_MILLIS = 2_000;

    private final Win32Pipes api = JnaWin32Pipes.load();
    private final String name = "\\\\.\\pipe\\localipc-semantics-" + UUID.randomUUID();
    private final List<HANDLE> handles = new ArrayList<>();

    @AfterEach
    void closeHandles() {
        for (int i = handles.size() - 1; i >= 0; i--) {
            api.closeHandle(handles.get(i));
        }
    }

    private HANDLE keep(HANDLE handle, String call) {
        assertNotEquals(WinBase.INVALID_HANDLE_VALUE, handle, call + " failed with " + Win32Error.describe(api.getLastError()));
        handles.add(handle);
        return handle;
    }

    private HANDLE instance(int openMode, int pipeMode) {
        return keep(api.createNamedPipe(name, openMode, pipeMode, PipeFlags.MAX_INSTANCES, 65536, 65536, 0, null),
                "CreateNamedPipe");
    }

    /** A server instance of the given pipe mode and a client connected to it: {server, client}. */
    private HANDLE[] connectedPair(int pipeMode) {
        HANDLE server = instance(PipeFlags.serverOpenMode(true), pipeMode);
        HANDLE client = keep(api.createFile(name, PipeFlags.CLIENT_ACCESS, 0, WinNT.OPEN_EXISTING, PipeFlags.CLIENT_FLAGS),
                "CreateFile");
        return new HANDLE[] {server, client};
    }

    /** An OVERLAPPED with its own manual-reset event, written to native memory. */
    private OVERLAPPED overlapped() {
        OVERLAPPED overlapped = new OVERLAPPED();
        overlapped.hEvent = keep(api.createEvent(true, false), "CreateEvent");
        overlapped.write();
        return overlapped;
    }

    /** Writes {@code data} (may be empty) and waits for the write to complete; returns the bytes written. */
    private int write(HANDLE handle, byte... data) {
        Memory buffer = new Memory(Math.max(1, data.length));
        buffer.write(0, data, 0, data.length);
        OVERLAPPED overlapped = overlapped();
        boolean done = api.writeFile(handle, buffer, data.length, overlapped);
        int error = api.getLastError();
        assertTrue(done || error == Win32Error.ERROR_IO_PENDING, "WriteFile failed with " + Win32Error.describe(error));
        IntByReference written = new IntByReference(-1);
        assertTrue(api.getOverlappedResult(handle, overlapped, written, true),
                "the write failed with " + Win32Error.describe(api.getLastError()));
        return written.getValue();
    }

    /** Starts an overlapped read of up to 64 bytes; it pends or completes at once. */
    private OVERLAPPED startRead(HANDLE handle, Memory buffer) {
        OVERLAPPED overlapped = overlapped();
        boolean done = api.readFile(handle, buffer, (int) buffer.size(), overlapped);
        int error = api.getLastError();
        assertTrue(done || error == Win32Error.ERROR_IO_PENDING, "ReadFile failed with " + Win32Error.describe(error));
        return overlapped;
    }

    /** Waits for a started read that must complete; returns its byte count, or -1 if it is still pending. */
    private int awaitRead(HANDLE handle, OVERLAPPED read) {
        return awaitRead(handle, read, COMPLETES_MILLIS);
    }

    /** Waits up to {@code millis} for a started read; returns its byte count, or -1 if it is still pending. */
    private int awaitRead(HANDLE handle, OVERLAPPED read, int millis) {
        if (api.waitForMultipleObjects(new HANDLE[] {read.hEvent}, false, millis) != Win32Pipes.WAIT_OBJECT_0) {
            return -1;
        }
        IntByReference count = new IntByReference(-1);
        assertTrue(api.getOverlappedResult(handle, read, count, false),
                "the read failed with " + Win32Error.describe(api.getLastError()));
        return count.getValue();
    }

    private void cancel(HANDLE handle, OVERLAPPED read) {
        api.cancelIoEx(handle, read);
        api.getOverlappedResult(handle, read, new IntByReference(), true);
    }

    /** PipeConnection.shutdownOutput(): a zero-length message completes the peer's pending read with zero bytes. */
    @Test
    void aZeroLengthMessageCompletesAPendingByteModeReadWithZeroBytes() {
        HANDLE[] pair = connectedPair(PipeFlags.SERVER_PIPE_MODE);
        Memory buffer = new Memory(64);
        OVERLAPPED read = startRead(pair[0], buffer);
        assertEquals(0, write(pair[1]));
        assertEquals(0, awaitRead(pair[0], read), "the pending read must complete with zero bytes");
    }

    /** PipeConnection.read(): the bytes written before shutdownOutput() are all read before the end of stream. */
    @Test
    void bytesBeforeAZeroLengthMessageAreReadFirstAcrossMessageBoundaries() {
        HANDLE[] pair = connectedPair(PipeFlags.SERVER_PIPE_MODE);
        assertEquals(2, write(pair[1], (byte) 'a', (byte) 'b'));
        assertEquals(1, write(pair[1], (byte) 'c'));
        assertEquals(0, write(pair[1]));
        Memory buffer = new Memory(64);
        StringBuilder read = new StringBuilder();
        for (int n; (n = awaitRead(pair[0], startRead(pair[0], buffer))) > 0; ) {
            read.append(new String(buffer.getByteArray(0, n), java.nio.charset.StandardCharsets.US_ASCII));
            assertTrue(read.length() <= 3, "more bytes than were written: " + read);
        }
        assertEquals("abc", read.toString(), "byte-read mode reads the messages as one stream, then the zero-length one");
        OVERLAPPED next = startRead(pair[0], buffer);
        assertEquals(-1, awaitRead(pair[0], next, STAYS_PENDING_MILLIS), "nothing after it: the next read pends");
        cancel(pair[0], next);
    }

    /** The client's end of a message-type pipe reads in byte mode too, and can half-close towards the server. */
    @Test
    void theServerCanHalfCloseTowardsTheClientAndStillRead() {
        HANDLE[] pair = connectedPair(PipeFlags.SERVER_PIPE_MODE);
        assertEquals(0, write(pair[0]));
        Memory buffer = new Memory(64);
        assertEquals(0, awaitRead(pair[1], startRead(pair[1], buffer)), "the client reads the server's end of stream");
        assertEquals(5, write(pair[1], "still".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals(5, awaitRead(pair[0], startRead(pair[0], buffer)), "the server still reads the client");
    }

    /**
     * Why the pipes are message-type: on a byte-type pipe a zero-byte write transfers nothing, so a
     * half-close there never reached the peer (four TCK tests hung under Wine; go-winio documents
     * the same of Windows: zero-byte writes reach the reader only on message-mode pipes).
     */
    @Test
    void aZeroByteWriteOnAByteTypePipeTransfersNothing() {
        HANDLE[] pair = connectedPair(BYTE_TYPE);
        Memory buffer = new Memory(64);
        OVERLAPPED read = startRead(pair[0], buffer);
        assertEquals(0, write(pair[1]), "the zero-byte write itself succeeds");
        assertEquals(-1, awaitRead(pair[0], read, STAYS_PENDING_MILLIS), "but the pending read does not complete");
        assertEquals(1, write(pair[1], (byte) 'x'));
        assertEquals(1, awaitRead(pair[0], read), "the read gets the next byte instead");
    }

    /** PipeListener's third first-instance layer counts the instances of the pipe it created. */
    @Test
    void getNamedPipeHandleStateCountsTheInstancesOfThePipe() {
        HANDLE first = instance(PipeFlags.serverOpenMode(true), PipeFlags.SERVER_PIPE_MODE);
        assertEquals(1, api.getNamedPipeCurrentInstances(first));
        HANDLE second = instance(PipeFlags.serverOpenMode(false), PipeFlags.SERVER_PIPE_MODE);
        assertEquals(2, api.getNamedPipeCurrentInstances(first));
        assertEquals(2, api.getNamedPipeCurrentInstances(second));
        api.closeHandle(handles.remove(handles.size() - 1));
        assertEquals(1, api.getNamedPipeCurrentInstances(first));
    }

    /** PipeListener's second first-instance layer; Windows enforces the flag atomically. */
    @Test
    @DisabledIf(value = UnderWine.CHECK, disabledReason = "Wine 8 ignores FILE_FLAG_FIRST_PIPE_INSTANCE: a second"
            + " CreateNamedPipe with it succeeds (last error 0), so PipeListener's probe and instance count stand in for it")
    void theFirstInstanceFlagRefusesANameThatExists() {
        instance(PipeFlags.serverOpenMode(true), PipeFlags.SERVER_PIPE_MODE);
        HANDLE second = api.createNamedPipe(name, PipeFlags.serverOpenMode(true), PipeFlags.SERVER_PIPE_MODE,
                PipeFlags.MAX_INSTANCES, 65536, 65536, 0, null);
        int error = api.getLastError();
        if (!WinBase.INVALID_HANDLE_VALUE.equals(second)) {
            handles.add(second);
        }
        assertEquals(WinBase.INVALID_HANDLE_VALUE, second, "a second first instance was created");
        assertEquals(Win32Error.ERROR_ACCESS_DENIED, error);
    }

    /** PIPE_REJECT_REMOTE_CLIENTS: a client coming over the network path (the SMB loopback) is refused. */
    @Test
    @DisabledIf(value = UnderWine.CHECK, disabledReason = "Wine has no SMB server behind \\\\host\\pipe paths and does"
            + " not implement PIPE_REJECT_REMOTE_CLIENTS, so a remote client cannot be tried")
    void aClientOverTheNetworkPathIsRefused() {
        instance(PipeFlags.serverOpenMode(true), PipeFlags.SERVER_PIPE_MODE);
        String overTheNetwork = name.replace("\\\\.\\", "\\\\localhost\\");
        HANDLE remote = api.createFile(overTheNetwork, PipeFlags.CLIENT_ACCESS, 0, WinNT.OPEN_EXISTING, PipeFlags.CLIENT_FLAGS);
        int error = api.getLastError();
        if (!WinBase.INVALID_HANDLE_VALUE.equals(remote)) {
            handles.add(remote);
        }
        assertEquals(WinBase.INVALID_HANDLE_VALUE, remote, "a client over " + overTheNetwork + " got in");
        assertFalse(error == Win32Error.ERROR_FILE_NOT_FOUND, "the remote path found no pipe at all, so nothing was"
                + " tested: " + Win32Error.describe(error));
    }
}
