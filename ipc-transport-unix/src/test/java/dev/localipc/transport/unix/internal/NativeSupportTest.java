package dev.localipc.transport.unix.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.api.PrivateDirectory;
import dev.localipc.api.spi.TransportAvailability;
import dev.localipc.transport.unix.UnixTransportProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class NativeSupportTest {

    @Test
    void windowsIsUnavailableWithTheReasonAndTheFix() {
        TransportAvailability windows = NativeSupport.probe("Windows 11");
        assertFalse(windows.isAvailable());
        assertEquals("the unix transport is not used on Windows 11: use the windows transport (add"
                + " dev.localipc:ipc-transport-windows)", windows.cause().orElseThrow().getMessage());
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void availableHereAndCached() {
        UnixTransportProvider unix = new UnixTransportProvider();
        assertTrue(unix.availability().isAvailable(), unix.availability().toString());
        assertSame(unix.availability(), new UnixTransportProvider().availability());
        assertEquals("unix", unix.name());
        assertEquals(100, unix.priority());
        assertEquals(ProcessHandle.current().info().user().map(user -> user.equals("root")).orElse(false),
                CurrentUser.uid() == 0);
    }

    @Test
    void octalModes() {
        assertEquals("0700", PrivateDirectory.octal(RuntimeDirectory.OWNER_ONLY));
        assertEquals("0600", PrivateDirectory.octal(TokenFile.OWNER_READ_WRITE));
        assertEquals("0755", PrivateDirectory.octal(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
    }
}
