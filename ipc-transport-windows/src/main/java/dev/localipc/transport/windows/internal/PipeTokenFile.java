package dev.localipc.transport.windows.internal;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's token file, {@code %LOCALAPPDATA%\<app>\<name>.token} (PROTOCOL.md section 6),
 * readable by the current user only.
 *
 * <p>The file is handled through one handle from creation to removal, never reopened by path:
 * it is created with CREATE_NEW and its security descriptor ({@link PipeSecurity#tokenFile}) in
 * one CreateFile call, so it never exists with the directory's inherited permissions and is never
 * a file someone else put there; the token is written through that handle, which the listener
 * keeps open (shared for reading, so clients can read the token); and {@link #delete()} marks
 * that very file for deletion through the handle (FileDispositionInfo) and closes it, so a file
 * another process put at the same path meanwhile is never the one removed. A stale file from a
 * crashed server is deleted first, by path, because CREATE_NEW refuses an existing file.
 *
 * <pre>{@code
 * PipeTokenFile file = PipeTokenFile.write(api, address.tokenFile(), token, userSid);
 * ...
 * file.delete();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class PipeTokenFile {
    private static final Logger LOG = LoggerFactory.getLogger(PipeTokenFile.class);

    private final Win32Pipes api;
    private final Path file;
    private final HANDLE handle;
    private boolean deleted; // guarded by this

    private PipeTokenFile(Win32Pipes api, Path file, HANDLE handle) {
        this.api = api;
        this.file = file;
        this.handle = handle;
    }

    /**
     * Writes {@code token} to {@code file}, creating the directory if needed; the file stays open
     * until {@link #delete()}.
     *
     * @throws IOException naming the file, the cause and the fix
     */
    public static PipeTokenFile write(Win32Pipes api, Path file, String token, String userSid) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(directory);
        } catch (IOException failed) {
            throw new IOException("cannot create the token directory " + directory + ": " + failed
                    + "; set LOCALIPC_RUNTIME_DIR to a directory you can write", failed);
        }
        if (Files.deleteIfExists(file)) {
            LOG.info("removed the stale token file {} left by an earlier server", file);
        }
        try (NativeSecurityAttributes security =
                     NativeSecurityAttributes.fromSddl(api, PipeSecurity.tokenFile(userSid), "token file " + file)) {
            HANDLE handle = api.createNewFile(file.toString(), security.attributes());
            if (handle == null || WinBase.INVALID_HANDLE_VALUE.equals(handle)) {
                int error = api.getLastError();
                throw new IOException("cannot create the token file " + file + ": CreateFile failed with "
                        + Win32Error.describe(error) + (error == Win32Error.ERROR_FILE_EXISTS
                        ? "; another process created it at the same moment: is a second server starting?" : ""));
            }
            if (!api.writeWholeFile(handle, token.getBytes(StandardCharsets.US_ASCII))) {
                int error = api.getLastError();
                new PipeTokenFile(api, file, handle).delete(); // a half-written file would only confuse clients
                throw new IOException("cannot write the token file " + file + ": WriteFile failed with "
                        + Win32Error.describe(error) + "; the file was removed");
            }
            return new PipeTokenFile(api, file, handle);
        }
    }

    /** The file's path. */
    public Path path() {
        return file;
    }

    /**
     * Removes the file this object created (through its handle, not its path) and closes the
     * handle; a failure is logged, since the listener is closing anyway. Idempotent.
     */
    public synchronized void delete() {
        if (deleted) {
            return;
        }
        deleted = true;
        if (!api.deleteOnClose(handle)) {
            LOG.warn("cannot remove the token file {}: SetFileInformationByHandle(FileDispositionInfo) failed with {};"
                    + " delete it by hand", file, Win32Error.describe(api.getLastError()));
        }
        if (!api.closeHandle(handle)) {
            LOG.warn("token file {}: CloseHandle failed with {}", file, Win32Error.describe(api.getLastError()));
        }
    }
}
