package dev.localipc.examples.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class TaskRunnerTest {
    @TempDir
    Path data;

    private final LinkedBlockingQueue<TaskEvent> events = new LinkedBlockingQueue<>();
    private final List<TaskRunner> runners = new ArrayList<>();

    @AfterEach
    void closeRunners() {
        runners.forEach(TaskRunner::close);
    }

    private TaskRunner runner() throws Exception {
        TaskRunner runner = new TaskRunner(new TaskStore(data), Duration.ofMillis(10), Clock.systemUTC(), events::add);
        runners.add(runner);
        return runner;
    }

    private static JsonObject config(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    private TaskEvent next() throws InterruptedException {
        TaskEvent event = events.poll(20, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no task event within 20 s");
        }
        return event;
    }

    private List<TaskEvent> until(TaskEventType last) throws InterruptedException {
        List<TaskEvent> seen = new ArrayList<>();
        TaskEvent event;
        do {
            event = next();
            seen.add(event);
        } while (event.type() != last);
        return seen;
    }

    private static TaskEvent last(List<TaskEvent> events) {
        return events.get(events.size() - 1);
    }

    private static String types(List<TaskEvent> events) {
        return events.stream().map(e -> e.type().name()).collect(Collectors.joining(","));
    }

    @Test
    void aTaskStreamsOneMessagePerStepThenCompletesAndIsSaved() throws Exception {
        TaskRunner runner = runner();
        String id = runner.start(new StartNewTask("Refactor the parser", List.of("data:image/png;base64,AA=="),
                config("{\"steps\":3,\"theme\":\"dark\"}"), true), "c1");
        assertTrue(TaskStore.isTaskId(id), id);

        List<TaskEvent> seen = until(TaskEventType.TaskCompleted);
        assertEquals("TaskCreated,Message,TaskStarted,Message,Message,Message,TaskCompleted", types(seen));
        seen.forEach(e -> assertEquals(id, e.taskId()));
        assertEquals("Refactor the parser [1 image(s)]", seen.get(1).message().text());
        assertEquals("Looking at the workspace (step 1 of 3)", seen.get(3).message().text());
        assertEquals("Done: Refactor the parser (3 steps).", seen.get(5).message().text());
        assertEquals("completion", seen.get(5).message().kind());

        TaskSnapshot task = runner.task(id);
        assertEquals(TaskStatus.COMPLETED, task.status());
        assertEquals(3, task.progress());
        assertEquals(4, task.messages().size());
        assertEquals("dark", task.configuration().get("theme").getAsString());
        assertTrue(task.newTab());
        assertEquals(task, new TaskStore(data).load(id).orElseThrow(), "the file holds what the runner holds");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void taskFilesAreReadableByTheOwnerOnly() throws Exception {
        Path dir = data.resolve("fresh");
        TaskRunner runner = new TaskRunner(new TaskStore(dir), Duration.ofMillis(10), Clock.systemUTC(), events::add);
        runners.add(runner);
        String id = runner.start(new StartNewTask("x", null, config("{\"steps\":1}"), null), "c");
        until(TaskEventType.TaskCompleted);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(id + ".json"))));
    }

    @Test
    void cancelAbortsAndResumeContinuesWhereItStopped() throws Exception {
        TaskRunner runner = runner();
        String id = runner.start(new StartNewTask("Long job", null, config("{\"steps\":1000,\"stepMs\":10}"), null), "c1");
        until(TaskEventType.TaskStarted);
        next(); // one step done
        TaskSnapshot aborted = runner.cancel(id, "c2");
        assertEquals(TaskStatus.ABORTED, aborted.status());
        assertEquals("CancelTask by c2", aborted.reason());
        TaskEvent abortEvent = last(until(TaskEventType.TaskAborted));
        assertEquals("CancelTask by c2", abortEvent.reason());

        TaskException again = assertThrows(TaskException.class, () -> runner.cancel(id, "c2"));
        assertEquals(TaskException.NOT_ALLOWED, again.code());
        assertEquals("cannot cancel task " + id + ": it is ABORTED; only a RUNNING or PAUSED task can be cancelled",
                again.getMessage());

        int done = runner.task(id).progress();
        TaskSnapshot resumed = runner.resume(id, "c3");
        assertEquals(TaskStatus.RUNNING, resumed.status());
        assertEquals("ResumeTask by c3: continuing after step " + done + " of 1000", resumed.reason());
        TaskEvent resumedEvent = next();
        assertEquals(TaskEventType.TaskResumed, resumedEvent.type());
        assertEquals("Resuming where I left off: " + done + " of 1000 steps are done.", next().message().text());
        assertEquals("step " + (done + 1) + " of 1000", tail(next().message().text()));
        runner.cancel(id, "c3");
    }

    private static String tail(String text) {
        return text.substring(text.indexOf('(') + 1, text.length() - 1);
    }

    @Test
    void aRestartedRunnerPausesTheTasksThatWereRunningAndResumesThem() throws Exception {
        TaskRunner first = runner();
        String id = first.start(new StartNewTask("Survive a restart", null, config("{\"steps\":4,\"stepMs\":100}"), null), "c1");
        until(TaskEventType.TaskStarted);
        next();
        first.close();
        TaskEvent paused = last(until(TaskEventType.TaskPaused));
        assertEquals("the server is shutting down; ResumeTask continues the task", paused.reason());
        int done = new TaskStore(data).load(id).orElseThrow().progress();
        assertTrue(done >= 1 && done < 4, "progress " + done);
        TaskException shut = assertThrows(TaskException.class,
                () -> first.start(new StartNewTask("late", null, null, null), "c"));
        assertEquals("the task runner is shutting down; try again after it restarts", shut.getMessage());

        TaskRunner second = runner();
        assertEquals(TaskStatus.PAUSED, second.task(id).status());
        assertEquals(1, second.tasks().size());
        second.resume(id, "c2");
        List<TaskEvent> rest = until(TaskEventType.TaskCompleted);
        assertEquals(TaskEventType.TaskResumed, rest.get(0).type());
        TaskSnapshot finished = second.task(id);
        assertEquals(TaskStatus.COMPLETED, finished.status());
        assertEquals(4, finished.progress());
        // prompt + each step's message + the resume note, nothing lost or repeated across the restart
        assertEquals(4 + 1 + 1, finished.messages().size());
        for (int i = 0; i < finished.messages().size(); i++) {
            assertEquals(i, finished.messages().get(i).index());
        }
    }

    @Test
    void aServerKilledWhileATaskRanLeavesItResumable() throws Exception {
        TaskStore store = new TaskStore(data);
        TaskRunner crashed = runner();
        String id = crashed.start(new StartNewTask("crash", null, config("{\"steps\":1000,\"stepMs\":10}"), null), "c");
        until(TaskEventType.TaskStarted);
        // Simulate a kill -9: copy the file while RUNNING, then stop the runner and put the copy back.
        Path file = store.file(id);
        String runningJson = Files.readString(file);
        crashed.close();
        Files.writeString(file, runningJson);
        assertTrue(runningJson.contains("\"RUNNING\""));

        TaskRunner restarted = runner();
        TaskSnapshot task = restarted.task(id);
        assertEquals(TaskStatus.PAUSED, task.status());
        assertEquals("the server stopped while the task ran; ResumeTask continues it", task.reason());
    }

    @Test
    void theAgentCanGiveUpAndTheTaskIsAbortedOnce() throws Exception {
        TaskRunner runner = runner();
        String id = runner.start(new StartNewTask("fragile", null, config("{\"steps\":3,\"abortAtStep\":2}"), null), "c");
        List<TaskEvent> seen = until(TaskEventType.TaskAborted);
        assertEquals("TaskCreated,Message,TaskStarted,Message,Message,TaskAborted", types(seen));
        assertEquals("the agent gave up at step 2 of 3", seen.get(5).reason());
        runner.resume(id, "c");
        until(TaskEventType.TaskCompleted);
        assertEquals(0, runner.task(id).abortAtStep(), "the simulated failure happens once");
    }

    @Test
    void closeAbortsARunningTaskThenClosesItAndResumeReopensIt() throws Exception {
        TaskRunner runner = runner();
        String id = runner.start(new StartNewTask("tab", null, config("{\"steps\":1000,\"stepMs\":10}"), null), "c");
        until(TaskEventType.TaskStarted);
        TaskSnapshot closed = runner.close(id, "c");
        assertTrue(closed.closed());
        assertEquals(TaskStatus.ABORTED, closed.status());
        List<TaskEvent> seen = until(TaskEventType.TaskClosed);
        assertEquals(TaskEventType.TaskAborted, seen.get(seen.size() - 2).type());
        TaskException twice = assertThrows(TaskException.class, () -> runner.close(id, "c"));
        assertEquals("cannot close task " + id + ": it is already closed; ResumeTask reopens a task that is not COMPLETED",
                twice.getMessage());
        TaskException message = assertThrows(TaskException.class, () -> runner.sendMessage(id, "hi", "c"));
        assertEquals("cannot send a message to task " + id + ": it is closed; ResumeTask reopens it", message.getMessage());
        assertFalse(runner.resume(id, "c").closed());
        runner.cancel(id, "c");
    }

    @Test
    void sendMessageAddsTheUsersMessageAndTheAgentsAcknowledgement() throws Exception {
        TaskRunner runner = runner();
        String id = runner.start(new StartNewTask("chat", null, config("{\"steps\":100,\"stepMs\":1000}"), null), "c");
        until(TaskEventType.TaskStarted);
        runner.sendMessage(id, "use tabs, not spaces", "c7");
        TaskEvent reply = next();
        assertEquals("user", reply.message().role());
        assertEquals("use tabs, not spaces", reply.message().text());
        assertEquals("Noted (from c7): use tabs, not spaces", next().message().text());
        runner.cancel(id, "c");
    }

    @Test
    void badParametersNameTheField() throws Exception {
        TaskRunner runner = runner();
        assertEquals("text: must be a non-empty string saying what the task should do",
                assertThrows(IllegalArgumentException.class,
                        () -> runner.start(new StartNewTask(" ", null, null, null), "c")).getMessage());
        assertEquals("params: expected an object such as {\"text\": \"what to do\"}",
                assertThrows(IllegalArgumentException.class, () -> runner.start(null, "c")).getMessage());
        assertEquals("configuration.steps: must be an integer from 1 to 1000; got 0",
                assertThrows(IllegalArgumentException.class,
                        () -> runner.start(new StartNewTask("x", null, config("{\"steps\":0}"), null), "c")).getMessage());
        assertEquals("configuration.stepMs: must be an integer from 10 to 60000; got \"fast\"",
                assertThrows(IllegalArgumentException.class,
                        () -> runner.start(new StartNewTask("x", null, config("{\"stepMs\":\"fast\"}"), null), "c")).getMessage());
        assertEquals("configuration.abortAtStep: must be an integer from 1 to 4; got 5",
                assertThrows(IllegalArgumentException.class,
                        () -> runner.start(new StartNewTask("x", null, config("{\"abortAtStep\":5}"), null), "c")).getMessage());
        assertEquals("taskId: \"../../etc/passwd\" is not a task id; expected a lowercase UUID as returned by StartNewTask"
                        + " (GetTasks lists them)",
                assertThrows(IllegalArgumentException.class, () -> runner.cancel("../../etc/passwd", "c")).getMessage());
        String unknown = "00000000-0000-4000-8000-000000000000";
        TaskException missing = assertThrows(TaskException.class, () -> runner.resume(unknown, "c"));
        assertEquals(TaskException.UNKNOWN_TASK, missing.code());
        assertEquals("no task " + unknown + " in " + data.toAbsolutePath() + "; GetTasks lists the known tasks",
                missing.getMessage());
        assertTrue(events.isEmpty(), "refused commands emit nothing");
    }

    @Test
    void aCorruptTaskFileIsSkippedAndTheOthersLoad() throws Exception {
        TaskRunner runner = runner();
        String id = runner.start(new StartNewTask("good", null, config("{\"steps\":1}"), null), "c");
        until(TaskEventType.TaskCompleted);
        Files.writeString(data.resolve("11111111-1111-4111-8111-111111111111.json"), "{not json");
        TaskRunner again = runner();
        assertEquals(1, again.tasks().size());
        assertEquals(id, again.tasks().get(0).taskId());
    }
}
