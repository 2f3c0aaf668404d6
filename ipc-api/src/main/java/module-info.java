/**
 * The localipc API shared by every module: endpoint naming, transport discovery and the
 * transport service provider interface (SPI).
 *
 * <p>Applications normally use {@code dev.localipc.core} and never touch this module
 * directly; transport authors implement {@link dev.localipc.api.spi.TransportProvider}
 * and register it both here ({@code provides}) and in {@code META-INF/services}.
 */
module dev.localipc.api {
    exports dev.localipc.api;
    exports dev.localipc.api.spi;

    uses dev.localipc.api.spi.TransportProvider;
}
