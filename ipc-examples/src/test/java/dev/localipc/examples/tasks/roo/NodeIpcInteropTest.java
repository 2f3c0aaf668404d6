package dev.localipc.examples.tasks.roo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Roo mapping against real node-ipc 12 peers over real Unix sockets, in both directions:
 * the peer kit's strict Roo-style client (node-ipc, and raw with coalesced, split and byte-by-byte
 * frames) against the task runner behind a test-only stand-in for ipc-core's node-ipc seam, and
 * a {@link RooClientSession} against the kit's Roo-style servers. Also checks the kit's own
 * pairs, so a broken kit shows up here. Skipped, saying why, only when node is absent.
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang fails the class instead of the build; the kit's first install is included
class NodeIpcInteropTest {
    private static final Duration RUN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static JsonObject summary(NodeIpcPeerKit.Result result) {
        List<String> lines = result.err().lines().filter(line -> line.startsWith("{\"summary\"")).toList();
        assertEquals(1, lines.size(), result.toString());
        return JsonParser.parseString(lines.get(0)).getAsJsonObject().getAsJsonObject("summary");
    }

    @Test
    void roosStrictNodeIpcClientRunsATaskOnTheTaskRunner() throws Exception {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        Path socket = dir.resolve("tasks.sock");
        try (StandInNodeIpcServer server = new StandInNodeIpcServer(socket, dir.resolve("data"))) {
            NodeIpcPeerKit.Result result = kit.run(RUN, "", "roo-client.mjs", "--socket", socket.toString(),
                    "--text", "Write the release notes ✓", "--config", "{\"steps\":3,\"stepMs\":10}",
                    "--query", "GetModes,GetCommands,GetModels", "--close");
            assertEquals(0, result.exit(), result.toString());
            JsonObject summary = summary(result);
            assertEquals("[]", summary.get("badFrames").toString());
            assertEquals("{\"modesResponse\":1,\"commandsResponse\":1,\"modelsResponse\":1,\"taskCreated\":1,\"message\":4,"
                    + "\"taskStarted\":1,\"taskTokenUsageUpdated\":3,\"taskCompleted\":1}", summary.get("events").toString());
            List<String> lines = result.out().lines().toList();
            assertEquals(13, lines.size(), result.out());
            assertTrue(lines.get(4).contains("\"text\":\"Write the release notes ✓\""), lines.get(4));
            assertEquals(List.of(), server.log, "no refusal, no dropped frame");
        }
    }

    @Test
    void roosClientCancellingItsTaskEndsWithTaskAborted() throws Exception {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        Path socket = dir.resolve("tasks.sock");
        try (StandInNodeIpcServer server = new StandInNodeIpcServer(socket, dir.resolve("data"))) {
            NodeIpcPeerKit.Result result = kit.run(RUN, "", "roo-client.mjs", "--socket", socket.toString(),
                    "--config", "{\"steps\":50,\"stepMs\":1000}", "--cancel-on", "taskStarted");
            assertEquals(1, result.exit(), result.toString());
            assertTrue(result.out().strip().endsWith("{\"eventName\":\"taskAborted\",\"payload\":[\"" + summary(result)
                    .get("taskId").getAsString() + "\"]}"), result.out());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"coalesce", "split", "bytewise"})
    void aClientWritingFramesInPiecesIsUnderstood(String frames) throws Exception {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        Path socket = dir.resolve("tasks.sock");
        try (StandInNodeIpcServer server = new StandInNodeIpcServer(socket, dir.resolve("data"))) {
            NodeIpcPeerKit.Result result = kit.run(RUN, "", "raw-client.mjs", "--socket", socket.toString(), "--frames", frames,
                    "--delay-ms", "0", "--text", "é 😀 ✓", "--config", "{\"steps\":1,\"stepMs\":10}", "--query", "GetModes");
            assertEquals(0, result.exit(), result.toString());
            assertEquals("[]", summary(result).get("badFrames").toString());
        }
    }

    @Test
    void aClientSessionRunsATaskOnRoosStyleNodeIpcServer() throws Exception {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        Path socket = dir.resolve("roo.sock");
        try (NodeIpcPeerKit.Peer server = kit.startServer("roo-server.mjs", "--socket", socket.toString(), "--steps", "2",
                "--step-ms", "10")) {
            RooClientSession session = new RooClientSession(RooClientPlan.start(TaskCommand.startNewTask("Say hello.",
                    new JsonObject()).start()).withQueries(List.of(TaskCommandName.GET_MODES, TaskCommandName.GET_MODELS))
                    .closingAtEnd(), true);
            StandInNodeIpcClient.Run run = StandInNodeIpcClient.run(socket, session);
            assertEquals(RooClientOutcome.COMPLETED, run.outcome(), run.toString());
            assertEquals(14, run.printed().size(), run.printed().toString());
            assertTrue(run.printed().get(run.printed().size() - 1).startsWith("{\"eventName\":\"taskCompleted\""));
            assertTrue(server.process().waitFor(10, TimeUnit.SECONDS), "CloseTask ends Roo's server");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"coalesce", "split", "bytewise"})
    void aClientSessionReadsFramesThatArriveInPieces(String frames) throws Exception {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        Path socket = dir.resolve("roo.sock");
        try (NodeIpcPeerKit.Peer server = kit.startServer("raw-server.mjs", "--socket", socket.toString(), "--frames", frames,
                "--delay-ms", "0", "--steps", "2", "--step-ms", "10")) {
            StandInNodeIpcClient.Run run = StandInNodeIpcClient.run(socket, new RooClientSession(RooClientPlan.start(
                    TaskCommand.startNewTask("Say hello.", new JsonObject()).start()), true));
            assertEquals(RooClientOutcome.COMPLETED, run.outcome(), run.toString());
            assertTrue(run.printed().stream().anyMatch(line -> line.contains("✓ é 😀 \\f form-feed")), run.printed().toString());
        }
    }

    @Test
    void aClientSessionEndsOnAbortDisconnectAndFramesRooWouldDrop() throws Exception {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        assertEquals(RooClientOutcome.ABORTED, runAgainst(kit, "--abort-at-step", "1").outcome());
        StandInNodeIpcClient.Run dropped = runAgainst(kit, "--disconnect-at-step", "1");
        assertEquals(RooClientOutcome.DISCONNECTED, dropped.outcome());
        assertTrue(dropped.notes().get(dropped.notes().size() - 1).startsWith("the server disconnected before the task ended (task "),
                dropped.notes().toString());
        StandInNodeIpcClient.Run shortTuple = runAgainst(kit, "--hostile", "short-tuple");
        assertEquals(RooClientOutcome.BAD_FRAME, shortTuple.outcome());
        assertEquals(List.of("bad frame: dropped: Roo's client drops this frame: data.payload: taskCompleted takes a tuple of exactly"
                + " 4 elements; got 3"), shortTuple.notes().subList(1, 2));
        StandInNodeIpcClient.Run noType = runAgainst(kit, "--hostile", "notype");
        assertEquals("bad frame: unusable frame: an envelope whose type is not a string: null", noType.notes().get(1));
    }

    private StandInNodeIpcClient.Run runAgainst(NodeIpcPeerKit kit, String... options) throws Exception {
        Path socket = dir.resolve("roo.sock");
        List<String> args = new java.util.ArrayList<>(List.of("--socket", socket.toString(), "--steps", "3", "--step-ms", "20",
                "--stay-on-close"));
        args.addAll(List.of(options));
        try (NodeIpcPeerKit.Peer server = kit.startServer("raw-server.mjs", args.toArray(String[]::new))) {
            return StandInNodeIpcClient.run(socket, new RooClientSession(RooClientPlan.start(
                    TaskCommand.startNewTask("Say hello.", new JsonObject()).start()), true));
        }
    }

    @Test
    void theKitsNodeIpcClientAndServerWorkTogetherAndTheClientIsStrict() {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        Path socket = dir.resolve("kit.sock");
        try (NodeIpcPeerKit.Peer server = kit.startServer("roo-server.mjs", "--socket", socket.toString(), "--stay-on-close")) {
            NodeIpcPeerKit.Result result = kit.run(RUN, "", "roo-client.mjs", "--socket", socket.toString(),
                    "--query", "GetModes,GetCommands,GetModels");
            assertEquals(0, result.exit(), result.toString());
        }
        try (NodeIpcPeerKit.Peer server = kit.startServer("raw-server.mjs", "--socket", socket.toString(), "--frames", "bytewise",
                "--delay-ms", "0", "--stay-on-close")) {
            assertEquals(0, kit.run(RUN, "", "roo-client.mjs", "--socket", socket.toString()).exit());
        }
        try (NodeIpcPeerKit.Peer server = kit.startServer("raw-server.mjs", "--socket", socket.toString(), "--hostile",
                "string-task-id", "--stay-on-close")) {
            NodeIpcPeerKit.Result strict = kit.run(RUN, "", "roo-client.mjs", "--socket", socket.toString());
            assertEquals(2, strict.exit(), strict.toString());
            assertTrue(strict.err().contains("BAD FRAME (dropped): invalid payload (ipcMessageSchema): data.taskId: Expected number,"
                    + " received string"), strict.err());
        }
    }
}
