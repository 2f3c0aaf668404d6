package dev.localipc.examples.tasks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.sun.security.auth.module.UnixSystem;
import dev.localipc.api.PrivateDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task runner's history on disk: one JSON file per task, {@code <dataDir>/<taskId>.json}.
 * The data directory is a {@link PrivateDirectory}: created 0700 if missing, and refused when it
 * is a symbolic link, another user's, or open to other users (a task's text and messages are
 * its owner's business, and nobody else may swap its files). Each file is written atomically
 * through the directory's own descriptor (a new 0600 temporary file, renamed over the old one),
 * so a crash leaves either the old or the new version, and no path is ever reopened; a task
 * file that is a symbolic link is refused, not followed.
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
    /** The largest task file read back (a task's messages are bounded well below this). */
    public static final int MAX_FILE_BYTES = 64 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(TaskStore.class);
    private static final Pattern TASK_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String SUFFIX = ".json";
    private static final PrivateDirectory.Role ROLE = PrivateDirectory.Role.of("task data directory", "the task files",
            "pass --data a directory of your own");

    private final PrivateDirectory directory;
    private final Gson gson = new GsonBuilder().setPrettyPrinting().create();

    /**
     * Opens the data directory, creating it with mode 0700 if it does not exist.
     *
     * @throws IOException naming the directory, what is wrong with it (not a directory, a symbolic
     *     link, its owner, its mode) and how to fix it
     */
    public TaskStore(Path directory) throws IOException {
        this.directory = PrivateDirectory.open(Objects.requireNonNull(directory, "directory"), currentUid(), ROLE);
    }

    /** The data directory. */
    public Path directory() {
        return directory.path();
    }

    /** Whether {@code taskId} has the form of a task id (a lowercase UUID), so it is safe as a file name. */
    public static boolean isTaskId(String taskId) {
        return taskId != null && TASK_ID.matcher(taskId).matches();
    }

    /** The file that holds the task {@code taskId}. */
    public Path file(String taskId) {
        return directory.path().resolve(fileName(taskId));
    }

    private static String fileName(String taskId) {
        if (!isTaskId(taskId)) {
            throw new IllegalArgumentException("taskId \"" + taskId + "\" is not a task id: expected a lowercase UUID"
                    + " such as 3f2b8c1e-9a7d-4e6f-8b1a-2c3d4e5f6a7b, as StartNewTask returns");
        }
        return taskId + SUFFIX;
    }

    /**
     * Writes the task's file atomically.
     *
     * @throws IOException naming the file
     */
    public void save(TaskSnapshot task) throws IOException {
        directory.write(fileName(task.taskId()), gson.toJson(task).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the task's file, if there is one.
     *
     * @throws IOException naming the file if it exists but is not a regular file, cannot be read or parsed
     */
    public Optional<TaskSnapshot> load(String taskId) throws IOException {
        Optional<byte[]> content = directory.read(fileName(taskId), MAX_FILE_BYTES);
        if (content.isEmpty()) {
            return Optional.empty();
        }
        Path source = file(taskId);
        try {
            TaskSnapshot task = gson.fromJson(new String(content.get(), StandardCharsets.UTF_8), TaskSnapshot.class);
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
        for (String name : directory.names(SUFFIX)) {
            String taskId = name.substring(0, name.length() - SUFFIX.length());
            if (!isTaskId(taskId)) {
                LOG.warn("ignoring {}: its name is not <taskId>.json", directory.path().resolve(name));
                continue;
            }
            try {
                load(taskId).ifPresent(tasks::add);
            } catch (IOException unreadable) {
                LOG.warn("skipping task file {}: {}", directory.path().resolve(name), unreadable.getMessage());
                LOG.debug("task file {} is unreadable", name, unreadable);
            }
        }
        return tasks;
    }

    /** The current user's uid where the file system has POSIX owners; -1 elsewhere (Windows), where it is not checked. */
    private static long currentUid() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("unix") ? new UnixSystem().getUid() : -1;
    }
}
