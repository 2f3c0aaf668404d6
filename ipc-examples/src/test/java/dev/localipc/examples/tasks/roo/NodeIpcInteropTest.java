package dev.localipc.examples.tasks.roo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.localipc.api.Endpoint;
import dev.localipc.core.IpcClient;
import dev.localipc.core.WireFormat;
import dev.localipc.examples.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * The real programs against real node-ipc 12 peers over real Unix sockets, in both directions:
 * the peer kit's strict Roo-style client (node-ipc, and raw with coalesced, split and byte-by-byte
 * frames, and hostile frames) against {@link RooTaskServer} (what {@code localipc tasks --wire
 * node-ipc} runs), and {@code localipc task --wire node-ipc} against the kit's Roo-style servers.
 * Also checks the kit's own pairs, so a broken kit shows up here. Skipped, saying why, only when
 * node is absent.
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
        try (RooTaskServer server = start(socket)) {
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
            assertEquals(0, server.refusedMessages(), "no refusal, no dropped message");
        }
    }

    @Test
    void roosClientCancellingItsTaskEndsWithTaskAborted() throws Exception {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        Path socket = dir.resolve("tasks.sock");
        try (RooTaskServer server = start(socket)) {
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
        try (RooTaskServer server = start(socket)) {
            NodeIpcPeerKit.Result result = kit.run(RUN, "", "raw-client.mjs", "--socket", socket.toString(), "--frames", frames,
                    "--delay-ms", "0", "--text", "é 😀 ✓", "--config", "{\"steps\":1,\"stepMs\":10}", "--query", "GetModes");
            assertEquals(0, result.exit(), result.toString());
            assertEquals("[]", summary(result).get("badFrames").toString());
        }
    }

    @Test
    void hostileFramesFromARealClientAreDroppedAndItsTaskStillRuns() throws Exception {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        Path socket = dir.resolve("tasks.sock");
        try (RooTaskServer server = start(socket)) {
            NodeIpcPeerKit.Result result = kit.run(RUN, "", "raw-client.mjs", "--socket", socket.toString(), "--hostile",
                    "notype,type-number,disconnect-type,connect-type,empty,invalid-json,null-data,string-data,no-client-id,"
                            + "wrong-origin,unknown-command,event-to-server",
                    "--text", "still here", "--config", "{\"steps\":1,\"stepMs\":10}", "--query", "GetModes");
            assertEquals(0, result.exit(), result.toString());
            assertEquals("[]", summary(result).get("badFrames").toString());
            // not Roo messages: null-data, string-data, no-client-id, wrong-origin, unknown-command; not a command:
            // event-to-server (the envelope-level garbage is ipc-core's to drop and log)
            assertEquals(6, server.refusedMessages());
        }
    }

    @Test
    void theCliRunsATaskOnRoosStyleNodeIpcServer() throws Exception {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        Path socket = dir.resolve("roo.sock");
        try (NodeIpcPeerKit.Peer server = kit.startServer("roo-server.mjs", "--socket", socket.toString(), "--steps", "2",
                "--step-ms", "10")) {
            Cli run = Cli.run("task", "--wire", "node-ipc", "--socket", socket.toString(), "--text", "Say hello.",
                    "--query", "GetModes,GetModels", "--close");
            assertEquals(0, run.exit(), run.toString());
            List<String> printed = run.out().lines().toList();
            assertEquals(14, printed.size(), run.out());
            assertTrue(printed.get(printed.size() - 1).startsWith("{\"eventName\":\"taskCompleted\""), run.out());
            assertTrue(server.process().waitFor(10, TimeUnit.SECONDS), "CloseTask ends Roo's server");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"coalesce", "split", "bytewise"})
    void theCliReadsFramesThatArriveInPieces(String frames) throws Exception {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        Path socket = dir.resolve("roo.sock");
        try (NodeIpcPeerKit.Peer server = kit.startServer("raw-server.mjs", "--socket", socket.toString(), "--frames", frames,
                "--delay-ms", "0", "--steps", "2", "--step-ms", "10")) {
            Cli run = Cli.run("task", "--wire", "node-ipc", "--socket", socket.toString(), "--text", "Say hello.");
            assertEquals(0, run.exit(), run.toString());
            assertTrue(run.out().contains("✓ é 😀 \\f form-feed"), run.out());
        }
    }

    @Test
    void theCliEndsOnAbortDisconnectAndFramesRooWouldDrop() throws Exception {
        NodeIpcPeerKit kit = NodeIpcPeerKit.require();
        Cli aborted = runAgainst(kit, "--abort-at-step", "1");
        assertEquals(1, aborted.exit(), aborted.toString());
        assertTrue(aborted.out().strip().endsWith("]}") && aborted.out().contains("{\"eventName\":\"taskAborted\""), aborted.out());
        Cli dropped = runAgainst(kit, "--disconnect-at-step", "1");
        assertEquals(3, dropped.exit(), dropped.toString());
        assertTrue(dropped.err().contains("localipc: the server disconnected before the task ended (task "), dropped.err());
        Cli shortTuple = runAgainst(kit, "--hostile", "short-tuple");
        assertEquals(2, shortTuple.exit(), shortTuple.toString());
        assertTrue(shortTuple.err().contains("localipc: bad frame: dropped: Roo's client drops this frame: data.payload:"
                + " taskCompleted takes a tuple of exactly 4 elements; got 3"), shortTuple.err());
        Cli lenient = runAgainst(kit, "--hostile", "short-tuple", "--lenient");
        assertEquals(0, lenient.exit(), lenient.toString());
        // an envelope without a string type never reaches Roo's schema: ipc-core drops it (and logs it), as node-ipc does
        Cli noType = runAgainst(kit, "--hostile", "notype");
        assertEquals(0, noType.exit(), noType.toString());
    }

    private Cli runAgainst(NodeIpcPeerKit kit, String... options) throws Exception {
        Path socket = dir.resolve("roo.sock");
        List<String> serverArgs = new java.util.ArrayList<>(List.of("--socket", socket.toString(), "--steps", "3", "--step-ms",
                "20", "--stay-on-close"));
        List<String> cliArgs = new java.util.ArrayList<>(List.of("task", "--wire", "node-ipc", "--socket", socket.toString(),
                "--text", "Say hello."));
        for (int i = 0; i < options.length; i++) {
            if (options[i].equals("--lenient")) {
                cliArgs.add(options[i]);
            } else {
                serverArgs.add(options[i]);
                serverArgs.add(options[++i]);
            }
        }
        try (NodeIpcPeerKit.Peer server = kit.startServer("raw-server.mjs", serverArgs.toArray(String[]::new))) {
            return Cli.run(cliArgs.toArray(String[]::new));
        }
    }

    @Test
    void theCliAgainstTheJavaTaskRunnerNeedsNoNode() throws Exception {
        Path socket = dir.resolve("tasks.sock");
        try (RooTaskServer server = start(socket)) {
            Cli run = Cli.run("task", "--wire", "node-ipc", "--socket", socket.toString(), "--text", "Java to Java",
                    "--query", "GetCommands", "--close");
            assertEquals(0, run.exit(), run.toString());
            assertTrue(run.out().lines().anyMatch(line -> line.startsWith("{\"eventName\":\"commandsResponse\"")), run.out());
            assertTrue(run.out().strip().lines().reduce((a, b) -> b).orElseThrow().startsWith("{\"eventName\":\"taskCompleted\""),
                    run.out());
            assertEquals(0, server.refusedMessages());
        }
    }

    @Test
    void aFloodOfMessagesThatAreNotRoosIsCountedAndTheServerStillServes() throws Exception {
        Path socket = dir.resolve("tasks.sock");
        try (RooTaskServer server = start(socket);
             IpcClient flooder = IpcClient.builder(Endpoint.ofSocketPath(socket)).wireFormat(WireFormat.nodeIpc())
                     .reconnect(false).connect()) {
            JsonObject bogus = JsonParser.parseString("{\"type\":\"TaskCommand\",\"origin\":\"client\",\"clientId\":\"x\","
                    + "\"data\":{\"commandName\":\"DeleteEverything\"}}").getAsJsonObject();
            for (int i = 0; i < 2000; i++) {
                flooder.notify(RooTaskServer.ENVELOPE, bogus);
            }
            Cli run = Cli.run("task", "--wire", "node-ipc", "--socket", socket.toString(), "--text", "after the flood");
            assertEquals(0, run.exit(), run.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (server.refusedMessages() < 2000 && System.nanoTime() < deadline) {
                Thread.sleep(20); // the flooder's connection is read by its own thread
            }
            assertEquals(2000, server.refusedMessages(), "every one counted; the task's own messages were all accepted");
            assertTrue(flooder.isConnected(), "the flooder is not disconnected: node-ipc drops bad messages, it does not hang up");
        }
    }

    private RooTaskServer start(Path socket) throws Exception {
        return RooTaskServer.start(Endpoint.ofSocketPath(socket), dir.resolve("data"), Duration.ofMillis(10));
    }

    /** {@code localipc} run in this JVM. */
    private record Cli(int exit, String out, String err) {
        static Cli run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), System.getenv());
            return new Cli(exit, out.toString(), err.toString());
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
