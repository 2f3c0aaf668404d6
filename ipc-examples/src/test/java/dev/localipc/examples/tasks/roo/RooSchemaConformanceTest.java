package dev.localipc.examples.tasks.roo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.localipc.examples.tasks.StartNewTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Java side produces is what Roo Code accepts, decided by {@code @roo-code/types}
 * 1.115.0's own zod schemas (the peer kit's validate.mjs on node); skipped, saying so, only when
 * node is not installed.
 */
class RooSchemaConformanceTest {
    @TempDir
    Path data;

    private static List<String> strings(JsonElement array) {
        List<String> list = new ArrayList<>();
        array.getAsJsonArray().forEach(value -> list.add(value.getAsString()));
        return list;
    }

    private static <E extends Enum<E> & WireName> List<String> wires(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireName::wire).toList();
    }

    @Test
    void theJavaEnumsAreThoseOfTheInstalledTypes() {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        NodeIpcPeerKit.Result result = kit.run(Duration.ofSeconds(60), "", "validate.mjs", "--enums");
        assertEquals(0, result.exit(), result.toString());
        JsonObject enums = JsonParser.parseString(result.out()).getAsJsonObject();
        assertEquals(strings(enums.get("taskCommandNames")), wires(TaskCommandName.class));
        assertEquals(strings(enums.get("rooCodeEventNames")), wires(RooEventName.class));
        assertEquals(new TreeSet<>(strings(enums.get("taskEventNames"))), Arrays.stream(RooEventName.values())
                .filter(RooEventName::inTaskEventSchema).map(RooEventName::wire).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(strings(enums.get("toolNames")), wires(ToolName.class));
        assertEquals(strings(enums.get("clineSays")), wires(ClineSay.class));
        assertEquals(strings(enums.get("clineAsks")), wires(ClineAsk.class));
    }

    @Test
    void everyEventTheMappingProducesIsAcceptedByRoosClient() throws Exception {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        List<RooTaskEvent> produced = new ArrayList<>();
        try (RooHarness roo = new RooHarness(data.resolve("one"))) {
            for (TaskCommandName query : List.of(TaskCommandName.GET_COMMANDS, TaskCommandName.GET_MODES, TaskCommandName.GET_MODELS)) {
                roo.dispatch("c1", TaskCommand.of(query));
            }
            roo.dispatch("c1", TaskCommand.of(TaskCommandName.CANCEL_TASK));                          // refused: no task
            roo.dispatch("c1", start("Say hello. ✓ é 😀 \f form feed, \"quotes\", \\ backslash", "{\"steps\":2,\"stepMs\":10}"));
            roo.until(RooEventName.TASK_COMPLETED);
            roo.dispatch("c1", TaskCommand.sendMessage(new SendMessageData("too late", null)));     // refused: COMPLETED
            roo.dispatch("c1", start("Flaky", "{\"steps\":3,\"stepMs\":10,\"abortAtStep\":2}"));
            String flaky = roo.until(RooEventName.TASK_ABORTED).get(0).aboutTask().orElseThrow();
            roo.dispatch("c2", TaskCommand.resumeTask(flaky));
            roo.dispatch("c2", TaskCommand.sendMessage(new SendMessageData("keep going", null)));
            roo.until(RooEventName.TASK_COMPLETED);
            roo.dispatch("c1", start("Long", "{\"steps\":50,\"stepMs\":5000}"));
            roo.until(RooEventName.TASK_STARTED);
            roo.dispatch("c1", TaskCommand.of(TaskCommandName.CLOSE_TASK));
            roo.until(RooEventName.TASK_ABORTED);
            roo.dispatch("c1", TaskCommand.deleteQueuedMessage("m1"));                                  // refused
            roo.dispatch("c1", start("Paused by a stopping server", "{\"steps\":50,\"stepMs\":5000}"));
            roo.until(RooEventName.TASK_STARTED);
            roo.runner.close();
            roo.until(RooEventName.TASK_RESUMABLE);
            produced.addAll(roo.everything());
        }
        Set<String> names = produced.stream().map(e -> e.name().wire()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("commandsResponse", "message", "modelsResponse", "modesResponse", "taskAborted",
                "taskCompleted", "taskCreated", "taskResumable", "taskStarted", "taskTokenUsageUpdated")), names);

        List<JsonObject> frames = produced.stream().map(event -> IpcMessage.taskEvent(event).toJson()).toList();
        List<JsonObject> verdicts = kit.validate("ipc-message", "client", frames);
        for (int i = 0; i < frames.size(); i++) {
            assertEquals("accepted", verdicts.get(i).get("verdict").getAsString(), frames.get(i) + " -> " + verdicts.get(i));
        }
        assertTrue(frames.size() > 40, frames.size() + " events");
    }

    @Test
    void theAckAndTheCommandsAClientSessionSendsAreAcceptedByRoo() {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        Ack ack = Ack.forThisProcess(Ack.newClientId());
        List<JsonObject> ackFrame = List.of(IpcMessage.ack(ack).toJson());
        assertEquals("accepted", kit.validate("ipc-message", "client", ackFrame).get(0).get("verdict").getAsString());

        JsonObject configuration = JsonParser.parseString("{\"apiProvider\":\"openrouter\",\"mode\":\"code\",\"allowedCommands\":[\"*\"]}")
                .getAsJsonObject();
        List<JsonObject> commands = Stream.of(
                TaskCommand.startNewTask(new StartNewTask("Say hello.", List.of("data:image/png;base64,AA=="), configuration, true)),
                TaskCommand.startNewTask("Say hello.", new JsonObject()),
                TaskCommand.of(TaskCommandName.CANCEL_TASK), TaskCommand.of(TaskCommandName.CLOSE_TASK),
                TaskCommand.resumeTask("0d9eee38-c2fc-4fa4-aaa3-334efb4a7f3b"),
                TaskCommand.sendMessage(new SendMessageData("more", null)), TaskCommand.sendMessage(new SendMessageData(null, null)),
                TaskCommand.of(TaskCommandName.GET_COMMANDS), TaskCommand.of(TaskCommandName.GET_MODES),
                TaskCommand.of(TaskCommandName.GET_MODELS), TaskCommand.deleteQueuedMessage("m1"))
                .map(command -> IpcMessage.taskCommand(ack.clientId(), command).toJson()).toList();
        List<JsonObject> verdicts = kit.validate("ipc-message", "server", commands);
        for (int i = 0; i < commands.size(); i++) {
            assertEquals("accepted", verdicts.get(i).get("verdict").getAsString(), commands.get(i) + " -> " + verdicts.get(i));
        }
    }

    /**
     * The Java check and zod agree, frame by frame, on a corpus of accepted and rejected
     * messages; the rejected ones also show that the validator can say no.
     */
    @Test
    void javasCheckAgreesWithZodOnEachMessage() {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        String usage = "{\"totalTokensIn\":1,\"totalTokensOut\":2,\"totalCost\":0.5,\"contextTokens\":3}";
        String event = "{\"type\":\"TaskEvent\",\"origin\":\"server\",\"data\":%s}";
        List<String> corpus = new ArrayList<>(List.of(
                "{\"type\":\"Ack\",\"origin\":\"server\",\"data\":{\"clientId\":\"c\",\"pid\":1,\"ppid\":0,\"extra\":1}}",
                "{\"type\":\"Ack\",\"origin\":\"server\",\"data\":{\"clientId\":\"c\",\"pid\":\"1\",\"ppid\":0}}",
                "{\"type\":\"Ack\",\"origin\":\"client\",\"data\":{\"clientId\":\"c\",\"pid\":1,\"ppid\":0}}",
                "{\"type\":\"ack\",\"origin\":\"server\",\"data\":{\"clientId\":\"c\",\"pid\":1,\"ppid\":0}}",
                "null",
                "\"TaskEvent\"",
                "{\"type\":\"TaskCommand\",\"origin\":\"client\",\"data\":{\"commandName\":\"GetModes\"}}"));
        for (String eventData : List.of(
                "{\"eventName\":\"taskStarted\",\"payload\":[\"t\"]}",
                "{\"eventName\":\"taskStarted\",\"payload\":[\"t\"],\"taskId\":7}",
                "{\"eventName\":\"taskStarted\",\"payload\":[\"t\"],\"taskId\":\"7\"}",
                "{\"eventName\":\"taskStarted\",\"payload\":[\"t\",\"u\"]}",
                "{\"eventName\":\"taskStarted\",\"payload\":[7]}",
                "{\"eventName\":\"taskCompleted\",\"payload\":[\"t\"," + usage + ",{},{\"isSubtask\":true}]}",
                "{\"eventName\":\"taskCompleted\",\"payload\":[\"t\"," + usage + ",{}]}",
                "{\"eventName\":\"taskCompleted\",\"payload\":[\"t\"," + usage + ",{\"rm_rf\":{\"attempts\":1,\"failures\":0}},{\"isSubtask\":false}]}",
                "{\"eventName\":\"taskTokenUsageUpdated\",\"payload\":[\"t\",{\"totalTokensIn\":1,\"totalTokensOut\":2,\"totalCost\":0},{}]}",
                "{\"eventName\":\"taskUserMessage\",\"payload\":[\"t\"]}",
                "{\"eventName\":\"modeChanged\",\"payload\":[\"code\"]}",
                "{\"eventName\":\"message\",\"payload\":[{\"taskId\":\"t\",\"action\":\"created\",\"message\":{\"ts\":1,\"type\":\"say\",\"say\":\"thinking\"}}]}",
                "{\"eventName\":\"message\",\"payload\":[{\"taskId\":\"t\",\"action\":\"updated\",\"message\":{\"ts\":1,\"type\":\"ask\",\"ask\":\"followup\",\"text\":\"?\",\"partial\":true}}]}",
                "{\"eventName\":\"taskToolFailed\",\"payload\":[\"t\",\"read_file\",\"gone\"]}",
                "{\"eventName\":\"taskToolFailed\",\"payload\":[\"t\",\"read_files\",\"gone\"]}",
                "{\"eventName\":\"queuedMessagesUpdated\",\"payload\":[\"t\",[{\"timestamp\":1,\"id\":\"q\",\"text\":\"x\"}]]}",
                "{\"eventName\":\"queuedMessagesUpdated\",\"payload\":[\"t\",[{\"timestamp\":1,\"id\":\"q\"}]]}",
                "{\"eventName\":\"commandsResponse\",\"payload\":[[{\"name\":\"n\",\"source\":\"built-in\"}]]}",
                "{\"eventName\":\"commandsResponse\",\"payload\":[[{\"name\":\"n\",\"source\":\"builtin\"}]]}",
                "{\"eventName\":\"modelsResponse\",\"payload\":[{\"m\":{\"contextWindow\":1,\"supportsPromptCache\":true,\"maxTokens\":null}}]}",
                "{\"eventName\":\"modelsResponse\",\"payload\":[{\"m\":{\"contextWindow\":1}}]}",
                "{\"eventName\":\"evalPass\",\"taskId\":3}",
                "{\"eventName\":\"evalPass\"}",
                "{\"eventName\":\"taskDelegationCompleted\",\"payload\":[\"p\",\"c\",\"summary\"]}")) {
            corpus.add(String.format(event, eventData));
        }
        List<JsonElement> values = corpus.stream().map(JsonParser::parseString).toList();
        List<JsonObject> verdicts = kit.validate("ipc-message", "client", values);
        int rejected = 0;
        for (int i = 0; i < values.size(); i++) {
            String verdict = verdicts.get(i).get("verdict").getAsString();
            boolean zodRejects = !verdict.equals("accepted") && !verdict.equals("ignored");
            boolean javaRejects;
            try {
                IpcMessage.parse(values.get(i));
                javaRejects = false;
            } catch (RooSchemaException refused) {
                javaRejects = true;
            }
            assertEquals(zodRejects, javaRejects, corpus.get(i) + " -> zod: " + verdicts.get(i));
            rejected += zodRejects ? 1 : 0;
        }
        assertTrue(rejected >= 15, rejected + " of " + values.size() + " rejected");
    }

    private static TaskCommand start(String text, String configuration) {
        return TaskCommand.startNewTask(new StartNewTask(text, null, JsonParser.parseString(configuration).getAsJsonObject(), null));
    }
}
