package dev.localipc.transport.windows.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's token file, {@code %LOCALAPPDATA%\<app>\<name>.token} (PROTOCOL.md section 6),
 * readable by the current user only. The file is created with CREATE_NEW and its security
 * descriptor ({@link PipeSecurity#tokenFile}) in one CreateFile call, so there is no moment
 * when it exists with the directory's inherited permissions; a stale file from a crashed server
 * is deleted first, because CreateFile would keep an existing file's permissions.
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

    private final Path file;

    private PipeTokenFile(Path file) {
        this.file = file;
    }

    /**
     * Writes {@code token} to {@code file}, creating the directory if needed.
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
            if (!api.writeNewFile(file.toString(), security.attributes(), token.getBytes(StandardCharsets.US_ASCII))) {
                int error = api.getLastError();
                if (error != Win32Error.ERROR_FILE_EXISTS) {
                    Files.deleteIfExists(file); // a half-written file would only confuse clients
                }
                throw new IOException("cannot write the token file " + file + ": CreateFile/WriteFile failed with "
                        + Win32Error.describe(error) + (error == Win32Error.ERROR_FILE_EXISTS
                        ? "; another process created it at the same moment: is a second server starting?" : ""));
            }
        }
        return new PipeTokenFile(file);
    }

    /** The file's path. */
    public Path path() {
        return file;
    }

    /** Removes the file; a failure is logged, since the listener is closing anyway. */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException failed) {
            LOG.warn("cannot remove the token file {}: {}", file, failed.toString(), failed);
        }
    }
}
