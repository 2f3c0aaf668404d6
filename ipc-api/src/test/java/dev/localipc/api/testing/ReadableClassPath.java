package dev.localipc.api.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the test class path in a world-readable temporary directory, so that a JVM started
 * as another user (uid 65534) can load it: ~/.m2 of root is not readable by others. Shipped in
 * ipc-api's test-jar for every module's cross-user tests.
 *
 * <pre>{@code
 * try (ReadableClassPath copy = ReadableClassPath.copyOf(System.getProperty("java.class.path"))) {
 *     new ProcessBuilder("setpriv", "--reuid=65534", ..., "java", "-cp", copy.classPath(), Main.class.getName()).start();
 * }
 * }</pre>
 *
 * <p>Not thread-safe; one per test class.
 */
public final class ReadableClassPath implements AutoCloseable {
    private final Path root;
    private final String classPath;

    private ReadableClassPath(Path root, String classPath) {
        this.root = root;
        this.classPath = classPath;
    }

    /** Copies every existing entry of {@code classPath}, jars and class directories, readable by everyone. */
    public static ReadableClassPath copyOf(String classPath) throws IOException {
        Path root = Files.createTempDirectory("localipc-cp-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> entries = new ArrayList<>();
        int index = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = root.resolve(index++ + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                copyTree(source, target);
            } else {
                Files.copy(source, target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            }
            entries.add(target.toString());
        }
        return new ReadableClassPath(root, String.join(File.pathSeparator, entries));
    }

    /** The class path of the copy, in the order of the original. */
    public String classPath() {
        return classPath;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(file, copy);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    /** Deletes the copy. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }
}
