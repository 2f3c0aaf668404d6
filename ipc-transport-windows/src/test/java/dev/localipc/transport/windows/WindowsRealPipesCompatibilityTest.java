package dev.localipc.transport.windows;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.api.spi.VirtualThreads;
import dev.localipc.api.tck.TransportCompatibilitySuite;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The transport TCK against real named pipes and the real kernel: runs on Windows only (the CI matrix has it). */
@EnabledOnOs(OS.WINDOWS)
class WindowsRealPipesCompatibilityTest extends TransportCompatibilitySuite {
    private final TransportProvider provider = new WindowsTransportProvider();

    @Override
    protected TransportProvider provider() {
        return provider;
    }

    @Override
    protected TransportAddress freshAddress(Path tempDir) {
        // Pipe names are global to the machine: make each one unique.
        return provider.resolve(Endpoint.builder("localipc-tck").name("e" + UUID.randomUUID().toString().substring(0, 12))
                .runtimeDirectory(tempDir.resolve("run")).build());
    }

    @Override
    protected ThreadFactory threadFactory() {
        return VirtualThreads.factory("tck-");
    }
}
