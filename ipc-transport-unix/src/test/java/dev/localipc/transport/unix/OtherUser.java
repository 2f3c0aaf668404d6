package dev.localipc.transport.unix;

import dev.localipc.api.testing.ReadableClassPath;
import dev.localipc.transport.unix.internal.CurrentUser;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a test JVM as uid 65534 (nobody) through setpriv, for tests of what another user can
 * do. Needs root and setpriv on the PATH; tests skip, saying so, elsewhere. The class path must
 * be a {@link ReadableClassPath} copy, since root's ~/.m2 is not readable by others: test classes
 * get one from {@link OtherUserJvms}.
 */
final class OtherUser {
    /** The uid the other JVM runs as. */
    static final long NOBODY = 65534;

    private OtherUser() {
    }

    /** Whether this test JVM can start another as uid 65534. */
    static boolean available() {
        if (File.separatorChar != '/' || CurrentUser.uid() != 0) {
            return false;
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, "setpriv"))) {
                return true;
            }
        }
        return false;
    }

    /** Skips the test, saying why, unless {@link #available()}. */
    static void assumeAvailable() {
        Assumptions.assumeTrue(available(), "needs root and setpriv on the PATH to run a JVM as uid 65534");
    }

    /** The command that runs {@code main} with {@code arguments} in a JVM as uid 65534. */
    static List<String> javaCommand(ReadableClassPath classPath, Class<?> main, String... arguments) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                TestJvm.java(), "-Djava.io.tmpdir=/tmp", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classPath.classPath(), main.getName()));
        command.addAll(List.of(arguments));
        return command;
    }
}
