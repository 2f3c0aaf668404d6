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
    private static final String FIX = "fix or unset XDG_RUNTIME_DIR (localipc does not create or change it: the login"
            + " session does), or set LOCALIPC_RUNTIME_DIR to a private directory of your own";

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
        assertEquals("XDG_RUNTIME_DIR " + base + " does not exist: create it, or " + FIX, refusal(base));
        assertFalse(Files.exists(temp.resolve("nonexistent")), "nothing was created");
    }

    @Test
    void aBaseOtherUsersCanReadOrThatIsNotADirectoryIsRefused() throws IOException {
        Path open = Files.createDirectory(temp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("XDG_RUNTIME_DIR " + open + " has mode 0755 (rwxr-xr-x) but must be 0700 so that no other user can"
                + " reach the runtime directories of your session: run chmod 700 " + open, refusal(open));
        assertFalse(Files.exists(open.resolve("app")), "nothing was created in it");

        Path file = Files.writeString(temp.resolve("file"), "");
        assertEquals("XDG_RUNTIME_DIR " + file + " exists but is not a directory: remove it, or " + FIX, refusal(file));
        Path link = Files.createSymbolicLink(temp.resolve("link"), Files.createDirectory(temp.resolve("private"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
        assertEquals("XDG_RUNTIME_DIR " + link + " is a symbolic link; localipc needs a real directory so that nobody can"
                + " redirect the runtime directories of your session: remove the link, or " + FIX, refusal(link));
    }

    @Test
    void aBaseOfAnotherUserIsRefused() throws IOException {
        assumeTrue(CurrentUser.uid() == 0, "giving a directory to uid 65534 needs root");
        Path theirs = Files.createDirectory(temp.resolve("theirs"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(theirs, "unix:uid", 65534);
        assertEquals("XDG_RUNTIME_DIR " + theirs + " is owned by uid 65534, not by the current user (uid 0): remove it, or "
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
