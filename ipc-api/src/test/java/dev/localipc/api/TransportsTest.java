package dev.localipc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportAvailability;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.TransportProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery and selection with fake providers, through the package-private seams. */
class TransportsTest {
    private static final String FIX = "add dev.localipc:ipc-transport-unix (Linux, macOS) or"
            + " dev.localipc:ipc-transport-windows (Windows) to the class path or module path; see"
            + " docs/OPERATIONS.md#transports";

    @TempDir
    Path tempDir;

    @AfterEach
    void clearProperty() {
        System.clearProperty(Transports.TRANSPORT_PROPERTY);
    }

    @Test
    void bestAvailableWinsByPriorityThenName() {
        Fake low = new Fake("low", 1, TransportAvailability.available());
        Fake highB = new Fake("b-high", 100, TransportAvailability.available());
        Fake highA = new Fake("a-high", 100, TransportAvailability.available());
        Fake unavailableTop = new Fake("top", 1000, TransportAvailability.unavailable("not here"));
        Transports.Discovery discovery = discover(low, highB, unavailableTop, highA);
        assertEquals(List.of(unavailableTop, highA, highB, low), discovery.providers);
        assertSame(highA, Transports.select(discovery));
    }

    @Test
    void thePropertyForcesAProviderEvenWithALowerPriority() {
        Fake low = new Fake("low", 1, TransportAvailability.available());
        Fake high = new Fake("high", 100, TransportAvailability.available());
        System.setProperty(Transports.TRANSPORT_PROPERTY, " LOW ");
        assertSame(low, Transports.select(discover(high, low)));
    }

    @Test
    void anUnknownForcedNameListsWhatWasFound() {
        System.setProperty(Transports.TRANSPORT_PROPERTY, "nope");
        NoTransportAvailableException failure = assertThrows(NoTransportAvailableException.class,
                () -> Transports.select(discover(new Fake("alpha", 5, TransportAvailability.available()),
                        new Fake("beta", 1, TransportAvailability.unavailable("no pipes here")))));
        assertEquals("no transport is named \"nope\" (-Dlocalipc.transport); found: alpha (available), beta"
                + " (unavailable: no pipes here). Fix: use one of the names found, or " + FIX, failure.getMessage());
    }

    @Test
    void anUnavailableForcedProviderKeepsItsCause() {
        IllegalStateException cause = new IllegalStateException("junixsocket has no native library for AIX");
        System.setProperty(Transports.TRANSPORT_PROPERTY, "unix");
        NoTransportAvailableException failure = assertThrows(NoTransportAvailableException.class,
                () -> Transports.select(discover(new Fake("unix", 100, TransportAvailability.unavailable(cause)),
                        new Fake("other", 1, TransportAvailability.available()))));
        assertEquals("transport \"unix\" (forced with -Dlocalipc.transport) is unavailable here: junixsocket has no"
                + " native library for AIX; remove -Dlocalipc.transport to use the best available transport",
                failure.getMessage());
        assertSame(cause, failure.getCause());
    }

    @Test
    void byNameInCodeDoesNotMentionTheProperty() {
        IllegalStateException cause = new IllegalStateException("not Windows");
        Transports.Discovery discovery = discover(new Fake("windows", 100, TransportAvailability.unavailable(cause)));
        NoTransportAvailableException unavailable = assertThrows(NoTransportAvailableException.class,
                () -> Transports.byName("windows", discovery, false));
        assertEquals("transport \"windows\" is unavailable here: not Windows; use Transports.select() to use the best"
                + " available transport", unavailable.getMessage());
        assertSame(cause, unavailable.getCause());
        NoTransportAvailableException unknown = assertThrows(NoTransportAvailableException.class,
                () -> Transports.byName("unix", discovery, false));
        assertEquals("no transport is named \"unix\"; found: windows (unavailable: not Windows). Fix: use one of the"
                + " names found, or " + FIX, unknown.getMessage());
    }

    @Test
    void noneAvailableListsEveryProviderWithItsCauseSuppressed() {
        UnsupportedOperationException windows = new UnsupportedOperationException("not Windows");
        IllegalStateException unix = new IllegalStateException("no native library");
        NoTransportAvailableException failure = assertThrows(NoTransportAvailableException.class,
                () -> Transports.select(discover(new Fake("windows", 100, TransportAvailability.unavailable(windows)),
                        new Fake("unix", 100, TransportAvailability.unavailable(unix)))));
        assertEquals("no usable localipc transport; tried: unix (unavailable: no native library), windows"
                + " (unavailable: not Windows). Fix: " + FIX, failure.getMessage());
        assertEquals(List.of(unix, windows), Arrays.asList(failure.getSuppressed()));
    }

    @Test
    void noProviderAtAll() {
        NoTransportAvailableException failure = assertThrows(NoTransportAvailableException.class,
                () -> Transports.select(discover()));
        assertEquals("no usable localipc transport; tried: no provider on the class path or module path. Fix: " + FIX,
                failure.getMessage());
    }

    @Test
    void aProviderThatThrowsWhileLoadingDoesNotBreakDiscovery() throws IOException {
        // A real ServiceLoader over a services file that names a good provider, a broken one and a missing class.
        Path services = tempDir.resolve("META-INF/services/" + TransportProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, String.join("\n", Throwing.class.getName(), "no.such.Provider",
                Working.class.getName(), ""));
        // Each failure is logged as a warning with its stack trace: captured here, not printed in the build.
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(Transports.class.getName());
        List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        log.setUseParentHandlers(false);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tempDir.toUri().toURL()}, getClass().getClassLoader())) {
            Transports.Discovery discovery = Transports.discover(ServiceLoader.load(TransportProvider.class, loader).iterator());
            assertEquals(2, logged.size(), "one warning per failure");
            for (int i = 0; i < 2; i++) {
                assertEquals(java.util.logging.Level.WARNING, logged.get(i).getLevel());
                assertEquals("a localipc transport provider failed to load and is skipped: "
                        + discovery.loadFailures.get(i).getMessage(), logged.get(i).getMessage());
                assertEquals(discovery.loadFailures.get(i), logged.get(i).getThrown());
            }
            assertEquals(1, discovery.providers.size());
            assertEquals("working", discovery.providers.get(0).name());
            assertEquals(2, discovery.loadFailures.size(), "failures: " + discovery.loadFailures);
            assertTrue(discovery.loadFailures.get(0).getMessage().contains(Throwing.class.getName()),
                    discovery.loadFailures.get(0).getMessage());
            assertEquals("working", Transports.select(discovery).name());

            System.setProperty(Transports.TRANSPORT_PROPERTY, "missing");
            NoTransportAvailableException failure = assertThrows(NoTransportAvailableException.class,
                    () -> Transports.select(discovery));
            assertTrue(failure.getMessage().startsWith("no transport is named \"missing\" (-Dlocalipc.transport);"
                    + " found: working (available), a provider that failed to load ("), failure.getMessage());
            assertEquals(discovery.loadFailures, Arrays.asList(failure.getSuppressed()));
        } finally {
            log.removeHandler(capture);
            log.setUseParentHandlers(true);
        }
    }

    @Test
    void aDuplicateNameKeepsTheFirst() {
        Fake first = new Fake("same", 1, TransportAvailability.available());
        Fake second = new Fake("same", 100, TransportAvailability.available());
        assertEquals(List.of(first), discover(first, second).providers);
    }

    @Test
    void theRealLoaderFindsNoProviderInIpcApiAlone() {
        // ipc-api's own tests have no provider on the class path (the test-jar must not register fakes).
        assertTrue(Transports.providers().isEmpty(), "providers: " + Transports.providers());
    }

    private static Transports.Discovery discover(TransportProvider... providers) {
        Iterator<TransportProvider> iterator = Arrays.asList(providers).iterator();
        return Transports.discover(iterator);
    }

    /** A provider with a fixed name, priority and availability. */
    static class Fake implements TransportProvider {
        private final String name;
        private final int priority;
        private final TransportAvailability availability;

        Fake(String name, int priority, TransportAvailability availability) {
            this.name = name;
            this.priority = priority;
            this.availability = availability;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public TransportAvailability availability() {
            return availability;
        }

        @Override
        public TransportAddress resolve(Endpoint endpoint) {
            throw new UnsupportedOperationException("fake");
        }

        @Override
        public TransportListener listen(TransportAddress address, ListenOptions options) {
            throw new UnsupportedOperationException("fake");
        }

        @Override
        public TransportConnection connect(TransportAddress address, ConnectOptions options) {
            throw new UnsupportedOperationException("fake");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Loadable by ServiceLoader. */
    public static final class Working extends Fake {
        public Working() {
            super("working", 10, TransportAvailability.available());
        }
    }

    /** Its constructor fails, as a provider whose native library is missing might. */
    public static final class Throwing extends Fake {
        public Throwing() {
            super("throwing", 10, TransportAvailability.available());
            throw new IllegalStateException("boom: cannot load native code");
        }
    }
}
