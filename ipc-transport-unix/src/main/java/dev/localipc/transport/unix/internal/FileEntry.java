package dev.localipc.transport.unix.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is at a path, read with one {@code lstat} (a symbolic link is reported as one, never
 * followed): its type, its identity (device, inode and status-change time) and its owner. Deciding from one read
 * means the type, key and owner all describe the same file.
 *
 * <pre>{@code
 * Optional<FileEntry> entry = FileEntry.read(Path.of("/tmp/evals-1-2.sock"));
 * if (entry.isPresent() && !entry.get().isSocket()) {
 *     throw new IOException("/tmp/evals-1-2.sock is " + entry.get().type().description() + ", not a socket");
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class FileEntry {
    private static final int TYPE_MASK = 0170000;

    /** The kinds of file {@code st_mode} tells apart. */
    public enum Type {
        /** S_IFSOCK */
        SOCKET(0140000, "a socket"),
        /** S_IFLNK */
        SYMBOLIC_LINK(0120000, "a symbolic link"),
        /** S_IFREG */
        REGULAR_FILE(0100000, "a regular file"),
        /** S_IFBLK */
        BLOCK_DEVICE(0060000, "a block device"),
        /** S_IFDIR */
        DIRECTORY(0040000, "a directory"),
        /** S_IFCHR */
        CHARACTER_DEVICE(0020000, "a character device"),
        /** S_IFIFO */
        FIFO(0010000, "a named pipe (FIFO)"),
        /** Any other value. */
        UNKNOWN(-1, "a file of unknown type");

        private final int bits;
        private final String description;

        Type(int bits, String description) {
            this.bits = bits;
            this.description = description;
        }

        /** "a regular file", "a symbolic link"... for messages. */
        public String description() {
            return description;
        }

        static Type of(int mode) {
            for (Type type : values()) {
                if (type.bits == (mode & TYPE_MASK)) {
                    return type;
                }
            }
            return UNKNOWN;
        }
    }

    private final Type type;
    private final Object inode;
    private final Object key;
    private final long uid;

    private FileEntry(Type type, Object inode, Object changed, long uid) {
        this.type = type;
        this.inode = inode;
        this.key = List.of(inode, changed);
        this.uid = uid;
    }

    /**
     * What is at {@code path} now, or empty if nothing is.
     *
     * @throws IOException if the path cannot be examined (a directory on the way is not searchable, say)
     */
    public static Optional<FileEntry> read(Path path) throws IOException {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, "unix:mode,uid,fileKey,ctime", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        return Optional.of(new FileEntry(Type.of((Integer) attributes.get("mode")), attributes.get("fileKey"),
                attributes.get("ctime"), ((Number) attributes.get("uid")).longValue()));
    }

    /** The file's type. */
    public Type type() {
        return type;
    }

    /** Whether it is a socket. */
    public boolean isSocket() {
        return type == Type.SOCKET;
    }

    /**
     * Its identity, to tell whether the same file is still there later: device, inode and
     * status-change time. The inode alone is not enough: file systems give a freed inode to the
     * next file at once, so a socket bound where a deleted one was often has the same inode. The
     * status-change time differs (and also changes when the file's mode or owner is changed).
     */
    public Object key() {
        return key;
    }

    /** Its device and inode only (the {@code fileKey} attribute). */
    public Object inode() {
        return inode;
    }

    /** Its owner's uid. */
    public long uid() {
        return uid;
    }

    @Override
    public String toString() {
        return type.description() + " of uid " + uid;
    }
}
