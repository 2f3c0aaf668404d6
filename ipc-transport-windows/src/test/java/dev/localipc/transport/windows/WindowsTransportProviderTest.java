package dev.localipc.transport.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportAvailability;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.transport.windows.model.Win32PipeModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class WindowsTransportProviderTest {
    @TempDir
    Path tempDir;

    @Test
    void offWindowsItIsUnavailableWithAReasonAndNeverBindsTheWin32Api() {
        WindowsTransportProvider provider = new WindowsTransportProvider("Linux",
                () -> fail("the Win32 API must not be loaded off Windows"));
        TransportAvailability availability = provider.availability();
        assertFalse(availability.isAvailable());
        assertEquals("named pipes are a Windows feature; this is Linux (os.name=Linux): use the \"unix\" transport",
                availability.cause().orElseThrow().getMessage());
        assertSame(availability, provider.availability(), "checked once and cached");
        assertEquals("windows", provider.name());
        assertEquals(100, provider.priority());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theRealProviderIsUnavailableHereAndListenSaysWhy() {
        WindowsTransportProvider provider = new WindowsTransportProvider();
        assertFalse(provider.availability().isAvailable());
        TransportAddress address = provider.resolve(Endpoint.builder("app").name("x").runtimeDirectory(tempDir).build());
        IOException failure = assertThrows(IOException.class, () -> provider.listen(address, ListenOptions.defaults()));
        assertTrue(failure.getMessage().startsWith("the windows transport cannot be used here: named pipes are a Windows"
                + " feature; this is "), failure.getMessage());
    }

    @Test
    void onWindowsAFailedLibraryBindingIsUnavailableWithTheFix() {
        WindowsTransportProvider provider = new WindowsTransportProvider("Windows 11", () -> {
            throw new UnsatisfiedLinkError("Unable to load library 'kernel32'");
        });
        Throwable cause = provider.availability().cause().orElseThrow();
        assertEquals("JNA cannot bind kernel32/advapi32 on Windows 11: java.lang.UnsatisfiedLinkError: Unable to load"
                + " library 'kernel32'; put jna and jna-platform 5.18.1 on the class or module path", cause.getMessage());
    }

    @Test
    void onWindowsItListensAndConnectsThroughTheBoundApi() throws Exception {
        Win32PipeModel model = new Win32PipeModel();
        WindowsTransportProvider provider = new WindowsTransportProvider("Windows Server 2022",
                () -> model.process(ProcessHandle.current().pid(), Win32PipeModel.USER_SID));
        assertTrue(provider.availability().isAvailable());
        TransportAddress address = provider.resolve(Endpoint.builder("app").name("via-provider").runtimeDirectory(tempDir).build());
        try (TransportListener listener = provider.listen(address, ListenOptions.builder().installShutdownHook(false).build());
                TransportConnection client = provider.connect(address, ConnectOptions.defaults());
                TransportConnection server = listener.accept()) {
            client.output().write('x');
            assertEquals('x', server.input().read());
            assertEquals(Win32PipeModel.USER_SID, server.peer().user().orElseThrow());
        }
        assertEquals(List.of(), model.violations());
    }

    @Test
    void resolveNamesThePipeAfterApplicationUserAndEndpoint() {
        TransportAddress address = new WindowsTransportProvider("Linux", () -> null)
                .resolve(Endpoint.builder("app").name("daemon").runtimeDirectory(tempDir).build());
        String user = System.getProperty("user.name").replaceAll("[^A-Za-z0-9._-]", "_");
        assertEquals("\\\\.\\pipe\\app-" + user + "-daemon", address.location());
        assertEquals(tempDir.resolve("daemon.token"), address.tokenFile());
        assertEquals("windows", address.transport());
    }

    @Test
    void aPipeNameOverTheLimitIsRefusedWithTheFix() {
        String longName = "n".repeat(64);
        Endpoint endpoint = Endpoint.builder("a".repeat(64)).name(longName).runtimeDirectory(tempDir).build();
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> dev.localipc.transport.windows.internal.PipeAddresses.resolve("windows", endpoint, name -> null,
                        "u".repeat(140), tempDir.toString()));
        assertTrue(tooLong.getMessage().matches("pipe name \\\\\\\\\\.\\\\pipe\\\\a{64}-u{140}-n{64} is 279 characters;"
                + " the limit on Windows is 256: use a shorter application or endpoint name"), tooLong.getMessage());
    }

    @Test
    void bothProvidersAreFoundByServiceLoader() {
        List<String> names = Transports.providers().stream().map(TransportProvider::name).collect(Collectors.toList());
        assertTrue(names.contains("windows"), names.toString());
        assertTrue(names.contains("windows-model"), names.toString());
        assertEquals("windows-model", Transports.byName("windows-model").name());
    }
}
