package dev.localipc.examples.tasks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.localipc.api.spi.VirtualThreads;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs simulated agent tasks: each task streams one message per step, then completes. Every
 * change is written to the {@link TaskStore} before its {@link TaskEvent} goes to the listener,
 * so a task found in an event is always on disk, and {@link #resume} continues a task after a
 * restart of the server.
 *
 * <pre>{@code
 * try (TaskRunner runner = new TaskRunner(new TaskStore(dataDir), Duration.ofMillis(200), Clock.systemUTC(),
 *         event -> System.out.println(event))) {
 *     String taskId = runner.start(new StartNewTask("Say hello", null, null, null), "me");
 * }
 * }</pre>
 *
 * <p>Thread-safe: commands and steps hold the runner's lock, and the listener is called under it,
 * so listeners see each task's events in order. Listeners must be quick.
 */
public final class TaskRunner implements AutoCloseable {
    /** Default number of steps of a task. */
    public static final int DEFAULT_STEPS = 4;
    /** The most steps a task may have. */
    public static final int MAX_STEPS = 1000;
    /** The longest task text accepted, in characters. */
    public static final int MAX_TEXT = 100_000;
    /** The most images a task may carry. */
    public static final int MAX_IMAGES = 20;

    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    private static final String[] ACTIVITIES = {
        "Looking at the workspace", "Planning the change", "Editing the files", "Running the tests",
        "Reviewing the diff", "Updating the docs"};

    private final TaskStore store;
    private final Duration defaultStep;
    private final Clock clock;
    private final Consumer<TaskEvent> listener;
    private final ScheduledExecutorService scheduler;
    private final Map<String, TaskSnapshot> tasks = new HashMap<>();
    private final Map<String, ScheduledFuture<?>> running = new HashMap<>();
    private boolean closed;

    /**
     * Loads the history from {@code store}. Tasks that were RUNNING when the previous server
     * stopped without closing the runner become PAUSED, so ResumeTask can continue them.
     *
     * @param defaultStep the pause between steps when a task's configuration gives no {@code stepMs}
     * @throws IOException if the data directory cannot be listed or a paused task cannot be saved
     */
    public TaskRunner(TaskStore store, Duration defaultStep, Clock clock, Consumer<TaskEvent> listener) throws IOException {
        this.store = Objects.requireNonNull(store, "store");
        this.defaultStep = Objects.requireNonNull(defaultStep, "defaultStep");
        if (defaultStep.toMillis() < 1) {
            throw new IllegalArgumentException("step " + defaultStep + " is too short: use at least 1 ms");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        for (TaskSnapshot task : store.loadAll()) {
            if (task.status() == TaskStatus.RUNNING || task.status() == TaskStatus.CREATED) {
                task = update(task, TaskStatus.PAUSED, task.closed(), task.progress(), task.abortAtStep(),
                        "the server stopped while the task ran; ResumeTask continues it", task.messages());
                store.save(task);
            }
            tasks.put(task.taskId(), task);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(VirtualThreads.platformFactory("localipc-tasks-"));
    }

    /** Every known task (open and closed, from this run and earlier ones), oldest first. */
    public synchronized List<TaskSummary> tasks() {
        List<TaskSummary> list = new ArrayList<>();
        tasks.values().stream().sorted(Comparator.comparingLong(TaskSnapshot::createdAt).thenComparing(TaskSnapshot::taskId))
                .forEach(task -> list.add(task.summary()));
        return list;
    }

    /**
     * One task with its history.
     *
     * @throws TaskException {@link TaskException#UNKNOWN_TASK} if no task has this id
     */
    public synchronized TaskSnapshot task(String taskId) throws TaskException {
        return find(taskId);
    }

    /**
     * Creates a task and starts it; events TaskCreated, TaskStarted and the first Message follow.
     *
     * @return the new task's id
     * @throws IllegalArgumentException naming the field, if the parameters are invalid
     * @throws TaskException {@link TaskException#STORAGE} if the task cannot be saved
     */
    public synchronized String start(StartNewTask request, String who) throws TaskException {
        checkOpen();
        if (request == null) {
            throw new IllegalArgumentException("params: expected an object such as {\"text\": \"what to do\"}");
        }
        if (request.text() == null || request.text().isBlank()) {
            throw new IllegalArgumentException("text: must be a non-empty string saying what the task should do");
        }
        if (request.text().length() > MAX_TEXT) {
            throw new IllegalArgumentException("text: " + request.text().length() + " characters is over the limit of " + MAX_TEXT);
        }
        List<String> images = request.images() == null ? List.of() : request.images();
        if (images.size() > MAX_IMAGES) {
            throw new IllegalArgumentException("images: " + images.size() + " images is over the limit of " + MAX_IMAGES);
        }
        if (images.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("images: must be an array of strings, without null");
        }
        JsonObject configuration = request.configuration() == null ? new JsonObject() : request.configuration();
        int steps = intSetting(configuration, "steps", 1, MAX_STEPS, DEFAULT_STEPS);
        long stepMs = configuration.has("stepMs") ? intSetting(configuration, "stepMs", 10, 60_000, 0)
                : defaultStep.toMillis();
        int abortAtStep = intSetting(configuration, "abortAtStep", 1, steps, 0);

        String taskId = UUID.randomUUID().toString();
        long now = clock.millis();
        TaskMessage prompt = new TaskMessage(0, now, "user", "prompt",
                request.text() + (images.isEmpty() ? "" : " [" + images.size() + " image(s)]"));
        TaskSnapshot task = new TaskSnapshot(TaskStore.FORMAT_VERSION, taskId, request.text(), images, configuration,
                Boolean.TRUE.equals(request.newTab()), TaskStatus.CREATED, false, steps, stepMs, abortAtStep, 0,
                "StartNewTask by " + who, who, now, now, List.of(prompt));
        save(task);
        emit(new TaskEvent(TaskEventType.TaskCreated, taskId, now, TaskStatus.CREATED, null, task.reason()));
        emit(new TaskEvent(TaskEventType.Message, taskId, now, TaskStatus.CREATED, prompt, null));
        task = update(task, TaskStatus.RUNNING, false, 0, abortAtStep, "started", task.messages());
        save(task);
        emit(new TaskEvent(TaskEventType.TaskStarted, taskId, task.updatedAt(), TaskStatus.RUNNING, null, null));
        schedule(task);
        return taskId;
    }

    /**
     * Cancels a running or paused task: it becomes ABORTED (ResumeTask can continue it later).
     *
     * @throws TaskException if the task is unknown, or is CREATED, COMPLETED or already ABORTED
     */
    public synchronized TaskSnapshot cancel(String taskId, String who) throws TaskException {
        checkOpen();
        TaskSnapshot task = find(taskId);
        if (task.status() != TaskStatus.RUNNING && task.status() != TaskStatus.PAUSED) {
            throw new TaskException(TaskException.NOT_ALLOWED, "cannot cancel task " + taskId + ": it is "
                    + task.status() + "; only a RUNNING or PAUSED task can be cancelled");
        }
        return abort(task, "CancelTask by " + who);
    }

    /**
     * Closes a task; a running one is aborted first (TaskAborted, then TaskClosed).
     *
     * @throws TaskException if the task is unknown or already closed
     */
    public synchronized TaskSnapshot close(String taskId, String who) throws TaskException {
        checkOpen();
        TaskSnapshot task = find(taskId);
        if (task.closed()) {
            throw new TaskException(TaskException.NOT_ALLOWED, "cannot close task " + taskId
                    + ": it is already closed; ResumeTask reopens a task that is not COMPLETED");
        }
        if (task.status() == TaskStatus.RUNNING) {
            task = abort(task, "CloseTask by " + who + " while the task ran");
        }
        task = update(task, task.status(), true, task.progress(), task.abortAtStep(), "CloseTask by " + who, task.messages());
        save(task);
        emit(new TaskEvent(TaskEventType.TaskClosed, taskId, task.updatedAt(), task.status(), null, task.reason()));
        return task;
    }

    /**
     * Continues a PAUSED or ABORTED task where it stopped (reopening it if it was closed).
     *
     * @throws TaskException if the task is unknown, RUNNING, CREATED or COMPLETED
     */
    public synchronized TaskSnapshot resume(String taskId, String who) throws TaskException {
        checkOpen();
        TaskSnapshot task = find(taskId);
        if (!task.status().isResumable()) {
            String hint = task.status() == TaskStatus.COMPLETED ? "it has nothing left to do; start a new task"
                    : "only a PAUSED or ABORTED task can be resumed";
            throw new TaskException(TaskException.NOT_ALLOWED, "cannot resume task " + taskId + ": it is "
                    + task.status() + "; " + hint);
        }
        String reason = "ResumeTask by " + who + ": continuing after step " + task.progress() + " of " + task.steps();
        TaskMessage note = message(task, "assistant", "text",
                "Resuming where I left off: " + task.progress() + " of " + task.steps() + " steps are done.");
        task = update(task, TaskStatus.RUNNING, false, task.progress(), task.abortAtStep(), reason, append(task, note));
        save(task);
        emit(new TaskEvent(TaskEventType.TaskResumed, taskId, task.updatedAt(), TaskStatus.RUNNING, null, reason));
        emit(new TaskEvent(TaskEventType.Message, taskId, note.ts(), TaskStatus.RUNNING, note, null));
        schedule(task);
        return task;
    }

    /**
     * Adds a user's message to a task's history; the agent acknowledges it at once.
     *
     * @throws IllegalArgumentException if the text is empty or too long
     * @throws TaskException if the task is unknown, closed or COMPLETED
     */
    public synchronized TaskSnapshot sendMessage(String taskId, String text, String who) throws TaskException {
        checkOpen();
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text: must be a non-empty string");
        }
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("text: " + text.length() + " characters is over the limit of " + MAX_TEXT);
        }
        TaskSnapshot task = find(taskId);
        if (task.closed() || task.status() == TaskStatus.COMPLETED) {
            throw new TaskException(TaskException.NOT_ALLOWED, "cannot send a message to task " + taskId + ": it is "
                    + (task.closed() ? "closed; ResumeTask reopens it" : "COMPLETED; start a new task"));
        }
        TaskMessage reply = message(task, "user", "reply", text);
        List<TaskMessage> history = append(task, reply);
        TaskSnapshot withReply = update(task, task.status(), false, task.progress(), task.abortAtStep(), task.reason(), history);
        TaskMessage ack = message(withReply, "assistant", "text", "Noted (from " + who + "): " + text);
        task = update(withReply, task.status(), false, task.progress(), task.abortAtStep(), task.reason(),
                append(withReply, ack));
        save(task);
        emit(new TaskEvent(TaskEventType.Message, taskId, reply.ts(), task.status(), reply, null));
        emit(new TaskEvent(TaskEventType.Message, taskId, ack.ts(), task.status(), ack, null));
        return task;
    }

    /**
     * Stops the runner: running tasks become PAUSED (event TaskPaused) and are saved, so the next
     * server can resume them. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (String taskId : new ArrayList<>(running.keySet())) {
                TaskSnapshot task = tasks.get(taskId);
                stopSchedule(taskId);
                TaskSnapshot paused = update(task, TaskStatus.PAUSED, task.closed(), task.progress(), task.abortAtStep(),
                        "the server is shutting down; ResumeTask continues the task", task.messages());
                try {
                    save(paused);
                    emit(new TaskEvent(TaskEventType.TaskPaused, taskId, paused.updatedAt(), TaskStatus.PAUSED, null,
                            paused.reason()));
                } catch (TaskException unsaved) {
                    LOG.error("task {} could not be saved as PAUSED; after a restart it will be PAUSED from its last"
                            + " saved step", taskId, unsaved);
                }
            }
        }
        scheduler.shutdownNow();
    }

    private void step(String taskId) {
        synchronized (this) {
            TaskSnapshot task = tasks.get(taskId);
            if (closed || task == null || task.status() != TaskStatus.RUNNING || !running.containsKey(taskId)) {
                return;
            }
            try {
                int next = task.progress() + 1;
                if (next == task.abortAtStep()) {
                    TaskMessage giveUp = message(task, "assistant", "text",
                            "I cannot finish step " + next + " of " + task.steps() + "; giving up (simulated failure).");
                    task = update(task, task.status(), task.closed(), task.progress(), 0, task.reason(), append(task, giveUp));
                    save(task);
                    emit(new TaskEvent(TaskEventType.Message, taskId, giveUp.ts(), TaskStatus.RUNNING, giveUp, null));
                    abort(task, "the agent gave up at step " + next + " of " + task.steps());
                } else if (next == task.steps()) {
                    TaskMessage done = message(task, "assistant", "completion", "Done: " + summarise(task.text())
                            + " (" + task.steps() + " steps).");
                    stopSchedule(taskId);
                    task = update(task, TaskStatus.COMPLETED, task.closed(), next, task.abortAtStep(),
                            "all " + task.steps() + " steps are done", append(task, done));
                    save(task);
                    emit(new TaskEvent(TaskEventType.Message, taskId, done.ts(), TaskStatus.COMPLETED, done, null));
                    emit(new TaskEvent(TaskEventType.TaskCompleted, taskId, task.updatedAt(), TaskStatus.COMPLETED, null,
                            task.reason()));
                } else {
                    TaskMessage said = message(task, "assistant", "text",
                            ACTIVITIES[(next - 1) % ACTIVITIES.length] + " (step " + next + " of " + task.steps() + ")");
                    task = update(task, TaskStatus.RUNNING, task.closed(), next, task.abortAtStep(), task.reason(),
                            append(task, said));
                    save(task);
                    emit(new TaskEvent(TaskEventType.Message, taskId, said.ts(), TaskStatus.RUNNING, said, null));
                }
            } catch (TaskException | RuntimeException failure) {
                LOG.error("task {}: step failed; the task is aborted", taskId, failure);
                try {
                    abort(tasks.get(taskId), "the step failed: " + failure.getMessage());
                } catch (TaskException unsaved) {
                    LOG.error("task {} could not be saved as ABORTED", taskId, unsaved);
                }
            }
        }
    }

    private TaskSnapshot abort(TaskSnapshot task, String reason) throws TaskException {
        stopSchedule(task.taskId());
        TaskSnapshot aborted = update(task, TaskStatus.ABORTED, task.closed(), task.progress(), task.abortAtStep(), reason,
                task.messages());
        save(aborted);
        emit(new TaskEvent(TaskEventType.TaskAborted, task.taskId(), aborted.updatedAt(), TaskStatus.ABORTED, null, reason));
        return aborted;
    }

    private void schedule(TaskSnapshot task) {
        String taskId = task.taskId();
        ScheduledFuture<?> future = scheduler.scheduleWithFixedDelay(() -> step(taskId), task.stepMs(), task.stepMs(),
                TimeUnit.MILLISECONDS);
        running.put(taskId, future);
    }

    private void stopSchedule(String taskId) {
        ScheduledFuture<?> future = running.remove(taskId);
        if (future != null) {
            future.cancel(false);
        }
    }

    private TaskSnapshot find(String taskId) throws TaskException {
        if (!TaskStore.isTaskId(taskId)) {
            throw new IllegalArgumentException("taskId: \"" + taskId + "\" is not a task id; expected a lowercase UUID"
                    + " as returned by StartNewTask (GetTasks lists them)");
        }
        TaskSnapshot task = tasks.get(taskId);
        if (task == null) {
            try {
                task = store.load(taskId).orElse(null);
            } catch (IOException unreadable) {
                throw new TaskException(TaskException.STORAGE, "task " + taskId + " cannot be read: "
                        + unreadable.getMessage(), unreadable);
            }
            if (task == null) {
                throw new TaskException(TaskException.UNKNOWN_TASK, "no task " + taskId + " in " + store.directory()
                        + "; GetTasks lists the known tasks");
            }
            tasks.put(taskId, task);
        }
        return task;
    }

    private void save(TaskSnapshot task) throws TaskException {
        try {
            store.save(task);
        } catch (IOException failure) {
            throw new TaskException(TaskException.STORAGE, "task " + task.taskId() + " cannot be saved in "
                    + store.directory() + ": " + failure.getMessage(), failure);
        }
        tasks.put(task.taskId(), task);
    }

    private void emit(TaskEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException failure) {
            LOG.error("task event listener failed on {}", event, failure);
        }
    }

    private void checkOpen() throws TaskException {
        if (closed) {
            throw new TaskException(TaskException.NOT_ALLOWED, "the task runner is shutting down; try again after it restarts");
        }
    }

    private TaskMessage message(TaskSnapshot task, String role, String kind, String text) {
        return new TaskMessage(task.messages().size(), clock.millis(), role, kind, text);
    }

    private static List<TaskMessage> append(TaskSnapshot task, TaskMessage message) {
        List<TaskMessage> history = new ArrayList<>(task.messages());
        history.add(message);
        return history;
    }

    private TaskSnapshot update(TaskSnapshot task, TaskStatus status, boolean closedFlag, int progress, int abortAtStep,
                                String reason, List<TaskMessage> messages) {
        return new TaskSnapshot(task.formatVersion(), task.taskId(), task.text(), task.images(), task.configuration(),
                task.newTab(), status, closedFlag, task.steps(), task.stepMs(), abortAtStep, progress, reason,
                task.createdBy(), task.createdAt(), clock.millis(), messages);
    }

    private static String summarise(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }

    private static int intSetting(JsonObject configuration, String key, int min, int max, int fallback) {
        JsonElement value = configuration.get(key);
        if (value == null || value.isJsonNull()) {
            return fallback;
        }
        if (value.isJsonPrimitive() && ((JsonPrimitive) value).isNumber()) {
            double number = value.getAsDouble();
            if (number == Math.rint(number) && number >= min && number <= max) {
                return (int) number;
            }
        }
        throw new IllegalArgumentException("configuration." + key + ": must be an integer from " + min + " to " + max
                + "; got " + value);
    }
}
