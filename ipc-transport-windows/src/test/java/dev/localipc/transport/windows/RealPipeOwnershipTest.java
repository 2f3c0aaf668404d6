package dev.localipc.transport.windows;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES;
import com.sun.jna.platform.win32.WinDef.DWORD;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import dev.localipc.api.Endpoint;
import dev.localipc.api.spi.AddressInUseException;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.UntrustedServerException;
import dev.localipc.transport.windows.internal.JnaWin32Pipes;
import dev.localipc.transport.windows.internal.PipeFlags;
import dev.localipc.transport.windows.internal.PipeTransport;
import dev.localipc.transport.windows.internal.Win32Error;
import dev.localipc.transport.windows.internal.Win32Pipes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may hold a pipe name and who gets a client's bytes, on real Win32 calls (Windows, or Wine:
 * {@code ipc-transport-windows/scripts/test-on-wine.sh}): a server refuses a name another process
 * holds, naming it, whichever of PipeListener's three layers catches it; a client refuses a pipe
 * whose owner is not its own user.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RealPipeOwnershipTest {
    private static final ListenOptions NO_HOOK = ListenOptions.builder().installShutdownHook(false).build();
    private static final String TOKEN = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @TempDir
    Path tempDir;

    private final Win32Pipes api = JnaWin32Pipes.load();
    private final WindowsTransportProvider provider = new WindowsTransportProvider();
    private final List<HANDLE> rawHandles = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        rawHandles.forEach(api::closeHandle);
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private TransportAddress fresh() {
        return provider.resolve(Endpoint.builder("localipc-owner").name("o" + UUID.randomUUID().toString().substring(0, 12))
                .runtimeDirectory(tempDir.resolve("run")).build());
    }

    private String ourSid() {
        return api.currentUserSid();
    }

    /**
     * A pipe instance created with plain Win32 calls, as a squatter would, with the security
     * descriptor {@code sddl}. (Always give one with an owner: under Wine a pipe created without
     * a descriptor has no owner GetSecurityInfo gives, ERROR_INVALID_SID (1337), where Windows
     * gives the creator's user.)
     */
    private HANDLE rawInstance(Win32Pipes calls, String name, String sddl) {
        SECURITY_ATTRIBUTES security = new SECURITY_ATTRIBUTES();
        security.dwLength = new DWORD(security.size());
        security.lpSecurityDescriptor = calls.convertStringSecurityDescriptor(sddl);
        assertTrue(security.lpSecurityDescriptor != null, "cannot convert " + sddl + ": " + Win32Error.describe(calls.getLastError()));
        security.write();
        HANDLE handle = calls.createNamedPipe(name, PipeFlags.serverOpenMode(false), PipeFlags.SERVER_PIPE_MODE,
                PipeFlags.MAX_INSTANCES, 4096, 4096, 0, security);
        int error = calls.getLastError();
        calls.localFree(security.lpSecurityDescriptor);
        Assumptions.assumeFalse(WinBase.INVALID_HANDLE_VALUE.equals(handle) && error == 1307 /* ERROR_INVALID_OWNER */,
                "this process may not make " + sddl + "'s owner the owner of a pipe (ERROR_INVALID_OWNER): run elevated");
        assertNotEquals(WinBase.INVALID_HANDLE_VALUE, handle, "CreateNamedPipe failed with " + Win32Error.describe(error));
        synchronized (rawHandles) {
            rawHandles.add(handle);
        }
        return handle;
    }

    /** Starts {@link PipeServerProcess} (a second Windows JVM) on {@code address}; returns its pid once it listens. */
    private long serverInAnotherProcess(TransportAddress address) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java.exe").toString();
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PipeServerProcess.class.getName(), address.location(), address.directory().toString())
                .redirectErrorStream(true).start();
        processes.add(other);
        InputStream out = other.getInputStream();
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!seen.toString().matches("(?s).*LISTENING pid=\\d+\\r?\\n.*") && System.nanoTime() < deadline) {
            int c = out.read();
            if (c < 0) {
                break;
            }
            seen.append((char) c);
        }
        assertTrue(seen.toString().contains("LISTENING"), "the other JVM did not start listening: " + seen);
        return Long.parseLong(seen.toString().replaceAll("(?s).*LISTENING pid=(\\d+).*", "$1"));
    }

    private static String inUseBy(TransportAddress address, String holder) {
        return "pipe " + address.location() + " is already in use by " + holder;
    }

    @Test
    void aServerInAnotherProcessKeepsItsNameAndIsNamedAndStillServes() throws Exception {
        TransportAddress address = fresh();
        long otherPid = serverInAnotherProcess(address);
        AddressInUseException inUse = assertThrows(AddressInUseException.class, () -> provider.listen(address, NO_HOOK));
        assertEquals(address.location(), inUse.location());
        assertEquals(inUseBy(address, "process " + otherPid + " running as " + ourSid()) + ": another server of this"
                + " application, or a process squatting on the name. Stop that process or use another endpoint name",
                inUse.getMessage());
        try (TransportConnection client = provider.connect(address, ConnectOptions.builder().timeout(Duration.ofSeconds(30)).build())) {
            assertEquals(otherPid, client.peer().pid().orElse(-1), "GetNamedPipeServerProcessId: the other JVM");
            client.output().write("across processes".getBytes(UTF_8));
            client.shutdownOutput();
            assertEquals("across processes", new String(client.input().readAllBytes(), UTF_8));
        }
    }

    @Test
    void aSquatterInstanceMakesListenFailAndNoTokenIsWritten() {
        TransportAddress address = fresh();
        rawInstance(api, address.location(), "O:" + ourSid() + "D:(A;;GA;;;WD)");
        AddressInUseException inUse = assertThrows(AddressInUseException.class,
                () -> provider.listen(address, ListenOptions.builder().token(TOKEN).installShutdownHook(false).build()));
        assertTrue(inUse.getMessage().startsWith(inUseBy(address, "process " + ProcessHandle.current().pid() + " running as "
                + ourSid())), inUse.getMessage());
        assertTrue(Files.notExists(address.tokenFile()));
    }

    /**
     * A squatter creates the name between the listener's probe and its CreateNamedPipe. Windows
     * stops it with FILE_FLAG_FIRST_PIPE_INSTANCE; Wine ignores the flag, and the listener's
     * instance count stops it there: either way listen fails and the squatter keeps the name.
     */
    @Test
    void aSquatterRacingTheProbeIsStoppedWhetherOrNotTheFlagIsEnforced() {
        TransportAddress address = fresh();
        Win32Pipes racing = AfterFirstCreateFile.wrap(api, () -> rawInstance(api, address.location(), "O:" + ourSid() + "D:(A;;GA;;;WD)"));
        PipeTransport transport = new PipeTransport(WindowsTransportProvider.NAME, 100, racing, System::getenv,
                System.getProperty("user.name", "user"), System.getProperty("user.home", "."));
        AddressInUseException inUse = assertThrows(AddressInUseException.class,
                () -> transport.listen(address, ListenOptions.builder().token(TOKEN).installShutdownHook(false).build()));
        String holder = inUseBy(address, "process " + ProcessHandle.current().pid() + " running as " + ourSid());
        String layer = UnderWine.running()
                ? "; the pipe this server created has 2 instances, not 1: another process created the name at the same"
                        + " moment, and this system did not enforce FILE_FLAG_FIRST_PIPE_INSTANCE"
                : "; CreateNamedPipe with FILE_FLAG_FIRST_PIPE_INSTANCE failed with ERROR_ACCESS_DENIED (5)";
        assertTrue(inUse.getMessage().startsWith(holder + layer), inUse.getMessage());
        assertEquals(1, rawHandles.size(), "the squatter was created");
        assertEquals(1, api.getNamedPipeCurrentInstances(rawHandles.get(0)), "the listener closed its own instance again");
        assertTrue(Files.notExists(address.tokenFile()));
    }

    @Test
    void aClientNeverSendsToAPipeOwnedByAnotherPrincipal() {
        TransportAddress address = fresh();
        rawInstance(api, address.location(), "O:BAD:(A;;GA;;;WD)"); // owner: BUILTIN\Administrators, open to everyone
        UntrustedServerException untrusted = assertThrows(UntrustedServerException.class,
                () -> provider.connect(address, ConnectOptions.defaults()));
        assertEquals("pipe " + address.location() + " is owned by S-1-5-32-544, not by this user (" + ourSid() + "):"
                + " another user's process holds the name, so nothing was sent. Stop that process or use another"
                + " endpoint name", untrusted.getMessage());
    }

    /**
     * PipeTokenFile keeps its handle open without FILE_SHARE_DELETE and removes the file through it:
     * while the server runs, its token can be read but the file cannot be deleted or replaced, so
     * close() removes the very file it wrote.
     */
    @Test
    void theTokenFileIsReadableButCannotBeReplacedWhileTheServerRunsAndIsGoneAfter() throws Exception {
        TransportAddress address = fresh();
        try (var listener = provider.listen(address, ListenOptions.builder().token(TOKEN).installShutdownHook(false).build())) {
            assertEquals(TOKEN, Files.readString(address.tokenFile(), UTF_8));
            assertThrows(java.nio.file.FileSystemException.class, () -> Files.delete(address.tokenFile()),
                    "another opener deleted the token file the server holds");
            assertEquals(TOKEN, Files.readString(address.tokenFile(), UTF_8));
        }
        assertTrue(Files.notExists(address.tokenFile()), "close() removed the token file");
    }

    /** The server learns the client's user by ImpersonateNamedPipeClient (identification level), the client the pipe's owner. */
    @Test
    void bothEndsKnowThePeersUser() throws Exception {
        TransportAddress address = fresh();
        try (var listener = provider.listen(address, NO_HOOK);
                TransportConnection client = provider.connect(address, ConnectOptions.defaults());
                TransportConnection server = listener.accept()) {
            assertEquals(ourSid(), server.peer().user().orElse("none"), "the client's SID as the server reads it");
            assertEquals(ourSid(), client.peer().user().orElse("none"), "the pipe owner's SID as the client reads it");
        }
    }
}
