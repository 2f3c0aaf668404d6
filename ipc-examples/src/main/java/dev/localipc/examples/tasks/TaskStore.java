package dev.localipc.examples.tasks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task runner's history on disk: one JSON file per task, {@code <dataDir>/<taskId>.json},
 * each written atomically (a temporary file renamed over the old one), so a crash leaves either
 * the old or the new version. On Linux and macOS the directory is created 0700 and the files are
 * 0600: a task's text and messages are its owner's business.
 *
 * <pre>{@code
 * TaskStore store = new TaskStore(Path.of("/home/me/.local/share/localipc/tasks"));
 * store.save(snapshot);
 * Optional<TaskSnapshot> again = store.load(snapshot.taskId());
 * }</pre>
 *
 * <p>Thread-safe for different tasks; the {@link TaskRunner} serialises writes of one task.
 */
public final class TaskStore {
    /** The {@link TaskSnapshot#formatVersion()} this class writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(TaskStore.class);
    private static final Pattern TASK_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String SUFFIX = ".json";

    private final Path directory;
    private final Gson gson = new GsonBuilder().setPrettyPrinting().create();

    /**
     * Opens (and creates if needed) the data directory.
     *
     * @throws IOException naming the directory if it cannot be created or is not a directory
     */
    public TaskStore(Path directory) throws IOException {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
        if (!Files.isDirectory(this.directory)) {
            try {
                if (Files.getFileStore(existingParent(this.directory)).supportsFileAttributeView(PosixFileAttributeView.class)) {
                    Files.createDirectories(this.directory,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(this.directory);
                }
            } catch (FileAlreadyExistsException notADirectory) {
                throw new IOException("task data directory " + this.directory
                        + " exists but is not a directory: remove it or pass another --data directory", notADirectory);
            }
        }
    }

    /** The data directory. */
    public Path directory() {
        return directory;
    }

    /** Whether {@code taskId} has the form of a task id (a lowercase UUID), so it is safe as a file name. */
    public static boolean isTaskId(String taskId) {
        return taskId != null && TASK_ID.matcher(taskId).matches();
    }

    /** The file that holds the task {@code taskId}. */
    public Path file(String taskId) {
        if (!isTaskId(taskId)) {
            throw new IllegalArgumentException("taskId \"" + taskId + "\" is not a task id: expected a lowercase UUID"
                    + " such as 3f2b8c1e-9a7d-4e6f-8b1a-2c3d4e5f6a7b, as StartNewTask returns");
        }
        return directory.resolve(taskId + SUFFIX);
    }

    /**
     * Writes the task's file atomically.
     *
     * @throws IOException naming the file
     */
    public void save(TaskSnapshot task) throws IOException {
        Path target = file(task.taskId());
        Path temporary = directory.resolve("." + task.taskId() + ".tmp");
        createPrivate(temporary);
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            gson.toJson(task, writer);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException notAtomic) {
            LOG.debug("atomic move unsupported in {}; replacing {} non-atomically", directory, target, notAtomic);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Reads the task's file, if there is one.
     *
     * @throws IOException naming the file if it exists but cannot be read or parsed
     */
    public Optional<TaskSnapshot> load(String taskId) throws IOException {
        Path source = file(taskId);
        String json;
        try {
            json = Files.readString(source, StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        try {
            TaskSnapshot task = gson.fromJson(json, TaskSnapshot.class);
            if (task == null || task.formatVersion() != FORMAT_VERSION || !taskId.equals(task.taskId())
                    || task.status() == null) {
                throw new IOException("task file " + source + " is not a version " + FORMAT_VERSION
                        + " task file for task " + taskId + ": move it away or delete it");
            }
            return Optional.of(task);
        } catch (JsonParseException malformed) {
            throw new IOException("task file " + source + " is not valid JSON (" + malformed.getMessage()
                    + "): move it away or delete it", malformed);
        }
    }

    /**
     * Reads every task file in the directory. A file that cannot be read is logged and skipped
     * (the rest of the history stays usable).
     */
    public List<TaskSnapshot> loadAll() throws IOException {
        List<TaskSnapshot> tasks = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String taskId = name.substring(0, name.length() - SUFFIX.length());
                if (!isTaskId(taskId)) {
                    LOG.warn("ignoring {}: its name is not <taskId>.json", file);
                    continue;
                }
                try {
                    load(taskId).ifPresent(tasks::add);
                } catch (IOException unreadable) {
                    LOG.warn("skipping task file {}: {}", file, unreadable.getMessage());
                    LOG.debug("task file {} is unreadable", file, unreadable);
                }
            }
        }
        return tasks;
    }

    /** Creates an empty file readable by its owner only (before any content is written). */
    private void createPrivate(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (Files.getFileAttributeView(directory, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) != null) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    private static Path existingParent(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? path.getRoot() : existing;
    }
}
