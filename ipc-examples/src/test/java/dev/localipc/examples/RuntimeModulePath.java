package dev.localipc.examples;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The module path of an application of localipc, taken from the test class path: the reactor
 * modules (jars after the package phase, else {@code target/classes}) and their runtime
 * dependencies, nothing of the tests.
 *
 * <pre>{@code
 * String modulePath = RuntimeModulePath.of(System.getProperty("java.class.path"));
 * }</pre>
 */
public final class RuntimeModulePath {
    private static final List<String> RUNTIME_JARS = List.of("ipc-api-", "ipc-core-", "ipc-transport-", "gson-",
            "error_prone_annotations-", "slf4j-api-", "slf4j-simple-", "picocli-", "junixsocket-", "jna-");

    private RuntimeModulePath() {
    }

    /** The entries of {@code classPath} that belong on the module path, joined with the path separator. */
    public static String of(String classPath) {
        return Stream.of(classPath.split(File.pathSeparator))
                .filter(entry -> entry.endsWith(File.separator + "target" + File.separator + "classes")
                        || isRuntimeJar(Path.of(entry).getFileName().toString()))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static boolean isRuntimeJar(String name) {
        return name.endsWith(".jar") && !name.endsWith("-tests.jar") && RUNTIME_JARS.stream().anyMatch(name::startsWith);
    }
}
