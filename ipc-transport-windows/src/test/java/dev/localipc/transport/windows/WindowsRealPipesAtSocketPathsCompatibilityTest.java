package dev.localipc.transport.windows;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.TransportAddress;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The transport TCK against real named pipes for endpoints named by a socket path, the way Roo
 * Code's evaluation runner names them on Windows ({@code path.resolve(os.tmpdir(), "evals-...sock")},
 * a path with backslashes, which node-ipc keeps in the pipe name): the same run as
 * {@link WindowsRealPipesCompatibilityTest} with those addresses. Runs on Windows and under Wine
 * ({@code scripts/test-on-wine.sh}).
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsRealPipesAtSocketPathsCompatibilityTest extends WindowsRealPipesCompatibilityTest {
    @Override
    protected TransportAddress freshAddress(Path tempDir) {
        // Pipe names are global to the machine: make each one unique. The path is never a file.
        return provider().resolve(Endpoint.ofSocketPath(tempDir.resolve("evals-" + UUID.randomUUID().toString().substring(0, 12)
                + ".sock").toString()));
    }
}
