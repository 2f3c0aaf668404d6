package dev.localipc.transport.unix.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file this process created, remembered by its file key (device and inode), so that cleanup
 * removes it only while it is still the same file and never one that another server put in
 * its place.
 *
 * <pre>{@code
 * OwnedFile socket = OwnedFile.record(socketPath);
 * ...
 * socket.deleteIfStillOurs();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class OwnedFile {
    private static final Logger LOG = LoggerFactory.getLogger(OwnedFile.class);

    private final Path path;
    private final Object key;

    private OwnedFile(Path path, Object key) {
        this.path = path;
        this.key = key;
    }

    /** Remembers the file now at {@code path}. */
    public static OwnedFile record(Path path) throws IOException {
        return new OwnedFile(path, key(path));
    }

    /** Remembers the file at {@code path} whose file key (device and inode, read by the caller) is {@code key}. */
    public static OwnedFile of(Path path, Object key) {
        return new OwnedFile(path, key);
    }

    /** The file's path. */
    public Path path() {
        return path;
    }

    /** Deletes the file if it is still the one recorded; logs and leaves it otherwise. Never throws. */
    public void deleteIfStillOurs() {
        try {
            Object current = key(path);
            if (key != null && !Objects.equals(key, current)) {
                LOG.warn("{} was replaced by another process since this server created it; leaving it in place", path);
                return;
            }
            Files.deleteIfExists(path);
            LOG.debug("removed {}", path);
        } catch (NoSuchFileException gone) {
            LOG.debug("{} was already removed", path, gone);
        } catch (IOException | RuntimeException failed) {
            LOG.warn("cannot remove {}: {}; remove it by hand", path, failed.toString(), failed);
        }
    }

    private static Object key(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
