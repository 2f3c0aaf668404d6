package dev.localipc.examples;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that closes what a test opened, newest first, after each test (clients
 * before the servers they talk to).
 *
 * <pre>{@code
 * @RegisterExtension
 * final CloseAfterEach resources = new CloseAfterEach();
 *
 * IpcClient client = resources.add(IpcClient.builder(endpoint).connect());
 * }</pre>
 *
 * <p>Not thread-safe: register resources from the test's own thread.
 */
public final class CloseAfterEach implements AfterEachCallback {
    private final List<AutoCloseable> resources = new ArrayList<>();

    /** Closes {@code resource} after the current test; returns it. */
    public <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.remove(i).close();
        }
    }
}
