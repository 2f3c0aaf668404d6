package dev.localipc.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A directory that only its owner can reach: a real directory (not a symbolic link), owned by the
 * current user, mode exactly 0700 where the file system has POSIX permissions. The runtime
 * directory of the Unix transport and the task runner's data directory are such directories.
 *
 * <p>Files are written and read through the directory's own descriptor (a
 * {@link SecureDirectoryStream}, that is {@code openat}, {@code renameat} and {@code unlinkat}
 * relative to the directory that was checked), never reopened by a path that another user could
 * redirect: a write creates a new temporary file with {@code O_CREAT|O_EXCL|O_NOFOLLOW}, mode
 * 0600, writes through that descriptor, then renames it over the target; a read refuses a
 * symbolic link or anything that is not a regular file. Where the platform has no
 * {@code SecureDirectoryStream} (Windows), the same steps run by path inside the directory,
 * which the user's profile protects there.
 *
 * <pre>{@code
 * PrivateDirectory tasks = PrivateDirectory.open(Path.of("/home/me/.local/share/app/tasks"), uid,
 *         PrivateDirectory.Role.of("task data directory", "the task files", "pass --data a directory of your own"));
 * tasks.write("42.json", bytes);
 * Optional<byte[]> again = tasks.read("42.json", 1 << 20);
 * }</pre>
 *
 * <p>Immutable and thread-safe; every operation checks again that the directory it opens is the
 * one that was checked (same device and inode), so a directory swapped after {@link #open} is
 * refused rather than used.
 */
public final class PrivateDirectory {
    /** rwx------ */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    /** rw------- */
    public static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What a private directory is for, to word its errors: "task data directory /x is a symbolic
     * link; ... so that nobody can redirect the task files: remove the link, or pass --data a
     * directory of your own".
     *
     * @param name what the directory is ("runtime directory")
     * @param protects what the checks protect ("the socket")
     * @param alternative the other way out, as an imperative ("set LOCALIPC_RUNTIME_DIR to a private directory of your own")
     */
    public record Role(String name, String protects, String alternative) {
        /**
         * Checks that no part is null.
         *
         * @param name what the directory is ("runtime directory")
         * @param protects what the checks protect ("the socket")
         * @param alternative the other way out, as an imperative
         */
        public Role {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(protects, "protects");
            Objects.requireNonNull(alternative, "alternative");
        }

        /**
         * A role; see the record's components.
         *
         * @param name what the directory is ("runtime directory")
         * @param protects what the checks protect ("the socket")
         * @param alternative the other way out, as an imperative
         * @return the role
         */
        public static Role of(String name, String protects, String alternative) {
            return new Role(name, protects, alternative);
        }
    }

    private final Path path;
    private final Role role;
    private final Object fileKey;
    private final boolean posix;

    private PrivateDirectory(Path path, Role role, Object fileKey, boolean posix) {
        this.path = path;
        this.role = role;
        this.fileKey = fileKey;
        this.posix = posix;
    }

    /**
     * Creates {@code directory} with mode 0700 if it does not exist (its missing parents with the
     * default mode), then checks it.
     *
     * @param directory the directory
     * @param uid the current user's numeric id (ignored where the file system has no owners by uid)
     * @param role what the directory is for, to word the errors
     * @return the checked directory
     * @throws IOException naming the directory, what is wrong with it and how to fix it
     */
    public static PrivateDirectory open(Path directory, long uid, Role role) throws IOException {
        Path absolute = directory.toAbsolutePath();
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Path parent = absolute.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                createOwnerOnly(absolute);
            } catch (IOException failed) {
                throw new IOException("cannot create " + role.name() + " " + absolute + ": " + describe(failed)
                        + ": check the permissions of its parent, or " + role.alternative(), failed);
            }
        }
        return check(absolute, uid, role);
    }

    /**
     * Checks an existing directory without creating anything.
     *
     * @param directory the directory
     * @param uid the current user's numeric id (ignored where the file system has no owners by uid)
     * @param role what the directory is for, to word the errors
     * @return the checked directory
     * @throws IOException naming the directory, what is wrong with it and how to fix it
     */
    public static PrivateDirectory check(Path directory, long uid, Role role) throws IOException {
        Path absolute = directory.toAbsolutePath();
        String problem = problem(absolute, uid, role);
        if (problem != null) {
            throw new IOException(role.name() + " " + absolute + " " + problem);
        }
        BasicFileAttributes attributes = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        boolean posix = Files.getFileAttributeView(absolute, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) != null;
        return new PrivateDirectory(absolute, role, attributes.fileKey(), posix);
    }

    /**
     * What is wrong with {@code directory} as a private directory of {@code uid}, as the end of a
     * sentence that starts with the role and the directory's name; null when nothing is.
     *
     * @param directory the directory
     * @param uid the user who must own it
     * @param role what the directory is for, to word the problem
     * @return the problem, or null
     * @throws IOException if the directory's attributes cannot be read (other than its absence)
     */
    public static String problem(Path directory, long uid, Role role) throws IOException {
        BasicFileAttributes basic;
        try {
            basic = Files.readAttributes(directory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            return "does not exist: create it, or " + role.alternative();
        } catch (IOException unreadable) {
            throw new IOException("cannot check " + role.name() + " " + directory + ": " + describe(unreadable)
                    + ": check the path, or " + role.alternative(), unreadable);
        }
        if (basic.isSymbolicLink()) {
            return "is a symbolic link; localipc needs a real directory so that nobody can redirect " + role.protects()
                    + ": remove the link, or " + role.alternative();
        }
        if (!basic.isDirectory()) {
            return "exists but is not a directory: remove it, or " + role.alternative();
        }
        if (Files.getFileAttributeView(directory, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) == null) {
            return null;
        }
        long owner = ((Number) Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        if (owner != uid) {
            return "is owned by uid " + owner + ", not by the current user (uid " + uid + "): remove it, or "
                    + role.alternative();
        }
        Set<PosixFilePermission> permissions =
                Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
        if (!permissions.equals(OWNER_ONLY)) {
            return "has mode " + octal(permissions) + " (" + PosixFilePermissions.toString(permissions)
                    + ") but must be 0700 so that no other user can reach " + role.protects() + ": run chmod 700 " + directory;
        }
        return null;
    }

    /** {@return the directory} */
    public Path path() {
        return path;
    }

    /**
     * Replaces (or creates) the file {@code name} with {@code content}, atomically: a new 0600
     * temporary file is written through its own descriptor, flushed to disk, and renamed over
     * {@code name}. A reader sees the old content or the new, never a part.
     *
     * @param name a plain file name (no separator, not "." or "..")
     * @param content the file's new content
     * @throws IOException naming the file
     */
    public void write(String name, byte[] content) throws IOException {
        Path file = plainName(name);
        Path temporary = Path.of("." + name + "." + HexFormat.of().formatHex(randomBytes()) + ".tmp");
        try (Opened directory = openDirectory()) {
            try (SeekableByteChannel channel = directory.newFile(temporary)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (channel instanceof java.nio.channels.FileChannel) {
                    ((java.nio.channels.FileChannel) channel).force(true);
                }
            } catch (IOException | RuntimeException failed) {
                directory.deleteQuietly(temporary, failed);
                throw failed;
            }
            try {
                directory.rename(temporary, file);
            } catch (IOException | RuntimeException failed) {
                directory.deleteQuietly(temporary, failed);
                throw failed;
            }
        } catch (IOException failed) {
            throw new IOException("cannot write " + path.resolve(file) + ": " + describe(failed)
                    + ": check that " + role.name() + " " + path + " is writable by the current user", failed);
        }
    }

    /**
     * Reads the file {@code name}, if there is one. A symbolic link, a directory or any other
     * non-regular file is refused, not followed.
     *
     * @param name a plain file name (no separator, not "." or "..")
     * @param maxBytes the largest content accepted
     * @return the content, or empty when there is no such file
     * @throws IOException naming the file when it is not a regular file, is larger than {@code maxBytes},
     *     or cannot be read
     */
    public Optional<byte[]> read(String name, int maxBytes) throws IOException {
        Path file = plainName(name);
        try (Opened directory = openDirectory()) {
            BasicFileAttributes attributes;
            try {
                attributes = directory.attributes(file);
            } catch (NoSuchFileException absent) {
                return Optional.empty();
            }
            if (attributes.isSymbolicLink()) {
                throw new IOException(path.resolve(file) + " is a symbolic link; files in " + role.name() + " " + path
                        + " are never followed elsewhere: remove the link");
            }
            if (!attributes.isRegularFile()) {
                throw new IOException(path.resolve(file) + " is not a regular file: remove it");
            }
            if (attributes.size() > maxBytes) {
                throw new IOException(path.resolve(file) + " is " + attributes.size() + " bytes, more than the "
                        + maxBytes + " accepted: move it away or delete it");
            }
            try (SeekableByteChannel channel = directory.openForReading(file)) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(maxBytes + 1L, Math.max(attributes.size() + 1, 64)));
                while (channel.read(buffer) > 0) {
                    if (!buffer.hasRemaining()) {
                        if (buffer.capacity() > maxBytes) {
                            throw new IOException(path.resolve(file) + " grew past " + maxBytes
                                    + " bytes while it was read: move it away or delete it");
                        }
                        ByteBuffer larger = ByteBuffer.allocate((int) Math.min(maxBytes + 1L, buffer.capacity() * 2L));
                        buffer.flip();
                        buffer = larger.put(buffer);
                    }
                }
                byte[] content = new byte[buffer.position()];
                buffer.flip().get(content);
                return Optional.of(content);
            }
        }
    }

    /**
     * The names of the entries of the directory that end with {@code suffix}, in no set order.
     *
     * @param suffix the end of the names wanted ("" for all)
     * @return the names
     * @throws IOException if the directory cannot be listed
     */
    public List<String> names(String suffix) throws IOException {
        List<String> names = new ArrayList<>();
        try (Opened directory = openDirectory()) {
            for (Path entry : directory.stream) {
                String name = entry.getFileName().toString();
                if (name.endsWith(suffix)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /**
     * Deletes the file {@code name} (a symbolic link itself, never its target); nothing if absent.
     *
     * @param name a plain file name (no separator, not "." or "..")
     * @throws IOException naming the file when it cannot be deleted
     */
    public void delete(String name) throws IOException {
        Path file = plainName(name);
        try (Opened directory = openDirectory()) {
            directory.delete(file);
        } catch (NoSuchFileException absent) {
            // already gone: the caller asked for its absence
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }

    // ---------------------------------------------------------------- the opened directory

    /** The directory opened for one operation: through its descriptor where the platform allows. */
    private Opened openDirectory() throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(path);
        try {
            if (stream instanceof SecureDirectoryStream) {
                SecureDirectoryStream<Path> secure = (SecureDirectoryStream<Path>) stream;
                Object key = secure.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
                if (fileKey != null && !fileKey.equals(key)) {
                    throw new IOException(role.name() + " " + path + " was replaced by another directory after it was"
                            + " checked; refusing to use it: check who else can write to its parent");
                }
                return new Opened(stream, secure);
            }
            return new Opened(stream, null);
        } catch (IOException | RuntimeException failed) {
            stream.close();
            throw failed;
        }
    }

    private final class Opened implements AutoCloseable {
        final DirectoryStream<Path> stream;
        private final SecureDirectoryStream<Path> secure;

        Opened(DirectoryStream<Path> stream, SecureDirectoryStream<Path> secure) {
            this.stream = stream;
            this.secure = secure;
        }

        SeekableByteChannel newFile(Path name) throws IOException {
            Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            FileAttribute<?>[] attributes = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
                    : new FileAttribute<?>[0];
            return secure != null ? secure.newByteChannel(name, options, attributes)
                    : Files.newByteChannel(path.resolve(name), options, attributes);
        }

        SeekableByteChannel openForReading(Path name) throws IOException {
            Set<OpenOption> options = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            return secure != null ? secure.newByteChannel(name, options) : Files.newByteChannel(path.resolve(name), options);
        }

        BasicFileAttributes attributes(Path name) throws IOException {
            return secure != null
                    ? secure.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes()
                    : Files.readAttributes(path.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }

        void rename(Path from, Path to) throws IOException {
            if (secure != null) {
                secure.move(from, secure, to);
            } else {
                Files.move(path.resolve(from), path.resolve(to), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        }

        void delete(Path name) throws IOException {
            if (secure != null) {
                secure.deleteFile(name);
            } else {
                Files.delete(path.resolve(name));
            }
        }

        void deleteQuietly(Path name, Exception cause) {
            try {
                delete(name);
            } catch (NoSuchFileException gone) {
                // nothing to clean up
            } catch (IOException | RuntimeException failed) {
                cause.addSuppressed(failed);
            }
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void createOwnerOnly(Path directory) throws IOException {
        try {
            if (Files.getFileStore(existingAncestor(directory)).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                // The umask may have taken bits away, never added: 0700 stays 0700 unless it is 0077 or stricter.
                Files.setPosixFilePermissions(directory, OWNER_ONLY);
            } else {
                Files.createDirectory(directory);
            }
        } catch (FileAlreadyExistsException raced) {
            // another process made it at the same moment; the checks that follow decide
        }
    }

    private static Path existingAncestor(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? path.getRoot() : existing;
    }

    private static Path plainName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("\"" + name + "\" is not a plain file name: give a name without a path");
        }
        return Path.of(name);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /**
     * The permissions as an octal mode: {@code 0755} for rwxr-xr-x.
     *
     * @param permissions the permissions
     * @return four octal digits
     */
    public static String octal(Set<PosixFilePermission> permissions) {

        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }

    private static String describe(IOException failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
