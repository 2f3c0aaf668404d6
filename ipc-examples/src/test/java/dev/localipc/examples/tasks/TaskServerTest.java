package dev.localipc.examples.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.localipc.core.IpcClient;
import dev.localipc.core.RpcErrorException;
import dev.localipc.api.testing.CloseAfterEach;
import dev.localipc.examples.ExampleEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The task runner over the real transport: commands, events to every client, restart and resume. */
class TaskServerTest {
    @TempDir
    Path temp;

    @RegisterExtension
    final CloseAfterEach resources = new CloseAfterEach();

    private TaskServer server() throws Exception {
        TaskServer server = TaskServer.start(ExampleEndpoints.endpoint(ExampleEndpoints.TASKS, temp.resolve("run")),
                temp.resolve("data"), Duration.ofMillis(20));
        resources.add(server);
        return server;
    }

    private IpcClient client(TaskServer server, LinkedBlockingQueue<TaskEvent> events) throws Exception {
        IpcClient client = IpcClient.builder(server.address().endpoint())
                .token(Files.readString(server.address().tokenFile()).trim())
                .clientName("test")
                .onNotification(TaskServer.EVENT_METHOD, TaskEvent.class, (ctx, event) -> events.add(event))
                .connect();
        resources.add(client);
        return client;
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    private static TaskEvent awaitType(LinkedBlockingQueue<TaskEvent> events, TaskEventType type) throws InterruptedException {
        while (true) {
            TaskEvent event = events.poll(20, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no " + type + " within 20 s");
            }
            if (event.type() == type) {
                return event;
            }
        }
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void aTaskRunsEndToEndAndEveryClientSeesItsEvents() throws Exception {
        TaskServer server = server();
        LinkedBlockingQueue<TaskEvent> mine = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<TaskEvent> other = new LinkedBlockingQueue<>();
        IpcClient starter = client(server, mine);
        client(server, other);
        StartedTask started = get(starter.request("StartNewTask",
                json("{\"text\":\"hello\",\"configuration\":{\"steps\":3}}"), StartedTask.class));
        TaskEvent done = awaitType(mine, TaskEventType.TaskCompleted);
        assertEquals(started.taskId(), done.taskId());
        assertEquals(started.taskId(), awaitType(other, TaskEventType.TaskCompleted).taskId(),
                "lifecycle events go to every client");

        Thread.sleep(100);
        int otherBefore = other.size();
        TaskSnapshot task = get(starter.request("GetTask", Map.of("taskId", started.taskId()), TaskSnapshot.class));
        assertEquals(TaskStatus.COMPLETED, task.status());
        assertEquals(4, task.messages().size());
        TaskSummary[] all = get(starter.request("GetTasks", null, TaskSummary[].class));
        assertEquals(1, all.length);
        CommandInfo[] commands = get(starter.request("GetCommands", null, CommandInfo[].class));
        assertEquals(TaskServer.COMMANDS.size(), commands.length);
        Thread.sleep(100);
        assertEquals(otherBefore, other.size(), "answers to Get* go to the asking client only");
    }

    @Test
    void resumeTaskContinuesATaskAfterTheServerRestarted() throws Exception {
        TaskServer first = server();
        LinkedBlockingQueue<TaskEvent> events = new LinkedBlockingQueue<>();
        IpcClient client = client(first, events);
        String taskId = get(client.request("StartNewTask",
                json("{\"text\":\"survive\",\"configuration\":{\"steps\":5,\"stepMs\":200}}"), StartedTask.class)).taskId();
        awaitType(events, TaskEventType.TaskStarted);
        first.close();
        assertEquals(TaskEventType.TaskPaused, awaitType(events, TaskEventType.TaskPaused).type(),
                "clients hear that the task was paused before the server goes");
        client.close();

        TaskServer second = server();
        LinkedBlockingQueue<TaskEvent> again = new LinkedBlockingQueue<>();
        IpcClient reconnected = client(second, again);
        TaskSummary resumed = get(reconnected.request("ResumeTask", Map.of("taskId", taskId), TaskSummary.class));
        assertEquals(TaskStatus.RUNNING, resumed.status());
        awaitType(again, TaskEventType.TaskCompleted);
        TaskSnapshot task = get(reconnected.request("GetTask", Map.of("taskId", taskId), TaskSnapshot.class));
        assertEquals(5, task.progress());
        assertTrue(Files.exists(temp.resolve("data").resolve(taskId + ".json")));
    }

    @Test
    void badCommandsGetPreciseErrors() throws Exception {
        TaskServer server = server();
        IpcClient client = client(server, new LinkedBlockingQueue<>());
        RpcErrorException missingText = error(client.request("StartNewTask", json("{}"), JsonElement.class));
        assertEquals(-32602, missingText.code());
        assertTrue(missingText.getMessage().contains("text"), missingText.getMessage());

        RpcErrorException badSteps = error(client.request("StartNewTask",
                json("{\"text\":\"x\",\"configuration\":{\"steps\":0}}"), JsonElement.class));
        assertEquals(-32602, badSteps.code());
        assertEquals("invalid params of StartNewTask: configuration.steps: must be an integer from 1 to 1000; got 0",
                badSteps.getMessage());

        String unknown = "00000000-0000-4000-8000-000000000000";
        RpcErrorException noTask = error(client.request("CancelTask", Map.of("taskId", unknown), JsonElement.class));
        assertEquals(TaskException.UNKNOWN_TASK, noTask.code());
        assertEquals(unknown, noTask.data().getAsJsonObject().get("taskId").getAsString());

        RpcErrorException traversal = error(client.request("GetTask", Map.of("taskId", "../x"), JsonElement.class));
        assertEquals(-32602, traversal.code());
        assertTrue(traversal.getMessage().startsWith("invalid params of GetTask: taskId: \"../x\" is not a task id"),
                traversal.getMessage());
    }

    private static RpcErrorException error(CompletableFuture<JsonElement> future) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS));
        return assertInstanceOf(RpcErrorException.class, failed.getCause());
    }
}
