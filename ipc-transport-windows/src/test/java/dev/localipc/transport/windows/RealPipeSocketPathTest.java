package dev.localipc.transport.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.transport.windows.internal.JnaWin32Pipes;
import dev.localipc.transport.windows.internal.PipeFlags;
import dev.localipc.transport.windows.internal.Win32Pipes;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * On real Win32 calls (Windows, or Wine: {@code scripts/test-on-wine.sh}): a server at the socket
 * path {@code /tmp/<x>.sock} is reached by a plain CreateFile on {@code \\.\pipe\tmp-<x>.sock},
 * the name a node-ipc client given the same path opens.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RealPipeSocketPathTest {
    private final Win32Pipes api = JnaWin32Pipes.load();
    private final WindowsTransportProvider provider = new WindowsTransportProvider();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aNodeIpcClientsPipeNameReachesTheServer() throws Exception {
        String unique = "localipc-" + UUID.randomUUID().toString().substring(0, 12);
        TransportAddress address = provider.resolve(Endpoint.ofSocketPath("/tmp/" + unique + ".sock"));
        assertEquals("\\\\.\\pipe\\tmp-" + unique + ".sock", address.location());
        try (TransportListener listener = provider.listen(address, ListenOptions.builder().installShutdownHook(false).build())) {
            Future<TransportConnection> accepted = threads.submit(listener::accept);
            HANDLE client = api.createFile("\\\\.\\pipe\\tmp-" + unique + ".sock", PipeFlags.CLIENT_ACCESS, 0,
                    WinNT.OPEN_EXISTING, PipeFlags.CLIENT_FLAGS);
            assertFalse(WinBase.INVALID_HANDLE_VALUE.equals(client), "CreateFile on the node-ipc name failed");
            try (TransportConnection server = accepted.get(60, TimeUnit.SECONDS)) {
                assertEquals(ProcessHandle.current().pid(), server.peer().pid().orElse(-1));
            } finally {
                api.closeHandle(client);
            }
        }
    }
}
