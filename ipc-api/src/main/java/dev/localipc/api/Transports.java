package dev.localipc.api;

import dev.localipc.api.spi.TransportAvailability;
import dev.localipc.api.spi.TransportProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the transport to use. Providers are discovered with {@link ServiceLoader} on the module
 * path and the class path; a provider that fails to load is reported, never fatal.
 *
 * <ul>
 *   <li>{@code -Dlocalipc.transport=NAME} forces the provider of that name;</li>
 *   <li>otherwise the available provider with the highest {@link TransportProvider#priority()} wins;</li>
 *   <li>when none can be used, {@link NoTransportAvailableException} lists every provider
 *       tried and why each failed.</li>
 * </ul>
 *
 * <pre>{@code
 * TransportProvider transport = Transports.select();           // "unix" on Linux, "windows" on Windows
 * TransportProvider unix = Transports.byName("unix");
 * }</pre>
 *
 * <p>Thread-safe; each call discovers afresh (providers cache their own availability).
 */
public final class Transports {
    /** System property that forces a transport by name. */
    public static final String TRANSPORT_PROPERTY = "localipc.transport";

    private static final System.Logger LOG = System.getLogger(Transports.class.getName());
    private static final String FIX = "add dev.localipc:ipc-transport-unix (Linux, macOS) or "
            + "dev.localipc:ipc-transport-windows (Windows) to the class path or module path; see docs/OPERATIONS.md#transports";

    private Transports() {
    }

    /**
     * The transport forced by {@value #TRANSPORT_PROPERTY}, or else the best available one.
     *
     * @return the transport to use
     * @throws NoTransportAvailableException if none can be used here
     */
    public static TransportProvider select() {
        return select(discover());
    }

    static TransportProvider select(Discovery discovery) {
        String forced = System.getProperty(TRANSPORT_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return byName(forced, discovery, true);
        }
        return best(discovery);
    }

    /**
     * The available provider called {@code name}.
     *
     * @param name the provider's name, for example {@code "unix"} or {@code "windows"} (case-insensitive)
     * @return the provider
     * @throws NoTransportAvailableException if none has that name, or it is unavailable here
     */
    public static TransportProvider byName(String name) {
        return byName(name, discover(), false);
    }

    /** {@return every provider that loaded, available or not, best first} */

    public static List<TransportProvider> providers() {
        return discover().providers;
    }

    static TransportProvider byName(String name, Discovery discovery, boolean forcedByProperty) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (TransportProvider provider : discovery.providers) {
            if (provider.name().equals(wanted)) {
                TransportAvailability availability = provider.availability();
                if (availability.isAvailable()) {
                    return provider;
                }
                String fix = forcedByProperty
                        ? "remove -D" + TRANSPORT_PROPERTY + " to use the best available transport"
                        : "use Transports.select() to use the best available transport";
                NoTransportAvailableException failure = new NoTransportAvailableException("transport \"" + wanted
                        + "\"" + (forcedByProperty ? " (forced with -D" + TRANSPORT_PROPERTY + ")" : "")
                        + " is unavailable here: "
                        + availability.cause().map(Throwable::getMessage).orElse("no reason given") + "; " + fix);
                availability.cause().ifPresent(failure::initCause);
                return throwWithLoadFailures(failure, discovery);
            }
        }
        NoTransportAvailableException failure = new NoTransportAvailableException("no transport is named \""
                + wanted + "\"" + (forcedByProperty ? " (-D" + TRANSPORT_PROPERTY + ")" : "") + "; found: "
                + describe(discovery) + ". Fix: use one of the names found, or " + FIX);
        return throwWithLoadFailures(failure, discovery);
    }

    static TransportProvider best(Discovery discovery) {
        for (TransportProvider provider : discovery.providers) {
            if (provider.availability().isAvailable()) {
                LOG.log(System.Logger.Level.DEBUG, "localipc transport selected: {0} (of {1})",
                        provider.name(), describe(discovery));
                return provider;
            }
        }
        NoTransportAvailableException failure = new NoTransportAvailableException("no usable localipc transport; tried: "
                + describe(discovery) + ". Fix: " + FIX);
        for (TransportProvider provider : discovery.providers) {
            provider.availability().cause().ifPresent(failure::addSuppressed);
        }
        return throwWithLoadFailures(failure, discovery);
    }

    private static TransportProvider throwWithLoadFailures(NoTransportAvailableException failure, Discovery discovery) {
        discovery.loadFailures.forEach(failure::addSuppressed);
        throw failure;
    }

    private static String describe(Discovery discovery) {
        List<String> parts = new ArrayList<>();
        for (TransportProvider provider : discovery.providers) {
            parts.add(provider.name() + " (" + provider.availability() + ")");
        }
        for (Throwable loadFailure : discovery.loadFailures) {
            parts.add("a provider that failed to load (" + loadFailure.getMessage() + ")");
        }
        return parts.isEmpty() ? "no provider on the class path or module path" : String.join(", ", parts);
    }

    static Discovery discover() {
        return discover(ServiceLoader.load(TransportProvider.class, Transports.class.getClassLoader()).iterator());
    }

    static Discovery discover(Iterator<TransportProvider> loader) {
        List<TransportProvider> providers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        // ServiceLoader's iterator goes on after an error, best effort; bound the loop anyway.
        for (int attempts = 0; attempts < 1000; attempts++) {
            try {
                if (!loader.hasNext()) {
                    break;
                }
                TransportProvider provider = loader.next();
                if (providers.stream().noneMatch(known -> known.name().equals(provider.name()))) {
                    providers.add(provider);
                }
            } catch (ServiceConfigurationError | RuntimeException | LinkageError broken) {
                LOG.log(System.Logger.Level.WARNING, "a localipc transport provider failed to load and is skipped: "
                        + broken.getMessage(), broken);
                failures.add(broken);
            }
        }
        providers.sort(Comparator.comparingInt(TransportProvider::priority).reversed()
                .thenComparing(TransportProvider::name));
        return new Discovery(List.copyOf(providers), List.copyOf(failures));
    }

    static final class Discovery {
        final List<TransportProvider> providers;
        final List<Throwable> loadFailures;

        Discovery(List<TransportProvider> providers, List<Throwable> loadFailures) {
            this.providers = providers;
            this.loadFailures = loadFailures;
        }
    }
}
