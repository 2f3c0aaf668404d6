package dev.localipc.consumertests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What `./mvnw verify` leaves in each published module's target/: the jar, a sources jar with every
 * main source, and a javadoc jar that documents exactly the packages module-info exports. Runs after
 * every module was packaged (failsafe, integration-test phase), so a build that stops making them fails.
 */
class PublishedArtifactsIT {

    @Test
    void everyPublishedModuleHasItsJarSourcesAndJavadoc() throws IOException {
        assertEquals(Set.of("ipc-api", "ipc-transport-unix", "ipc-transport-windows", "ipc-core"),
                Set.copyOf(Reactor.publishedJarModules()),
                "the published modules changed: update docs/RELEASING.md and this test");
        for (String module : Reactor.publishedJarModules()) {
            Path target = Reactor.root().resolve(module).resolve("target");
            String base = module + "-" + Reactor.version();
            Path jar = target.resolve(base + ".jar");
            Path sources = target.resolve(base + "-sources.jar");
            Path javadoc = target.resolve(base + "-javadoc.jar");
            for (Path file : new Path[] {jar, sources, javadoc}) {
                assertTrue(Files.isRegularFile(file), file + " is missing: ./mvnw verify must build it");
            }

            Set<String> mainSources;
            Path sourceRoot = Reactor.root().resolve(module).resolve("src/main/java");
            try (Stream<Path> walk = Files.walk(sourceRoot)) {
                mainSources = walk.filter(p -> p.toString().endsWith(".java"))
                        .map(p -> sourceRoot.relativize(p).toString().replace('\\', '/'))
                        .collect(Collectors.toCollection(TreeSet::new));
            }
            assertEquals(mainSources, entries(sources, ".java"), sources + " must hold every file of " + sourceRoot);

            ModuleDescriptor descriptor = ModuleFinder.of(jar).findAll().iterator().next().descriptor();
            Set<String> exported = descriptor.exports().stream().map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toCollection(TreeSet::new));
            try (ZipFile zip = new ZipFile(javadoc.toFile())) {
                ZipEntry elementList = zip.getEntry("element-list");
                assertTrue(elementList != null && zip.getEntry("index.html") != null, javadoc + " holds no javadoc");
                String list = new String(zip.getInputStream(elementList).readAllBytes(), StandardCharsets.UTF_8);
                Set<String> documented = list.lines().filter(line -> !line.isBlank() && !line.startsWith("module:"))
                        .collect(Collectors.toCollection(TreeSet::new));
                assertEquals(exported, documented, javadoc + " must document exactly the packages "
                        + descriptor.name() + " exports");
                assertFalse(list.contains(".internal"), javadoc + " documents an internal package");
            }
        }
    }

    private static Set<String> entries(Path zipFile, String suffix) throws IOException {
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            return zip.stream().map(ZipEntry::getName).filter(name -> name.endsWith(suffix))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
