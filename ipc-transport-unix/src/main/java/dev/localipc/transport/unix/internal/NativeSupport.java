package dev.localipc.transport.unix.internal;

import dev.localipc.api.spi.TransportAvailability;
import java.util.Locale;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFSocketCapability;

/**
 * Whether the Unix transport works in this JVM: not on Windows, junixsocket present with its
 * native library, peer credentials supported (the transport refuses other users with them),
 * and the current uid readable. Probed once; the answer and its cause are kept.
 *
 * <pre>{@code
 * TransportAvailability availability = NativeSupport.availability();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class NativeSupport {

    private NativeSupport() {
    }

    /** The cached answer. */
    public static TransportAvailability availability() {
        return Holder.AVAILABILITY;
    }

    /** Probes afresh for the OS called {@code osName}; {@link #availability()} caches this. */
    static TransportAvailability probe(String osName) {
        if (osName.toLowerCase(Locale.ROOT).startsWith("windows")) {
            return TransportAvailability.unavailable("the unix transport is not used on " + osName
                    + ": use the windows transport (add dev.localipc:ipc-transport-windows)");
        }
        try {
            return probeNative(osName);
        } catch (LinkageError missing) {
            return TransportAvailability.unavailable(new IllegalStateException("junixsocket cannot be loaded ("
                    + missing + "): add com.kohlschutter.junixsocket:junixsocket-common and junixsocket-native-common"
                    + " to the class path or module path", missing));
        }
    }

    private static TransportAvailability probeNative(String osName) {
        try {
            AFSocket.ensureSupported();
        } catch (UnsupportedOperationException unsupported) {
            return TransportAvailability.unavailable(new IllegalStateException("junixsocket has no native library for "
                    + osName + "/" + System.getProperty("os.arch") + " (" + unsupported.getMessage()
                    + "): add com.kohlschutter.junixsocket:junixsocket-native-common, or a native artifact for this"
                    + " platform", unsupported));
        }
        if (!AFUNIXSocket.isSupported()) {
            return TransportAvailability.unavailable("AF_UNIX sockets are not supported on " + osName
                    + ": use another transport");
        }
        if (!AFSocket.supports(AFSocketCapability.CAPABILITY_PEER_CREDENTIALS)) {
            return TransportAvailability.unavailable("junixsocket cannot read peer credentials on " + osName
                    + ", and the unix transport needs them to refuse other users: use another transport");
        }
        try {
            CurrentUser.uid();
        } catch (RuntimeException | LinkageError noUid) {
            return TransportAvailability.unavailable(new IllegalStateException("cannot read the current user id on "
                    + osName + " (" + noUid + "): run on a JDK with the jdk.security.auth module", noUid));
        }
        return TransportAvailability.available();
    }

    private static final class Holder {
        static final TransportAvailability AVAILABILITY = probe(System.getProperty("os.name", "unknown"));
    }
}
