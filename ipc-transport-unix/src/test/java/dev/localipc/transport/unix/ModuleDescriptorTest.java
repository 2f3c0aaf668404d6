package dev.localipc.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The exact JPMS surface of ipc-api and ipc-transport-unix, read from the built module (a jar
 * or target/classes), so that a module-info mistake fails the build and not a user.
 */
class ModuleDescriptorTest {

    @Test
    void ipcApiExportsExactlyItsTwoPackagesAndUsesTheSpi() {
        ModuleDescriptor api = moduleOf(Transports.class).descriptor();
        assertEquals("dev.localipc.api", api.name());
        assertEquals(Set.of("dev.localipc.api", "dev.localipc.api.spi"), unqualifiedExports(api));
        assertTrue(api.opens().isEmpty(), "opens: " + api.opens());
        assertEquals(Set.of(TransportProvider.class.getName()), api.uses());
        assertEquals(Set.of("java.base"), requires(api), "ipc-api has no third-party dependency");
    }

    @Test
    void ipcTransportUnixExportsOnlyItsProviderPackageAndProvidesIt() throws IOException {
        ModuleReference reference = moduleOf(UnixTransportProvider.class);
        ModuleDescriptor unix = reference.descriptor();
        assertEquals("dev.localipc.transport.unix", unix.name());
        assertEquals(Set.of("dev.localipc.transport.unix"), unqualifiedExports(unix));
        assertTrue(unix.packages().contains("dev.localipc.transport.unix.internal"));
        assertTrue(unix.opens().isEmpty(), "opens: " + unix.opens());
        assertEquals(1, unix.provides().size());
        ModuleDescriptor.Provides provides = unix.provides().iterator().next();
        assertEquals(TransportProvider.class.getName(), provides.service());
        assertEquals(List.of(UnixTransportProvider.class.getName()), provides.providers());
        assertEquals(Set.of("java.base", "dev.localipc.api", "org.newsclub.net.unix",
                "com.kohlschutter.junixsocket.nativecommon", "jdk.security.auth", "org.slf4j"), requires(unix));
        assertTrue(unix.requires().stream().anyMatch(requires -> requires.name().equals("dev.localipc.api")
                && requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)),
                "dev.localipc.api must be required transitively: the provider's signatures use it");

        // The class-path registration names the same provider.
        try (ModuleReader reader = reference.open();
                InputStream services = reader.open("META-INF/services/" + TransportProvider.class.getName()).orElseThrow()) {
            assertEquals(UnixTransportProvider.class.getName(), new String(services.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }

    private static ModuleReference moduleOf(Class<?> type) {
        Path location = TestJvm.locationOf(type);
        Set<ModuleReference> found = ModuleFinder.of(location).findAll();
        assertEquals(1, found.size(), "modules in " + location + ": " + found);
        return found.iterator().next();
    }

    private static Set<String> unqualifiedExports(ModuleDescriptor descriptor) {
        descriptor.exports().forEach(export -> assertTrue(!export.isQualified(), "qualified export " + export));
        return descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    }

    private static Set<String> requires(ModuleDescriptor descriptor) {
        return descriptor.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
    }
}
