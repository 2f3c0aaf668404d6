package dev.localipc.examples.tasks.roo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.localipc.examples.tasks.StartNewTask;
import dev.localipc.examples.tasks.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roo's commands carried out on a real task runner. */
class RooCommandDispatcherTest {
    @TempDir
    Path data;

    private static TaskCommand start(String text, int steps, int stepMs) {
        JsonObject configuration = new JsonObject();
        configuration.addProperty("steps", steps);
        configuration.addProperty("stepMs", stepMs);
        configuration.addProperty("apiProvider", "openrouter");
        return TaskCommand.startNewTask(new StartNewTask(text, null, configuration, null));
    }

    /** Steps of 5 s: no step of the agent comes between a command and the events it causes. */
    @Test
    void startCancelResumeAndCloseActOnTheCurrentTask() throws Exception {
        try (RooHarness roo = new RooHarness(data)) {
            assertEquals(RooCommandResult.done(), roo.dispatch("c1", start("Write the report", 40, 5000)));
            String taskId = roo.until(RooEventName.TASK_STARTED).get(0).aboutTask().orElseThrow();
            assertEquals(taskId, roo.dispatcher.currentTask().orElseThrow());
            assertEquals("node-ipc client c1", roo.runner.task(taskId).createdBy(), "the connection's id, not a written one");
            assertEquals("openrouter", roo.runner.task(taskId).configuration().get("apiProvider").getAsString(),
                    "Roo's settings are kept with the task");

            assertEquals(RooCommandResult.done(), roo.dispatch("c2", TaskCommand.of(TaskCommandName.CANCEL_TASK)));
            roo.until(RooEventName.TASK_ABORTED);
            assertEquals(TaskStatus.ABORTED, roo.runner.task(taskId).status());

            assertEquals(RooCommandResult.done(), roo.dispatch("c1", TaskCommand.resumeTask(taskId)));
            assertEquals("taskStarted,message:text,taskTokenUsageUpdated", RooHarness.names(roo.until(RooEventName.TASK_TOKEN_USAGE_UPDATED)));
            assertEquals(RooCommandResult.done(), roo.dispatch("c1", TaskCommand.sendMessage(new SendMessageData("also the summary", null))));
            List<RooTaskEvent> messages = roo.until(RooEventName.TASK_TOKEN_USAGE_UPDATED);
            assertEquals("message:user_feedback,message:text,taskTokenUsageUpdated", RooHarness.names(messages));

            assertEquals(RooCommandResult.done(), roo.dispatch("c1", TaskCommand.of(TaskCommandName.CLOSE_TASK)));
            roo.until(RooEventName.TASK_ABORTED);
            assertTrue(roo.runner.task(taskId).closed());
        }
    }

    @Test
    void theQueriesAreAnsweredToTheAskingConnection() throws Exception {
        try (RooHarness roo = new RooHarness(data)) {
            assertEquals("{\"eventName\":\"modesResponse\",\"payload\":[[{\"slug\":\"code\",\"name\":\"Code (simulated agent)\"}]]}",
                    only(roo.dispatch("c1", TaskCommand.of(TaskCommandName.GET_MODES))));
            assertEquals("{\"eventName\":\"modelsResponse\",\"payload\":[{\"localipc/simulated-agent\":{\"contextWindow\":25000,"
                    + "\"supportsPromptCache\":false,\"description\":\"the task runner's simulated agent: no model, no cost\"}}]}",
                    only(roo.dispatch("c1", TaskCommand.of(TaskCommandName.GET_MODELS))));
            String commands = only(roo.dispatch("c1", TaskCommand.of(TaskCommandName.GET_COMMANDS)));
            assertTrue(commands.startsWith("{\"eventName\":\"commandsResponse\",\"payload\":[[{\"name\":\"StartNewTask\","
                    + "\"source\":\"built-in\",\"description\":\"creates a task and starts it;"), commands);
            assertEquals(8, roo.dispatch("c1", TaskCommand.of(TaskCommandName.GET_COMMANDS)).replies().get(0).payload()
                    .get(0).getAsJsonArray().size(), "every command but DeleteQueuedMessage");
        }
    }

    @Test
    void aRefusedCommandIsALogLineAndAnErrorMessageToTheAskingClient() throws Exception {
        try (RooHarness roo = new RooHarness(data)) {
            assertRefused(roo.dispatch("c1", TaskCommand.of(TaskCommandName.CANCEL_TASK)), "",
                    "CancelTask refused: there is no current task: no task was started or resumed since the server started;"
                            + " send StartNewTask or ResumeTask first");
            assertRefused(roo.dispatch("c1", TaskCommand.resumeTask("nope")), "nope",
                    "ResumeTask refused: taskId: \"nope\" is not a task id; expected a lowercase UUID as returned by StartNewTask"
                            + " (GetTasks lists them)");
            assertRefused(roo.dispatch("c1", TaskCommand.startNewTask(" ", new JsonObject())), "",
                    "StartNewTask refused: text: must be a non-empty string saying what the task should do");
            assertRefused(roo.dispatch("c1", TaskCommand.deleteQueuedMessage("m1")), "",
                    "DeleteQueuedMessage refused: the task runner has no message queue, so there is no message m1 to delete;"
                            + " send SendMessage instead of queueing");

            roo.dispatch("c1", start("Quick", 1, 10));
            String taskId = roo.until(RooEventName.TASK_COMPLETED).get(0).aboutTask().orElseThrow();
            assertRefused(roo.dispatch("c1", TaskCommand.sendMessage(new SendMessageData(null, null))), taskId,
                    "SendMessage refused: text: must be a non-empty string");
            assertRefused(roo.dispatch("c1", TaskCommand.of(TaskCommandName.CANCEL_TASK)), taskId,
                    "CancelTask refused: cannot cancel task " + taskId + ": it is COMPLETED; only a RUNNING or PAUSED task can be cancelled");
        }
    }

    private static void assertRefused(RooCommandResult result, String taskId, String refusal) {
        assertEquals(refusal, result.refusal());
        assertEquals(1, result.replies().size());
        MessagePayload error = result.replies().get(0).message().orElseThrow();
        assertEquals(taskId, error.taskId());
        assertEquals(ClineSay.ERROR, error.message().say());
        assertEquals(refusal, error.message().text());
    }

    private static String only(RooCommandResult result) {
        assertEquals(null, result.refusal());
        assertEquals(1, result.replies().size());
        return result.replies().get(0).toJson().toString();
    }
}
