/**
 * The Unix domain socket transport for Linux and macOS, through junixsocket: a private 0700
 * runtime directory, 0600 socket and token files, stale-socket detection, peer credentials
 * checked on both sides, and cleanup on close and JVM shutdown; or, for peers that choose their
 * own socket (node-ipc), an explicit socket path in a directory that is not localipc's.
 *
 * <p>Applications do not use this module directly: it registers
 * {@link dev.localipc.transport.unix.UnixTransportProvider} with {@link java.util.ServiceLoader}
 * and {@link dev.localipc.api.Transports} picks it up.
 */
module dev.localipc.transport.unix {
    // The provider's public signatures use the SPI types.
    requires transitive dev.localipc.api;
    requires org.newsclub.net.unix;
    // Holds the native library; without it on the module path junixsocket cannot load it.
    requires com.kohlschutter.junixsocket.nativecommon;
    // com.sun.security.auth.module.UnixSystem: the current user's numeric uid.
    requires jdk.security.auth;
    requires org.slf4j;

    exports dev.localipc.transport.unix;

    provides dev.localipc.api.spi.TransportProvider with dev.localipc.transport.unix.UnixTransportProvider;
}
