package dev.localipc.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.transport.unix.internal.SocketPathLimit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Socket paths over sun_path fail early, in resolve(), with the path, its length and the limit. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the unix transport is not used on Windows")
class SocketPathLengthTest {
    private final UnixTransportProvider unix = new UnixTransportProvider();

    @TempDir
    Path tempDir;

    @Test
    void exactMessages() {
        Path path = Path.of("/run/user/1000/app/" + "x".repeat(97) + ".sock");
        assertEquals(121, path.toString().length());
        IllegalArgumentException linux = assertThrows(IllegalArgumentException.class,
                () -> SocketPathLimit.forOs("Linux").check(path));
        assertEquals("socket path " + path + " is 121 bytes; the limit on Linux is 107: use a shorter name or set"
                + " LOCALIPC_RUNTIME_DIR", linux.getMessage());
        IllegalArgumentException mac = assertThrows(IllegalArgumentException.class,
                () -> SocketPathLimit.forOs("Mac OS X").check(path));
        assertEquals("socket path " + path + " is 121 bytes; the limit on macOS is 103: use a shorter name or set"
                + " LOCALIPC_RUNTIME_DIR", mac.getMessage());
    }

    @Test
    void anExplicitSocketPathIsToldToBeShorterNotToMoveToAnotherRuntimeDirectory() {
        Path path = Path.of("/tmp/" + "x".repeat(111) + ".sock");
        assertEquals(121, path.toString().length());
        IllegalArgumentException mac = assertThrows(IllegalArgumentException.class,
                () -> SocketPathLimit.forOs("Mac OS X").checkExplicit(path));
        assertEquals("socket path " + path + " is 121 bytes; the limit on macOS is 103: choose a shorter socket path",
                mac.getMessage());
    }

    @Test
    void countsUtf8BytesNotCharacters() {
        // 50 two-byte characters: 100 bytes plus "/r/" and ".sock" is 108 bytes in 58 characters.
        Path path = Path.of("/r/" + "é".repeat(50) + ".sock");
        assertEquals(108, path.toString().getBytes(StandardCharsets.UTF_8).length);
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> SocketPathLimit.forOs("Linux").check(path));
        assertEquals("socket path " + path + " is 108 bytes; the limit on Linux is 107: use a shorter name or set"
                + " LOCALIPC_RUNTIME_DIR", tooLong.getMessage());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void resolveFailsBeforeAnythingIsCreatedAndTheLimitItselfWorks() throws IOException {
        // A directory 61 bytes long leaves 40 bytes for the name: 61 + "/" + 40 + ".sock" = 107.
        Path directory = tempDir.resolve("d".repeat(61 - tempDir.toString().length() - 1));
        int room = 107 - (directory.toString().length() + 1) - ".sock".length();
        assertEquals(40, room);
        Endpoint atLimit = Endpoint.builder("app").name(name(room)).runtimeDirectory(directory).build();
        Endpoint overLimit = Endpoint.builder("app").name(name(room + 1)).runtimeDirectory(directory).build();

        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> unix.resolve(overLimit));
        Path socket = directory.resolve(overLimit.name() + ".sock");
        assertEquals("socket path " + socket + " is 108 bytes; the limit on Linux is 107: use a shorter name or set"
                + " LOCALIPC_RUNTIME_DIR", tooLong.getMessage());
        assertFalse(Files.exists(directory), "nothing may be created for a path that is too long");

        // A hand-made address is checked again in listen(), before binding.
        TransportAddress forged = new TransportAddress("unix", overLimit, socket.toString(), directory,
                directory.resolve("x.token"));
        assertThrows(IllegalArgumentException.class,
                () -> unix.listen(forged, ListenOptions.builder().installShutdownHook(false).build()));
        assertFalse(Files.exists(socket), "no file may be left behind");

        TransportAddress address = unix.resolve(atLimit);
        assertEquals(107, address.location().getBytes(StandardCharsets.UTF_8).length);
        unix.listen(address, ListenOptions.builder().installShutdownHook(false).build()).close();
    }

    private static String name(int length) {
        return "n".repeat(length);
    }
}
