package dev.localipc.examples.tasks.roo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.localipc.examples.tasks.StartNewTask;
import dev.localipc.examples.tasks.TaskEvent;
import dev.localipc.examples.tasks.TaskEventType;
import dev.localipc.examples.tasks.TaskMessage;
import dev.localipc.examples.tasks.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task runner's events, turned into Roo's, for a real runner's tasks. */
class RooEventTranslatorTest {
    @TempDir
    Path data;

    private static StartNewTask task(String text, String configuration) {
        return new StartNewTask(text, null, JsonParser.parseString(configuration).getAsJsonObject(), null);
    }

    @Test
    void aCompletedTaskIsRoosSequenceWithTheEstimatedUsage() throws Exception {
        try (RooHarness roo = new RooHarness(data)) {
            roo.dispatch("c1", TaskCommand.startNewTask(task("Refactor the parser", "{\"steps\":3,\"stepMs\":10}")));
            List<RooTaskEvent> events = roo.until(RooEventName.TASK_COMPLETED);
            assertEquals("taskCreated,message:text,taskStarted,message:text,taskTokenUsageUpdated,message:text,"
                    + "taskTokenUsageUpdated,message:completion_result,taskTokenUsageUpdated,taskCompleted", RooHarness.names(events));
            String taskId = events.get(0).aboutTask().orElseThrow();
            events.forEach(event -> assertEquals(taskId, event.aboutTask().orElseThrow(), event.toString()));

            long in = RooEventTranslator.estimateTokens("Refactor the parser");
            long out = events.stream().filter(e -> e.name() == RooEventName.MESSAGE).skip(1)
                    .mapToLong(e -> RooEventTranslator.estimateTokens(e.message().orElseThrow().message().text())).sum();
            RooTaskEvent completed = events.get(events.size() - 1);
            assertEquals(4, completed.payload().size());
            assertEquals(new TokenUsage(in, out, 0L, 0L, 0, in + out), completed.tokenUsage().orElseThrow());
            assertEquals("{\"attempt_completion\":{\"attempts\":1,\"failures\":0}}", completed.payload().get(2).toString());
            assertEquals("{\"isSubtask\":false}", completed.payload().get(3).toString());
            assertEquals("{}", events.get(4).payload().get(2).toString(), "no tool used before the completion");

            long previous = Long.MIN_VALUE;
            for (RooTaskEvent event : events) {
                if (event.name() == RooEventName.MESSAGE) {
                    long ts = event.message().orElseThrow().message().ts();
                    assertTrue(ts > previous, "message timestamps strictly increase: " + ts + " after " + previous);
                    previous = ts;
                }
            }
        }
    }

    @Test
    void anAgentThatGivesUpEndsWithTaskAborted() throws Exception {
        try (RooHarness roo = new RooHarness(data)) {
            roo.dispatch("c1", TaskCommand.startNewTask(task("Flaky", "{\"steps\":3,\"stepMs\":10,\"abortAtStep\":2}")));
            assertEquals("taskCreated,message:text,taskStarted,message:text,taskTokenUsageUpdated,message:text,"
                    + "taskTokenUsageUpdated,taskAborted", RooHarness.names(roo.until(RooEventName.TASK_ABORTED)));
        }
    }

    @Test
    void aTaskPausedByAStoppingServerIsResumableAndResumesAsTaskStarted() throws Exception {
        String taskId;
        try (RooHarness first = new RooHarness(data)) {
            first.dispatch("c1", TaskCommand.startNewTask(task("Long job", "{\"steps\":50,\"stepMs\":200}")));
            taskId = first.until(RooEventName.TASK_STARTED).get(0).aboutTask().orElseThrow();
            first.runner.close();
            List<RooTaskEvent> tail = first.until(RooEventName.TASK_RESUMABLE);
            assertEquals(taskId, tail.get(tail.size() - 1).aboutTask().orElseThrow());
        }
        try (RooHarness second = new RooHarness(data)) {
            RooCommandResult resumed = second.dispatch("c2", TaskCommand.resumeTask(taskId));
            assertEquals(RooCommandResult.done(), resumed);
            assertEquals("taskStarted,message:text,taskTokenUsageUpdated", RooHarness.names(List.of(second.next(), second.next(),
                    second.next())));
            assertEquals(taskId, second.dispatcher.currentTask().orElseThrow());
        }
    }

    @Test
    void closingATaskSendsNothingBecauseRooHasNoSuchEvent() {
        RooEventTranslator translator = new RooEventTranslator();
        String id = "0d9eee38-c2fc-4fa4-aaa3-334efb4a7f3b";
        assertEquals(List.of(), translator.translate(new TaskEvent(TaskEventType.TaskClosed, id, 1, TaskStatus.ABORTED, null, "x")));
        assertEquals(List.of(RooTaskEvent.forTask(RooEventName.TASK_RESUMABLE, id)),
                translator.translate(new TaskEvent(TaskEventType.TaskPaused, id, 1, TaskStatus.PAUSED, null, "x")));
    }

    @Test
    void eachKindOfTaskRunnerMessageHasItsRooSay() {
        assertEquals(ClineSay.TEXT, RooEventTranslator.clineMessage(new TaskMessage(0, 5, "user", "prompt", "p"), 5).say());
        assertEquals(ClineSay.USER_FEEDBACK, RooEventTranslator.clineMessage(new TaskMessage(1, 5, "user", "reply", "r"), 5).say());
        assertEquals(ClineSay.TEXT, RooEventTranslator.clineMessage(new TaskMessage(2, 5, "assistant", "text", "t"), 5).say());
        assertEquals(ClineSay.COMPLETION_RESULT,
                RooEventTranslator.clineMessage(new TaskMessage(3, 5, "assistant", "completion", "c"), 5).say());
        assertEquals("{\"ts\":7,\"type\":\"say\",\"say\":\"text\",\"text\":\"t\"}",
                RooEventTranslator.clineMessage(new TaskMessage(2, 5, "assistant", "text", "t"), 7).toJson().toString());
        assertEquals(0, RooEventTranslator.estimateTokens(""));
        assertEquals(1, RooEventTranslator.estimateTokens("abcd"));
        assertEquals(2, RooEventTranslator.estimateTokens("abcde"));
    }

    @Test
    void twoMessagesInTheSameMillisecondGetDistinctTimestamps() {
        RooEventTranslator translator = new RooEventTranslator();
        String id = "0d9eee38-c2fc-4fa4-aaa3-334efb4a7f3b";
        TaskMessage first = new TaskMessage(0, 1000, "user", "reply", "a");
        TaskMessage second = new TaskMessage(1, 1000, "assistant", "text", "b");
        long a = translator.translate(new TaskEvent(TaskEventType.Message, id, 1000, TaskStatus.RUNNING, first, null)).get(0)
                .message().orElseThrow().message().ts();
        long b = translator.translate(new TaskEvent(TaskEventType.Message, id, 1000, TaskStatus.RUNNING, second, null)).get(0)
                .message().orElseThrow().message().ts();
        assertEquals(1000, a);
        assertEquals(1001, b);
    }
}
