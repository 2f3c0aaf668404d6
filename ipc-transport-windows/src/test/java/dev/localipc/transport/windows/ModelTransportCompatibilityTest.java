package dev.localipc.transport.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.api.spi.VirtualThreads;
import dev.localipc.api.tck.TransportCompatibilitySuite;
import dev.localipc.transport.windows.model.ModelWindowsTransport;
import dev.localipc.transport.windows.model.Win32PipeModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

/**
 * The transport TCK over the Windows transport's real code and the in-memory Win32 model, on
 * any OS, in both completion modes: operations that finish at once when they can (as the
 * kernel does when data or a client is waiting), and every operation pending and completed
 * later from another thread (that run uses virtual threads on Java 21+); and once more with
 * endpoints named by a socket path, as node-ipc peers name theirs. After each run the
 * model must have seen no API misuse, and every handle and security descriptor must be freed.
 */
class ModelTransportCompatibilityTest {
    private static final AtomicInteger ENDPOINTS = new AtomicInteger();

    static TransportAddress fresh(TransportProvider provider, Path tempDir) {
        return provider.resolve(Endpoint.builder("tck").name("e" + ENDPOINTS.incrementAndGet())
                .runtimeDirectory(tempDir.resolve("run")).build());
    }

    static void assertClean(Win32PipeModel model) {
        assertEquals(List.of(), model.violations(), "Win32 API misuse the model saw");
        assertEquals(List.of(), model.openHandles(), "handles left open");
        assertEquals(0, model.liveSecurityDescriptors(), "security descriptors not freed");
    }

    /** The TCK over one model; each subclass holds its model in a static field so that {@code @AfterAll} can check it. */
    private abstract class OverTheModel extends TransportCompatibilitySuite {
        private final TransportProvider provider = new ModelWindowsTransport(model());

        /** The model this run uses. */
        abstract Win32PipeModel model();

        @Override
        protected TransportProvider provider() {
            return provider;
        }

        @Override
        protected TransportAddress freshAddress(Path tempDir) throws IOException {
            return fresh(provider, tempDir);
        }
    }

    @Nested
    class CompletingAtOnceWhenReady extends OverTheModel {
        private static final Win32PipeModel MODEL = new Win32PipeModel(Win32PipeModel.Completion.SYNC_WHEN_READY);

        @Override
        Win32PipeModel model() {
            return MODEL;
        }

        @AfterAll
        static void modelSawNoMisuse() {
            assertClean(MODEL);
        }
    }

    @Nested
    class AtExplicitSocketPaths extends OverTheModel {
        private static final Win32PipeModel MODEL = new Win32PipeModel(Win32PipeModel.Completion.SYNC_WHEN_READY);

        @Override
        Win32PipeModel model() {
            return MODEL;
        }

        /** node-ipc's kind of name: /tmp/tck-N.sock, which becomes \\.\pipe\tmp-tck-N.sock. */
        @Override
        protected TransportAddress freshAddress(Path tempDir) {
            return provider().resolve(Endpoint.ofSocketPath("/tmp/tck-" + ENDPOINTS.incrementAndGet() + ".sock"));
        }

        @AfterAll
        static void modelSawNoMisuse() {
            assertClean(MODEL);
        }
    }

    @Nested
    class AlwaysPending extends OverTheModel {
        private static final Win32PipeModel MODEL = new Win32PipeModel(Win32PipeModel.Completion.ALWAYS_PENDING);

        @Override
        Win32PipeModel model() {
            return MODEL;
        }

        /** Virtual threads where the JVM has them: blocking waits must move to platform threads. */
        @Override
        protected ThreadFactory threadFactory() {
            return VirtualThreads.factory("tck-");
        }

        @AfterAll
        static void modelSawNoMisuse() {
            assertClean(MODEL);
        }
    }
}
