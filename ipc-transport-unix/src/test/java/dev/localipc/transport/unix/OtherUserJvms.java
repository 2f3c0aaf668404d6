package dev.localipc.transport.unix;

import dev.localipc.api.testing.ReadableClassPath;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension for test classes that start JVMs as uid 65534 ({@link OtherUser}): before
 * the class, where that is possible, it copies the test class path somewhere that user can read
 * ({@link ReadableClassPath}); after the class it deletes the copy.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final OtherUserJvms NOBODY = new OtherUserJvms();
 * ...
 * TestJvm.start(NOBODY.command(ProbeClientMain.class, "--socket", path, "0"));
 * }</pre>
 */
final class OtherUserJvms implements BeforeAllCallback, AfterAllCallback {
    private ReadableClassPath classPath;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (OtherUser.available()) {
            classPath = ReadableClassPath.copyOf(TestJvm.classPath());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (classPath != null) {
            classPath.close();
            classPath = null;
        }
    }

    /** The command that runs {@code main} with {@code arguments} in a JVM as uid 65534; call after {@link OtherUser#assumeAvailable()}. */
    List<String> command(Class<?> main, String... arguments) {
        if (classPath == null) {
            throw new IllegalStateException("no class path copy: call OtherUser.assumeAvailable() first");
        }
        return OtherUser.javaCommand(classPath, main, arguments);
    }
}
