package dev.localipc.transport.unix;

import dev.localipc.api.Endpoint;
import java.nio.file.Path;

/**
 * How the child-JVM mains name their endpoint from their first two arguments: either
 * {@code <runtimeDir> <name>} (an endpoint of application "test") or {@code --socket <path>}
 * (an explicit socket path).
 */
final class TestEndpoints {
    private TestEndpoints() {
    }

    static Endpoint fromArguments(String first, String second) {
        if (first.equals("--socket")) {
            return Endpoint.ofSocketPath(second);
        }
        return Endpoint.builder("test").name(second).runtimeDirectory(Path.of(first)).build();
    }
}
