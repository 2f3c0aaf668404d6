/**
 * The Windows named-pipe transport for localipc, through JNA.
 *
 * <p>Registered as the {@code "windows"} {@link dev.localipc.api.spi.TransportProvider}. On any
 * other operating system it reports itself unavailable and never loads a Windows library.
 * Everything under {@code dev.localipc.transport.windows.internal} is implementation, not API.
 */
module dev.localipc.transport.windows {
    requires dev.localipc.api;
    // JNA 5.18.1 jars carry Automatic-Module-Name: com.sun.jna and com.sun.jna.platform.
    requires com.sun.jna;
    requires com.sun.jna.platform;
    requires org.slf4j;

    exports dev.localipc.transport.windows;

    provides dev.localipc.api.spi.TransportProvider with dev.localipc.transport.windows.WindowsTransportProvider;
}
