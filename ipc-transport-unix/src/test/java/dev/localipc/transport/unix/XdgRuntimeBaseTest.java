package dev.localipc.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.transport.unix.internal.CurrentUser;
import dev.localipc.transport.unix.internal.XdgRuntimeBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** XDG_RUNTIME_DIR is the login session's: a server checks it and never creates it (systemd's contract). */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the unix transport is not used on Windows")
class XdgRuntimeBaseTest {
    private static final Endpoint ENDPOINT = Endpoint.of("app", "daemon");
    private static final String FIX = "; localipc does not create or change it (the login session does): fix or unset"
            + " XDG_RUNTIME_DIR, or set LOCALIPC_RUNTIME_DIR to a private directory";

    @TempDir
    Path temp;

    /** The address the unix transport resolves for ENDPOINT when XDG_RUNTIME_DIR is {@code base}. */
    private static TransportAddress addressIn(Path base) {
        Path directory = base.resolve("app");
        return new TransportAddress("unix", ENDPOINT, directory.resolve("daemon.sock").toString(), directory,
                directory.resolve("daemon.token"));
    }

    private static Function<String, String> xdg(Path base) {
        return Map.of("XDG_RUNTIME_DIR", base.toString())::get;
    }

    private static String refusal(Path base) {
        IOException refused = assertThrows(IOException.class,
                () -> XdgRuntimeBase.check(addressIn(base), xdg(base), CurrentUser.uid()));
        return refused.getMessage();
    }

    @Test
    void aMissingBaseIsRefusedAndNotCreated() {
        Path base = temp.resolve("nonexistent/xdg");
        assertEquals("XDG_RUNTIME_DIR is " + base + ", which does not exist" + FIX, refusal(base));
        assertFalse(Files.exists(temp.resolve("nonexistent")), "nothing was created");
    }

    @Test
    void aBaseOtherUsersCanReadOrThatIsNotADirectoryIsRefused() throws IOException {
        Path open = Files.createDirectory(temp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("XDG_RUNTIME_DIR is " + open + ", which has mode 0755 (rwxr-xr-x) instead of 0700" + FIX,
                refusal(open));
        assertFalse(Files.exists(open.resolve("app")), "nothing was created in it");

        Path file = Files.writeString(temp.resolve("file"), "");
        assertEquals("XDG_RUNTIME_DIR is " + file + ", which is not a directory (a symbolic link or a file)" + FIX,
                refusal(file));
        Path link = Files.createSymbolicLink(temp.resolve("link"), Files.createDirectory(temp.resolve("private"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
        assertEquals("XDG_RUNTIME_DIR is " + link + ", which is not a directory (a symbolic link or a file)" + FIX,
                refusal(link));
    }

    @Test
    void aBaseOfAnotherUserIsRefused() throws IOException {
        assumeTrue(CurrentUser.uid() == 0, "giving a directory to uid 65534 needs root");
        Path theirs = Files.createDirectory(temp.resolve("theirs"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(theirs, "unix:uid", 65534);
        assertEquals("XDG_RUNTIME_DIR is " + theirs + ", which belongs to uid 65534, not to the current user (uid 0)"
                + FIX, refusal(theirs));
    }

    @Test
    void aPrivateBaseIsAcceptedAndAnotherDirectoryIsNotChecked() throws IOException {
        Path base = Files.createDirectory(temp.resolve("xdg"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        XdgRuntimeBase.check(addressIn(base), xdg(base), CurrentUser.uid());

        // The directory comes from LOCALIPC_RUNTIME_DIR: XDG_RUNTIME_DIR plays no part, even if it is wrong.
        Path missing = temp.resolve("missing");
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", missing.toString(), "LOCALIPC_RUNTIME_DIR",
                missing.resolve("app").toString());
        XdgRuntimeBase.check(addressIn(missing), env::get, CurrentUser.uid());
    }
}
