package dev.localipc.examples.tasks.roo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the model refuses, with the exact message a user sees; and that what it builds has Roo's exact shape. */
class RooModelTest {
    private static final String TASK = "84d78c42-258c-40b2-a3e2-c8671ad9e074";
    private static final String USAGE = "{\"totalTokensIn\":1,\"totalTokensOut\":2,\"totalCost\":0,\"contextTokens\":3}";

    private static String refusal(String data) {
        return assertThrows(RooSchemaException.class, () -> IpcMessage.parse(JsonParser.parseString(data))).getMessage();
    }

    private static String event(String eventData) {
        return "{\"type\":\"TaskEvent\",\"origin\":\"server\",\"data\":" + eventData + "}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        not an object          | "TaskCompleted"  | (the message): expected an object, got a string "TaskCompleted"
        null                   | null             | (the message): expected an object, got null
        no type                | {"origin":"server","data":{}} | type: required, but missing
        lower-case ack         | {"type":"ack","origin":"server","data":{}} | type: "ack" is not a value of IpcMessageType (@roo-code/types 1.115.0); expected one of Ack, TaskCommand, TaskEvent
        ack from a client      | {"type":"Ack","origin":"client","data":{"clientId":"a","pid":1,"ppid":1}} | origin: an IpcMessage of type Ack must have origin "server"; got "client"
        pid as a string        | {"type":"Ack","origin":"server","data":{"clientId":"a","pid":"1","ppid":1}} | data.pid: expected a number, got a string "1"
        command without id     | {"type":"TaskCommand","origin":"client","data":{"commandName":"GetModes"}} | clientId: required, but missing
        unknown command        | {"type":"TaskCommand","origin":"client","clientId":"c","data":{"commandName":"Nuke"}} | data.commandName: "Nuke" is not a value of TaskCommandName (@roo-code/types 1.115.0); expected one of StartNewTask, CancelTask, CloseTask, ResumeTask, SendMessage, GetCommands, GetModes, GetModels, DeleteQueuedMessage
        start without config   | {"type":"TaskCommand","origin":"client","clientId":"c","data":{"commandName":"StartNewTask","data":{"text":"x"}}} | data.data.configuration: required, but missing
        resume without id      | {"type":"TaskCommand","origin":"client","clientId":"c","data":{"commandName":"ResumeTask"}} | data.data: required, but missing
        """)
    void aMessageRooWouldDropIsRefusedNamingTheField(String what, String data, String message) {
        assertEquals(message, refusal(data), what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        three-element completed | {"eventName":"taskCompleted","payload":["t",USAGE,{}]} | data.payload: taskCompleted takes a tuple of exactly 4 elements; got 3
        two-element started     | {"eventName":"taskStarted","payload":["t","u"]} | data.payload: taskStarted takes a tuple of exactly 1 element; got 2
        payload not an array    | {"eventName":"taskStarted","payload":"t"} | data.payload: expected an array, got a string "t"
        string taskId           | {"eventName":"taskStarted","payload":["t"],"taskId":"7"} | data.taskId: expected a number, got a string "7"
        not in the schema       | {"eventName":"taskUserMessage","payload":["t"]} | data.eventName: "taskUserMessage" is a RooCodeEventName but not in taskEventSchema (@roo-code/types 1.115.0): Roo's client drops it
        unknown say             | {"eventName":"message","payload":[{"taskId":"t","action":"created","message":{"ts":1,"type":"say","say":"thinking"}}]} | data.payload[0].message.say: "thinking" is not a value of ClineSay (@roo-code/types 1.115.0); expected one of error, api_req_started, api_req_finished, api_req_retried, api_req_retry_delayed, api_req_rate_limit_wait, api_req_deleted, text, image, reasoning, completion_result, user_feedback, user_feedback_diff, command_output, shell_integration_warning, mcp_server_request_started, mcp_server_response, subtask_result, checkpoint_saved, rooignore_error, diff_error, condense_context, condense_context_error, sliding_window_truncation, codebase_search_result, user_edit_todos, too_many_tools_warning, tool
        unknown tool            | {"eventName":"taskTokenUsageUpdated","payload":["t",USAGE,{"rm_rf":{"attempts":1,"failures":0}}]} | data.payload[2].rm_rf: "rm_rf" is not a value of ToolName (@roo-code/types 1.115.0); expected one of execute_command, read_file, read_command_output, write_to_file, apply_diff, edit, search_and_replace, search_replace, edit_file, apply_patch, search_files, list_files, use_mcp_tool, access_mcp_resource, ask_followup_question, attempt_completion, switch_mode, new_task, codebase_search, update_todo_list, run_slash_command, skill, generate_image, custom_tool
        usage without context   | {"eventName":"taskTokenUsageUpdated","payload":["t",{"totalTokensIn":1,"totalTokensOut":2,"totalCost":0},{}]} | data.payload[1].contextTokens: required, but missing
        partial as a string     | {"eventName":"message","payload":[{"taskId":"t","action":"created","message":{"ts":1,"type":"say","partial":"no"}}]} | data.payload[0].message.partial: expected a boolean, got a string "no"
        bad action              | {"eventName":"message","payload":[{"taskId":"t","action":"deleted","message":{"ts":1,"type":"say"}}]} | data.payload[0].action: "deleted" is not a value of MessageAction (@roo-code/types 1.115.0); expected one of created, updated
        evalPass without id     | {"eventName":"evalPass"} | data.taskId: required, but missing
        evalPass with payload   | {"eventName":"evalPass","payload":[],"taskId":1} | data.payload: evalPass has no payload; got an array of 0
        """)
    void anEventRooWouldDropIsRefusedNamingTheField(String what, String eventData, String message) {
        assertEquals(message, refusal(event(eventData.replace("USAGE", USAGE))), what);
    }

    @Test
    void whatRooAcceptsParses() throws Exception {
        IpcMessage withExtras = IpcMessage.parse(JsonParser.parseString(
                "{\"type\":\"Ack\",\"origin\":\"server\",\"data\":{\"clientId\":\"c\",\"pid\":1,\"ppid\":2,\"extra\":true},\"more\":1}"));
        assertEquals(new Ack("c", 1, 2), withExtras.ack());
        IpcMessage numericTaskId = IpcMessage.parse(JsonParser.parseString(event("{\"eventName\":\"taskStarted\",\"payload\":[\"t\"],\"taskId\":7}")));
        assertEquals(7L, numericTaskId.event().taskId());
        IpcMessage relayed = IpcMessage.parse(JsonParser.parseString(
                "{\"type\":\"TaskEvent\",\"origin\":\"server\",\"relayClientId\":\"r\",\"data\":{\"eventName\":\"taskIdle\",\"payload\":[\"t\"]}}"));
        assertEquals("r", relayed.relayClientId());
        IpcMessage cancelWithData = IpcMessage.parse(JsonParser.parseString(
                "{\"type\":\"TaskCommand\",\"origin\":\"client\",\"clientId\":\"c\",\"data\":{\"commandName\":\"CancelTask\",\"data\":\"" + TASK + "\"}}"));
        assertEquals(TaskCommand.of(TaskCommandName.CANCEL_TASK), cancelWithData.command(), "CancelTask's data is stripped, as zod does");
        IpcMessage evalPass = IpcMessage.parse(JsonParser.parseString(event("{\"eventName\":\"evalPass\",\"taskId\":3}")));
        assertEquals(RooEventName.EVAL_PASS, evalPass.event().name());
    }

    @Test
    void theFactoriesBuildRoosExactShapes() {
        TokenUsage usage = new TokenUsage(1234, 56, 0L, 0L, 0.0123, 1290);
        ToolUsage tools = ToolUsage.none().with(ToolName.ATTEMPT_COMPLETION, new ToolAttempts(1, 0));
        assertEquals("{\"eventName\":\"taskCompleted\",\"payload\":[\"" + TASK + "\",{\"totalTokensIn\":1234,\"totalTokensOut\":56,"
                + "\"totalCacheWrites\":0,\"totalCacheReads\":0,\"totalCost\":0.0123,\"contextTokens\":1290},"
                + "{\"attempt_completion\":{\"attempts\":1,\"failures\":0}},{\"isSubtask\":false}]}",
                RooTaskEvent.taskCompleted(TASK, usage, tools, false).toJson().toString());
        assertEquals("{\"type\":\"TaskCommand\",\"origin\":\"client\",\"clientId\":\"e1dd87fd683b\",\"data\":{\"commandName\":"
                + "\"StartNewTask\",\"data\":{\"configuration\":{},\"text\":\"Say hello.\"}}}",
                IpcMessage.taskCommand("e1dd87fd683b", TaskCommand.startNewTask("Say hello.", new JsonObject())).toJson().toString());
        assertEquals("{\"eventName\":\"modesResponse\",\"payload\":[[{\"slug\":\"code\",\"name\":\"Code\"}]]}",
                RooTaskEvent.modesResponse(List.of(new ModeInfo("code", "Code"))).toJson().toString());
        assertEquals("{\"eventName\":\"modelsResponse\",\"payload\":[{\"m\":{\"contextWindow\":10,\"supportsPromptCache\":false}}]}",
                RooTaskEvent.modelsResponse(Map.of("m", new ModelInfo(10, false, null, null))).toJson().toString());
        assertEquals("{\"eventName\":\"taskToolFailed\",\"payload\":[\"t\",\"read_file\",\"no such file\"]}",
                RooTaskEvent.taskToolFailed("t", ToolName.READ_FILE, "no such file").toJson().toString());
        String clientId = Ack.newClientId();
        assertEquals(true, Ack.isRooStyleClientId(clientId), clientId);
        assertEquals(ProcessHandle.current().pid(), Ack.forThisProcess(clientId).pid());
    }

    @Test
    void aTupleOfTheWrongLengthCannotBeBuilt() {
        JsonArray three = new JsonArray();
        three.add("t");
        three.add(new TokenUsage(1, 1, null, null, 0, 2).toJson());
        three.add(new JsonObject());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> new RooTaskEvent(RooEventName.TASK_COMPLETED, three, null));
        assertEquals("not a taskCompleted event Roo's client accepts: payload: taskCompleted takes a tuple of exactly 4 elements; got 3",
                wrong.getMessage());
        assertEquals("modeChanged does not take [taskId]",
                assertThrows(IllegalArgumentException.class, () -> RooTaskEvent.forTask(RooEventName.MODE_CHANGED, "t")).getMessage());
        assertEquals("taskCompleted does not take [taskId]",
                assertThrows(IllegalArgumentException.class, () -> RooTaskEvent.forTask(RooEventName.TASK_COMPLETED, "t")).getMessage());
        assertEquals("CancelTask takes no data; got start=null, message=null, argument=x",
                assertThrows(IllegalArgumentException.class,
                        () -> new TaskCommand(TaskCommandName.CANCEL_TASK, null, null, "x")).getMessage());
    }
}
