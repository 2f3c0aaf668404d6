package dev.localipc.transport.unix.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes the token file (PROTOCOL.md section 6) atomically: a temporary file created with mode
 * 0600 in the same directory, then moved over the token file, so a reader never sees a partial
 * token or a moment when the file is readable by others.
 *
 * <pre>{@code
 * OwnedFile token = TokenFile.write(dir.resolve("daemon.token"), token);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class TokenFile {
    /** rw------- */
    public static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private TokenFile() {
    }

    /**
     * Writes {@code token} (exactly, without a line break) to {@code file} with mode 0600.
     *
     * @return the written file, for cleanup
     * @throws IOException naming the file when it cannot be written
     */
    public static OwnedFile write(Path file, String token) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, "." + file.getFileName() + "-", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
            Files.setPosixFilePermissions(temporary, OWNER_READ_WRITE);
            Files.write(temporary, token.getBytes(StandardCharsets.UTF_8));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            return OwnedFile.record(file);
        } catch (IOException failed) {
            throw new IOException("cannot write token file " + file + ": " + failed
                    + ": check that the runtime directory is writable by the current user", failed);
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
