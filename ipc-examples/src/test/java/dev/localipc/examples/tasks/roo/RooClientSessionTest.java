package dev.localipc.examples.tasks.roo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Roo-style client's side, fed with what Roo Code's server sent in the capture, and with what it must refuse. */
class RooClientSessionTest {
    private static final String ACK = "{\"type\":\"Ack\",\"origin\":\"server\",\"data\":{\"clientId\":\"3853c13e5953\",\"pid\":1,\"ppid\":0}}";
    private static final String TASK = "0d9eee38-c2fc-4fa4-aaa3-334efb4a7f3b";

    private static RooClientPlan sayHello() {
        return RooClientPlan.start(TaskCommand.startNewTask("Say hello.", new JsonObject()).start());
    }

    private static JsonElement data(CapturedFrames.Frame frame) {
        String json = frame.text().substring(0, frame.text().length() - 1);
        return JsonParser.parseString(json).getAsJsonObject().get("data");
    }

    private static JsonElement json(String text) {
        return JsonParser.parseString(text);
    }

    private static String event(String eventName, String payload) {
        return "{\"type\":\"TaskEvent\",\"origin\":\"server\",\"data\":{\"eventName\":\"" + eventName + "\",\"payload\":" + payload + "}}";
    }

    @Test
    void theCapturedServerFramesMakeACompletedTaskAndOneLinePerEvent() {
        RooClientSession session = new RooClientSession(sayHello().closingAtEnd(), true);
        List<CapturedFrames.Frame> frames = CapturedFrames.load("tap-evals-config.txt").fromServer();
        List<String> printed = new ArrayList<>();
        List<IpcMessage> sent = new ArrayList<>();
        RooClientStep last = null;
        for (CapturedFrames.Frame frame : frames) {
            last = session.onMessage(data(frame));
            printed.addAll(last.print());
            sent.addAll(last.send());
        }
        assertEquals(RooClientOutcome.COMPLETED, last.outcome());
        assertEquals("taskCompleted " + TASK, last.note());
        assertEquals(frames.size() - 1, printed.size(), "every TaskEvent, one line each");
        assertEquals(data(frames.get(frames.size() - 1)).getAsJsonObject().get("data").toString(), printed.get(printed.size() - 1));
        assertEquals("{\"type\":\"TaskCommand\",\"origin\":\"client\",\"clientId\":\"3853c13e5953\",\"data\":{\"commandName\":"
                + "\"StartNewTask\",\"data\":{\"configuration\":{},\"text\":\"Say hello.\"}}}", sent.get(0).toJson().toString());
        assertEquals(TaskCommandName.CLOSE_TASK, sent.get(1).command().name());
        assertEquals(2, sent.size());
        assertEquals(TASK, session.taskId().orElseThrow());
        assertEquals(0, RooClientOutcome.COMPLETED.exitCode());
    }

    @Test
    void queriesGoFirstAndMustBeAnswered() {
        RooClientSession session = new RooClientSession(sayHello().withQueries(List.of(TaskCommandName.GET_MODES,
                TaskCommandName.GET_MODELS)), true);
        List<IpcMessage> sent = session.onMessage(json(ACK)).send();
        assertEquals(List.of(TaskCommandName.GET_MODES, TaskCommandName.GET_MODELS, TaskCommandName.START_NEW_TASK),
                sent.stream().map(m -> m.command().name()).toList());
        assertNull(session.onMessage(json(event("modesResponse", "[[{\"slug\":\"code\",\"name\":\"Code\"}]]"))).outcome());
        session.onMessage(json(event("taskCreated", "[\"" + TASK + "\"]")));
        RooClientStep end = session.onMessage(json(event("taskAborted", "[\"" + TASK + "\"]")));
        assertEquals(RooClientOutcome.QUERY_UNANSWERED, end.outcome());
        assertEquals("no modelsResponse arrived before the end (taskAborted " + TASK + ")", end.note());
    }

    @Test
    void onlyTheFollowedTasksEndEndsTheSession() {
        RooClientSession session = new RooClientSession(sayHello().cancellingOn(RooEventName.TASK_STARTED), true);
        session.onMessage(json(ACK));
        assertNull(session.onMessage(json(event("taskCompleted", "[\"other\",{\"totalTokensIn\":1,\"totalTokensOut\":1,"
                + "\"totalCost\":0,\"contextTokens\":2},{},{\"isSubtask\":false}]"))).outcome(), "another client's task");
        session.onMessage(json(event("taskCreated", "[\"" + TASK + "\"]")));
        RooClientStep started = session.onMessage(json(event("taskStarted", "[\"" + TASK + "\"]")));
        assertEquals(TaskCommandName.CANCEL_TASK, started.send().get(0).command().name());
        assertNull(session.onMessage(json(event("taskAborted", "[\"other\"]"))).outcome());
        RooClientStep aborted = session.onMessage(json(event("taskAborted", "[\"" + TASK + "\"]")));
        assertEquals(RooClientOutcome.ABORTED, aborted.outcome());
        assertEquals(1, aborted.outcome().exitCode());
    }

    @Test
    void aDisconnectBeforeTheEndIsItsOwnOutcome() {
        RooClientSession early = new RooClientSession(sayHello(), true);
        RooClientStep none = early.onDisconnect();
        assertEquals(RooClientOutcome.DISCONNECTED, none.outcome());
        assertEquals("the server closed the connection before its Ack", none.note());

        RooClientSession late = new RooClientSession(sayHello(), true);
        late.onMessage(json(ACK));
        late.onMessage(json(event("taskStarted", "[\"" + TASK + "\"]")));
        assertEquals("the server disconnected before the task ended (task " + TASK + ")", late.onDisconnect().note());
        assertEquals(3, RooClientOutcome.DISCONNECTED.exitCode());
    }

    @Test
    void aStrictSessionEndsOnTheFirstFrameRooWouldNotAccept() {
        String shortTuple = event("taskCompleted", "[\"" + TASK + "\",{\"totalTokensIn\":1,\"totalTokensOut\":1,\"totalCost\":0,"
                + "\"contextTokens\":2},{}]");
        assertBad(shortTuple, "bad frame: dropped: Roo's client drops this frame: data.payload: taskCompleted takes a tuple"
                + " of exactly 4 elements; got 3");
        assertBad("{\"type\":\"TaskCommand\",\"origin\":\"client\",\"clientId\":\"x\",\"data\":{\"commandName\":\"GetModes\"}}",
                "bad frame: ignored: Roo's client does not act on a TaskCommand (origin client) sent to it");
        assertBad("{\"type\":\"Ack\",\"origin\":\"server\",\"data\":{\"clientId\":\"0000deadbeef\",\"pid\":1,\"ppid\":1}}",
                "bad frame: a second Ack on the connection (clientId 0000deadbeef, was 3853c13e5953); Roo's client would take the new id");
        assertBad("null", "bad frame: dropped: Roo's client drops this frame: (the message): expected an object, got null");

        RooClientSession session = new RooClientSession(sayHello(), true);
        RooClientStep before = session.onMessage(json(event("taskStarted", "[\"" + TASK + "\"]")));
        assertEquals("bad frame: out of order: a TaskEvent before the Ack (the Ack must be the first frame)", before.note());
        assertEquals(RooClientOutcome.BAD_FRAME, before.outcome());
        assertEquals(List.of(), session.onMessage(json(ACK)).send(), "an ended session does nothing more");

        RooClientSession unusable = new RooClientSession(sayHello(), true);
        unusable.onMessage(json(ACK));
        assertEquals("bad frame: unusable frame: an envelope of type \"disconnect\"",
                unusable.onUnusableFrame("an envelope of type \"disconnect\"").note());
    }

    @Test
    void aLenientSessionNotesTheFrameAndGoesOnAsRoosClientDoes() {
        RooClientSession session = new RooClientSession(sayHello(), false);
        session.onMessage(json(ACK));
        RooClientStep dropped = session.onMessage(json(event("taskUserMessage", "[\"" + TASK + "\"]")));
        assertNull(dropped.outcome());
        assertEquals("bad frame (going on, as Roo's client does): dropped: Roo's client drops this frame: data.eventName:"
                + " \"taskUserMessage\" is a RooCodeEventName but not in taskEventSchema (@roo-code/types 1.115.0): Roo's client drops it",
                dropped.note());
        assertEquals(List.of(), dropped.print());
        session.onMessage(json("{\"type\":\"Ack\",\"origin\":\"server\",\"data\":{\"clientId\":\"0000deadbeef\",\"pid\":1,\"ppid\":1}}"));
        assertEquals("0000deadbeef", session.clientId().orElseThrow(), "like Roo's client, it takes the second Ack's id");
        session.onMessage(json(event("taskStarted", "[\"" + TASK + "\"]")));
        assertEquals(RooClientOutcome.COMPLETED, session.onMessage(json(event("taskCompleted", "[\"" + TASK + "\",{\"totalTokensIn\":1,"
                + "\"totalTokensOut\":1,\"totalCost\":0,\"contextTokens\":2},{},{\"isSubtask\":false}]"))).outcome());
    }

    @Test
    void aQueriesOnlyPlanEndsWhenEveryAnswerArrived() {
        RooClientSession session = new RooClientSession(RooClientPlan.queriesOnly(List.of(TaskCommandName.GET_COMMANDS)), true);
        assertEquals(1, session.onMessage(json(ACK)).send().size());
        RooClientStep answered = session.onMessage(json(event("commandsResponse", "[[{\"name\":\"n\",\"source\":\"global\"}]]")));
        assertEquals(RooClientOutcome.COMPLETED, answered.outcome());
        assertEquals("every query was answered", answered.note());
    }

    private static void assertBad(String frame, String note) {
        RooClientSession session = new RooClientSession(sayHello(), true);
        session.onMessage(json(ACK));
        RooClientStep step = session.onMessage(json(frame));
        assertEquals(note, step.note());
        assertEquals(RooClientOutcome.BAD_FRAME, step.outcome());
        assertEquals(2, step.outcome().exitCode());
    }
}
