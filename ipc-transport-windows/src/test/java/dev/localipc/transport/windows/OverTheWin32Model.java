package dev.localipc.transport.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.spi.ListenOptions;
import dev.localipc.transport.windows.internal.Win32Pipes;
import dev.localipc.transport.windows.model.ModelWindowsTransport;
import dev.localipc.transport.windows.model.Win32PipeModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What tests of the Windows transport over a fresh Win32 model share: the model, the transport as
 * this process, another user's process (pid 666) to squat and intrude with, threads for blocking
 * calls, and after each test the check that the model saw no API misuse.
 */
abstract class OverTheWin32Model {
    static final String TOKEN = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    static final ListenOptions NO_HOOK = ListenOptions.builder().installShutdownHook(false).build();

    final Win32PipeModel model = new Win32PipeModel();
    final ModelWindowsTransport transport = new ModelWindowsTransport(model);
    final Win32Pipes otherUser = model.process(666, Win32PipeModel.OTHER_USER_SID);
    final ExecutorService threads = Executors.newCachedThreadPool();

    @TempDir
    Path tempDir;

    @AfterEach
    void noMisuse() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(List.of(), model.violations());
    }
}
