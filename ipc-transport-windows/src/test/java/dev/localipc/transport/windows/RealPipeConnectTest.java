package dev.localipc.transport.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.transport.windows.internal.JnaWin32Pipes;
import dev.localipc.transport.windows.internal.PipeTransport;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * How clients get an instance, on real Win32 calls (Windows, or Wine:
 * {@code ipc-transport-windows/scripts/test-on-wine.sh}): ERROR_PIPE_BUSY and WaitNamedPipe until
 * the next accept or the connect timeout, and ConnectNamedPipe's ERROR_NO_DATA for a client that
 * left before it was accepted. The same scenarios run over the model in WindowsTransportOverModelTest.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RealPipeConnectTest {
    private static final ListenOptions NO_HOOK = ListenOptions.builder().installShutdownHook(false).build();

    @TempDir
    Path tempDir;

    private final WindowsTransportProvider provider = new WindowsTransportProvider();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
    }

    private TransportAddress fresh() {
        return provider.resolve(Endpoint.builder("localipc-connect").name("c" + UUID.randomUUID().toString().substring(0, 12))
                .runtimeDirectory(tempDir.resolve("run")).build());
    }

    private static ConnectOptions within(Duration timeout) {
        return ConnectOptions.builder().timeout(timeout).build();
    }

    @Test
    void aClientFindingTheOnlyInstanceTakenWaitsForTheNextAccept() throws Exception {
        TransportAddress address = fresh();
        try (TransportListener listener = provider.listen(address, NO_HOOK);
                TransportConnection first = provider.connect(address, ConnectOptions.defaults())) {
            // Nobody accepts yet, so the second client's first CreateFile meets ERROR_PIPE_BUSY.
            CountDownLatch triedOnce = new CountDownLatch(1);
            PipeTransport watched = new PipeTransport(WindowsTransportProvider.NAME, 100,
                    AfterFirstCreateFile.wrap(JnaWin32Pipes.load(), triedOnce::countDown), System::getenv,
                    System.getProperty("user.name", "user"), System.getProperty("user.home", "."));
            Future<TransportConnection> second = threads.submit(() -> watched.connect(address, within(Duration.ofSeconds(60))));
            assertTrue(triedOnce.await(30, TimeUnit.SECONDS), "the second client never tried to open the pipe");
            try (TransportConnection acceptedFirst = listener.accept(); // creates the next instance
                    TransportConnection acceptedSecond = listener.accept();
                    TransportConnection secondClient = second.get(60, TimeUnit.SECONDS)) {
                secondClient.output().write('b');
                assertEquals('b', acceptedSecond.input().read(), "the second client got the next instance");
                first.output().write('a');
                assertEquals('a', acceptedFirst.input().read());
            }
        }
    }

    @Test
    void aClientFindingTheOnlyInstanceTakenForTheWholeTimeoutGetsATimeoutNamingThePipe() throws Exception {
        TransportAddress address = fresh();
        try (TransportListener listener = provider.listen(address, NO_HOOK);
                TransportConnection first = provider.connect(address, ConnectOptions.defaults())) {
            SocketTimeoutException busy = assertThrows(SocketTimeoutException.class,
                    () -> provider.connect(address, within(Duration.ofMillis(500))));
            assertEquals("every instance of pipe " + address.location() + " stayed busy for 500 ms (ERROR_PIPE_BUSY): the"
                    + " server is not accepting fast enough; retry later or raise the connect timeout", busy.getMessage());
        }
    }

    @Test
    void aClientThatLeftBeforeItWasAcceptedIsSkipped() throws Exception {
        TransportAddress address = fresh();
        try (TransportListener listener = provider.listen(address, NO_HOOK)) {
            provider.connect(address, ConnectOptions.defaults()).close(); // takes the only instance and leaves
            Future<TransportConnection> accepted = threads.submit(listener::accept);
            try (TransportConnection stays = provider.connect(address, within(Duration.ofSeconds(60)));
                    TransportConnection server = accepted.get(60, TimeUnit.SECONDS)) {
                stays.output().write('2');
                assertEquals('2', server.input().read(), "accept() returned the client that stayed");
            }
        }
    }
}
