package dev.localipc.api.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that closes what a test opened, newest first, after each test (clients
 * before the servers they talk to). Shipped in ipc-api's test-jar for every module's tests.
 *
 * <pre>{@code
 * @RegisterExtension
 * final CloseAfterEach resources = new CloseAfterEach();
 *
 * IpcClient client = resources.add(IpcClient.builder(endpoint).connect());
 * }</pre>
 *
 * <p>Thread-safe: a test's worker threads may register resources too.
 */
public final class CloseAfterEach implements AfterEachCallback {
    private final List<AutoCloseable> resources = new ArrayList<>();

    /** Closes {@code resource} after the current test; returns it. */
    public synchronized <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<AutoCloseable> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(resources);
            resources.clear();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }
}
