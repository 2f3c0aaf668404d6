package dev.localipc.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.localipc.core.IpcServer;
import dev.localipc.examples.ExampleEndpoints;
import dev.localipc.examples.orchestrator.OrchestratorServer;
import dev.localipc.examples.tasks.TaskServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The command-line client run in-process through picocli: exact exit codes and messages. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "messages below name Unix socket paths")
class CliTest {
    @TempDir
    Path temp;

    private Path runtime;
    private Map<String, String> env;
    private final List<AutoCloseable> servers = new ArrayList<>();

    @BeforeEach
    void environment() {
        runtime = temp.resolve("run");
        env = Map.of("LOCALIPC_RUNTIME_DIR", runtime.toString());
    }

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    private OrchestratorServer orchestrator(long stepMs) throws Exception {
        OrchestratorServer server = OrchestratorServer.start(ExampleEndpoints.endpoint("orchestrator", runtime),
                Duration.ofMillis(stepMs), 3, 0);
        servers.add(server);
        return server;
    }

    private TaskServer tasks() throws Exception {
        TaskServer server = TaskServer.start(ExampleEndpoints.endpoint("tasks", runtime), temp.resolve("data"),
                Duration.ofMillis(20));
        servers.add(server);
        return server;
    }

    private CliRun run(String... args) {
        return CliRun.run(env, args);
    }

    @Test
    void theNodeIpcOptionsRefuseWhatCannotWorkSayingWhatWould() {
        Path socket = temp.resolve("roo.sock");
        CliRun noSocket = run("tasks", "--wire", "node-ipc");
        assertEquals(ExitCodes.USAGE, noSocket.exit(), noSocket.toString());
        assertEquals("localipc: --wire node-ipc needs --socket PATH: the path Roo Code's clients connect to (its"
                + " ROO_CODE_IPC_SOCKET_PATH)\n", noSocket.err());
        CliRun socketForJsonRpc = run("tasks", "--socket", socket.toString());
        assertEquals(ExitCodes.USAGE, socketForJsonRpc.exit());
        assertEquals("localipc: --socket is for --wire node-ipc: a JSON-RPC task runner is named by --name and publishes"
                + " its token file beside its socket\n", socketForJsonRpc.err());
        CliRun badWire = run("tasks", "--wire", "grpc");
        assertEquals(ExitCodes.USAGE, badWire.exit());
        assertEquals("localipc: --wire grpc is not a wire format: use json-rpc or node-ipc\n", badWire.err());
        CliRun badSocket = run("tasks", "--wire", "node-ipc", "--socket", temp + "/..");
        assertEquals(ExitCodes.USAGE, badSocket.exit());
        assertTrue(badSocket.err().startsWith("localipc: --socket " + temp + "/..: "), badSocket.err());

        CliRun jsonRpcTask = run("task", "--wire", "json-rpc", "--socket", socket.toString(), "--text", "t");
        assertEquals(ExitCodes.USAGE, jsonRpcTask.exit());
        assertEquals("localipc: --wire json-rpc: task speaks node-ipc only; drive a JSON-RPC task runner with 'call tasks"
                + " StartNewTask' and 'watch tasks tasks'\n", jsonRpcTask.err());
        CliRun notAQuery = run("task", "--wire", "node-ipc", "--socket", socket.toString(), "--text", "t", "--query",
                "StartNewTask");
        assertEquals(ExitCodes.USAGE, notAQuery.exit());
        assertEquals("localipc: StartNewTask is not a query; queries are GetCommands, GetModes, GetModels\n", notAQuery.err());
        CliRun unknownQuery = run("task", "--wire", "node-ipc", "--socket", socket.toString(), "--text", "t", "--query",
                "GetEverything");
        assertEquals(ExitCodes.USAGE, unknownQuery.exit());
        assertTrue(unknownQuery.err().startsWith("localipc: --query: \"GetEverything\" is not a value of TaskCommandName"),
                unknownQuery.err());
        CliRun nobody = run("task", "--wire", "node-ipc", "--socket", socket.toString(), "--text", "t", "--connect-timeout", "1s");
        assertEquals(ExitCodes.CONNECTION_LOST, nobody.exit(), nobody.toString());
        assertEquals("localipc: cannot connect to the node-ipc server at " + socket + " within 1s: no server is listening on "
                + socket + " (there is no socket file): start the server first\n", nobody.err());
    }

    @Test
    void noServerExitsTwoNamingTheSocketAndTheFix() {
        CliRun result = run("call", "orchestrator", "GET_STATE");
        assertEquals(ExitCodes.NO_SERVER, result.exit(), result.toString());
        Path socket = runtime.resolve("orchestrator.sock").toAbsolutePath();
        assertEquals("localipc: no server \"orchestrator\" is listening: " + socket + " does not exist; start one"
                + " (for example ./localipc orchestrator) or check --app/--runtime-dir (looked in "
                + runtime.toAbsolutePath() + ")\n", result.err());
        assertEquals("", result.out());
    }

    @Test
    void aWrongTokenExitsThreeAndNamesWhereTheTokenCameFrom() throws Exception {
        OrchestratorServer server = orchestrator(1000);
        CliRun result = CliRun.run(Map.of("LOCALIPC_RUNTIME_DIR", runtime.toString(), "LOCALIPC_TOKEN", "0".repeat(64)),
                "call", "orchestrator", "GET_STATE");
        assertEquals(ExitCodes.AUTH_FAILED, result.exit(), result.toString());
        assertEquals("localipc: authentication failed: server \"orchestrator\" at " + server.address().location()
                + " refused the token from environment variable LOCALIPC_TOKEN; set it to the token in "
                + server.address().tokenFile() + ", or unset it to let localipc read that file\n", result.err());
    }

    @Test
    void aTokenRefusedFromAFileNamesThatFileAndNeverTheEnvironment() throws Exception {
        OrchestratorServer server = orchestrator(1000);
        Path other = temp.resolve("other.token");
        Files.writeString(other, "1".repeat(64));
        CliRun option = run("call", "orchestrator", "GET_STATE", "--token-file", other.toString());
        assertEquals(ExitCodes.AUTH_FAILED, option.exit(), option.toString());
        assertEquals("localipc: authentication failed: server \"orchestrator\" at " + server.address().location()
                + " refused the token from --token-file " + other + "; use the server's token file "
                + server.address().tokenFile() + " (or leave out --token-file)\n", option.err());

        // The server's own file, overwritten by someone else: LOCALIPC_TOKEN is not set, so not named.
        Files.writeString(server.address().tokenFile(), "2".repeat(64));
        CliRun file = run("call", "orchestrator", "GET_STATE");
        assertEquals(ExitCodes.AUTH_FAILED, file.exit(), file.toString());
        assertEquals("localipc: authentication failed: server \"orchestrator\" at " + server.address().location()
                + " refused the token from token file " + server.address().tokenFile() + "; the file does not hold"
                + " this server's token (written by another server?): restart the server, which writes its token there"
                + " again\n", file.err());
    }

    @Test
    void aMalformedTokenInTheEnvironmentIsATokenErrorWithClientAdvice() throws Exception {
        OrchestratorServer server = orchestrator(1000);
        CliRun result = CliRun.run(Map.of("LOCALIPC_RUNTIME_DIR", runtime.toString(), "LOCALIPC_TOKEN", "bad"),
                "call", "orchestrator", "GET_STATE");
        assertEquals(ExitCodes.AUTH_FAILED, result.exit(), result.toString());
        assertEquals("localipc: LOCALIPC_TOKEN is set but does not hold a token (64 lowercase hex characters; it has 3"
                + " characters): set it to the token in " + server.address().tokenFile() + ", or unset it to let"
                + " localipc read that file\n", result.err());
        assertEquals("", result.out());
    }

    @Test
    void theHelpStatesTheTokenOrderTheCodeUses() throws Exception {
        // --token-file wins over LOCALIPC_TOKEN: a wrong token in the environment does not matter then.
        OrchestratorServer server = orchestrator(1000);
        CliRun call = CliRun.run(Map.of("LOCALIPC_RUNTIME_DIR", runtime.toString(), "LOCALIPC_TOKEN", "3".repeat(64)),
                "call", "orchestrator", "GET_STATE", "--token-file", server.address().tokenFile().toString());
        assertEquals(ExitCodes.OK, call.exit(), call.toString());
        String help = run("--help").out().replaceAll("\\s+", " ");   // picocli wraps long lines
        assertTrue(help.contains("Clients take the token from --token-file, else LOCALIPC_TOKEN, else the endpoint's"
                + " token file."), help);
        String callHelp = run("call", "--help").out().replaceAll("\\s+", " ");
        assertTrue(callHelp.contains("--token-file=FILE Read the token from FILE; this wins over LOCALIPC_TOKEN (without"
                + " either: the endpoint's token file)."), callHelp);
    }

    @Test
    void aTokenFileWithoutATokenExitsThree() throws Exception {
        orchestrator(1000);
        Path bad = temp.resolve("bad.token");
        Files.writeString(bad, "not a token");
        CliRun result = run("call", "orchestrator", "GET_STATE", "--token-file", bad.toString());
        assertEquals(ExitCodes.AUTH_FAILED, result.exit(), result.toString());
        assertEquals("localipc: --token-file " + bad + " does not hold a token (64 lowercase hex characters);"
                + " point --token-file at the server's .token file\n", result.err());
    }

    @Test
    void callPrintsTheResultAndRemoteErrorsExitFive() throws Exception {
        orchestrator(1000);
        CliRun state = run("call", "orchestrator", "GET_STATE", "--json");
        assertEquals(ExitCodes.OK, state.exit(), state.toString());
        JsonObject json = JsonParser.parseString(state.out()).getAsJsonObject();
        assertEquals("IDLE", json.get("phase").getAsString());
        assertFalse(state.out().strip().contains("\n"), "--json prints one line");

        CliRun refused = run("call", "orchestrator", "PAUSE");
        assertEquals(ExitCodes.REMOTE_ERROR, refused.exit(), refused.toString());
        assertEquals("localipc: PAUSE failed: error 1001: cannot PAUSE: the workflow is IDLE; START it first\n",
                refused.err());

        CliRun refusedJson = run("call", "orchestrator", "PAUSE", "--json");
        assertEquals(ExitCodes.REMOTE_ERROR, refusedJson.exit());
        JsonObject error = JsonParser.parseString(refusedJson.out()).getAsJsonObject().getAsJsonObject("error");
        assertEquals(1001, error.get("code").getAsInt());
        assertEquals("IDLE", error.getAsJsonObject("data").get("phase").getAsString());

        CliRun unknown = run("call", "orchestrator", "FLY");
        assertEquals(ExitCodes.REMOTE_ERROR, unknown.exit());
        assertTrue(unknown.err().startsWith("localipc: FLY failed: error -32601: "), unknown.err());
    }

    @Test
    void usageErrorsExitOne() throws Exception {
        String example = "; give one JSON object or array, quoted for the shell, for example '{\"text\":\"hi\"}'\n";
        CliRun badJson = run("call", "orchestrator", "START", "{bad json");
        assertEquals(ExitCodes.USAGE, badJson.exit(), badJson.toString());
        assertEquals("localipc: params {bad json are not valid JSON: unexpected text near character 3 (names and"
                + " strings need double quotes)" + example, badJson.err());
        assertEquals("localipc: params {'a':1} are not valid JSON: JSON needs double quotes, not single quotes" + example,
                run("call", "orchestrator", "START", "{'a':1}").err());
        assertEquals("localipc: params {\"a\":1 are not valid JSON: it ends too early: a closing }, ] or \" is missing"
                + example, run("call", "orchestrator", "START", "{\"a\":1").err());
        assertEquals("localipc: params {\"a\":1}x are not valid JSON: there is more text after the first JSON value"
                + example, run("call", "orchestrator", "START", "{\"a\":1}x").err());
        assertEquals("localipc: params {\"a\":1,} are not valid JSON: expected a name in double quotes near character 9"
                + " (no comma before })" + example, run("call", "orchestrator", "START", "{\"a\":1,}").err());
        assertEquals("localipc: params {\"a\" 1} are not valid JSON: expected : after a name near character 7" + example,
                run("call", "orchestrator", "START", "{\"a\" 1}").err());
        assertEquals("localipc: params {\"a\":\"x} are not valid JSON: a string is not closed: a \" is missing near"
                + " character 9" + example, run("call", "orchestrator", "START", "{\"a\":\"x}").err());
        for (String malformed : List.of("{bad json", "{'a':1}", "{\"a\":1", "{\"a\":tru}", "[1,]")) {
            CliRun result = run("call", "orchestrator", "START", malformed);
            assertEquals(ExitCodes.USAGE, result.exit(), result.toString());
            assertFalse(result.err().contains("Strictness") || result.err().contains("http"),
                    "Gson's advice for programmers: " + result.err());
        }
        CliRun empty = run("call", "orchestrator", "START", " ");
        assertEquals(ExitCodes.USAGE, empty.exit(), empty.toString());
        assertEquals("localipc: params are empty: leave them out, or give a JSON object or array, for example"
                + " '{\"text\":\"hi\"}'\n", empty.err());

        CliRun scalar = run("call", "orchestrator", "START", "42");
        assertEquals(ExitCodes.USAGE, scalar.exit());
        assertEquals("localipc: params 42 must be a JSON object or array (JSON-RPC params are structured),"
                + " for example '{\"text\":\"hi\"}'\n", scalar.err());

        CliRun unknownOption = run("list", "--bogus");
        assertEquals(ExitCodes.USAGE, unknownOption.exit());
        assertEquals("localipc: Unknown option: '--bogus'\nTry 'localipc list --help' for more information.\n",
                unknownOption.err());

        CliRun missing = run("call", "orchestrator");
        assertEquals(ExitCodes.USAGE, missing.exit());
        assertTrue(missing.err().startsWith("localipc: Missing required parameter: '<method>'"), missing.err());

        CliRun nothing = run();
        assertEquals(ExitCodes.USAGE, nothing.exit());
        assertTrue(nothing.err().startsWith("localipc: a command is required\nUsage: localipc"), nothing.err());

        CliRun badName = run("call", "../etc", "X");
        assertEquals(ExitCodes.USAGE, badName.exit());
        assertEquals("localipc: endpoint name \"../etc\" is not valid: use 1 to 64 characters from A-Z a-z 0-9 . _ -"
                + " that do not start with a dot\n", badName.err());

        CliRun reserved = run("call", "orchestrator", "ipc.ping");
        assertEquals(ExitCodes.USAGE, reserved.exit());
        assertEquals("localipc: method ipc.ping is in the reserved ipc. namespace: the library sends those itself"
                + " (ping, subscribe, ...); use watch to subscribe, and call an application method\n", reserved.err());

        CliRun badDuration = run("call", "orchestrator", "X", "--timeout", "soon");
        assertEquals(ExitCodes.USAGE, badDuration.exit());
        assertEquals("localipc: Invalid value for option '--timeout': 'soon' is not a duration: use for example 500ms,"
                + " 10s, 2m or 1h\nTry 'localipc call --help' for more information.\n", badDuration.err());
    }

    @Test
    void aZeroOrHugeTimeoutIsAUsageErrorForEveryCommand() throws Exception {
        orchestrator(1000);
        for (String command : List.of("call orchestrator GET_STATE", "watch orchestrator state", "eval hello")) {
            String name = command.substring(0, command.indexOf(' '));
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.addAll(List.of("--timeout", "0s"));
            CliRun zero = run(args.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, zero.exit(), zero.toString());
            assertEquals("localipc: Invalid value for option '--timeout': '0s' is zero: a timeout must be longer, for"
                    + " example 500ms or 10s\nTry 'localipc " + name + " --help' for more information.\n", zero.err());
            args.set(args.size() - 1, "721h");
            CliRun huge = run(args.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, huge.exit(), huge.toString());
            assertEquals("localipc: Invalid value for option '--timeout': '721h' is too long: use at most 720h (30 days)"
                    + "\nTry 'localipc " + name + " --help' for more information.\n", huge.err());
        }
    }

    @Test
    void aBadEndpointNameIsAUsageErrorForServersAsForClients() {
        String invalid = "localipc: endpoint name \"../evil\" is not valid: use 1 to 64 characters from A-Z a-z 0-9 . _ -"
                + " that do not start with a dot\n";
        for (String[] args : List.of(new String[] {"orchestrator", "--name", "../evil"},
                new String[] {"tasks", "--name", "../evil", "--data", temp.resolve("data").toString()},
                new String[] {"call", "../evil", "GET_STATE"})) {
            CliRun result = run(args);
            assertEquals(ExitCodes.USAGE, result.exit(), result.toString());
            assertEquals(invalid, result.err());
        }
        assertFalse(Files.exists(temp.resolve("evil")), "nothing was created");
    }

    @Test
    void aRequestWithoutAnswerInTimeExitsFour() throws Exception {
        IpcServer slow = IpcServer.builder(ExampleEndpoints.endpoint("slow", runtime))
                .onRequest("SLOW", JsonElement.class, (ctx, params) -> {
                    Thread.sleep(3000);
                    return "late";
                })
                .build().start();
        servers.add(slow);
        CliRun result = run("call", "slow", "SLOW", "--timeout", "300ms");
        assertEquals(ExitCodes.TIMEOUT, result.exit(), result.toString());
        assertTrue(result.err().startsWith("localipc: SLOW"), result.err());
        assertTrue(result.err().contains("300ms"), result.err());
    }

    @Test
    void anEndpointInAnotherUsersDirectoryIsUntrustedAndGetsNoToken() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "changing a directory's owner needs root");
        orchestrator(1000);
        UserPrincipal nobody = runtime.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        UserPrincipal me = Files.getOwner(runtime);
        Files.setOwner(runtime, nobody);
        try {
            CliRun call = run("call", "orchestrator", "GET_STATE");
            assertEquals(ExitCodes.UNTRUSTED_SERVER, call.exit(), call.toString());
            assertEquals("localipc: untrusted server \"orchestrator\": the directory " + runtime.toAbsolutePath()
                    + " of " + runtime.resolve("orchestrator.sock").toAbsolutePath() + " is owned by uid 65534, but uid 0"
                    + " was expected; nothing was sent to it, not even the token: check who owns "
                    + runtime.toAbsolutePath() + " and which user runs the server; localipc talks only to servers of"
                    + " your own user\n", call.err());
            assertFalse(call.err().contains("ConnectOptions"), "a Java API named to a command-line user");
            CliRun list = run("list", "--json");
            assertEquals("untrusted", JsonParser.parseString(list.out()).getAsJsonArray().get(0).getAsJsonObject()
                    .get("status").getAsString(), list.toString());
        } finally {
            Files.setOwner(runtime, me);
        }
    }

    @Test
    void helpListsTheExitCodes() {
        CliRun help = run("--help");
        assertEquals(ExitCodes.OK, help.exit());
        assertTrue(help.out().contains("Exit codes:"), help.out());
        assertTrue(help.out().contains(" 3   authentication failed (wrong or missing token)"), help.out());
    }

    @Test
    void listShowsLiveAndStaleEndpoints() throws Exception {
        OrchestratorServer server = orchestrator(1000);
        Files.writeString(runtime.resolve("ghost.token"), "x");
        CliRun list = run("list", "--json");
        assertEquals(ExitCodes.OK, list.exit(), list.toString());
        JsonArray rows = JsonParser.parseString(list.out()).getAsJsonArray();
        assertEquals(2, rows.size());
        assertEquals("ghost", rows.get(0).getAsJsonObject().get("name").getAsString());
        assertEquals("stale", rows.get(0).getAsJsonObject().get("status").getAsString());
        assertEquals("orchestrator", rows.get(1).getAsJsonObject().get("name").getAsString());
        assertEquals("live", rows.get(1).getAsJsonObject().get("status").getAsString());
        assertEquals(server.address().location(), rows.get(1).getAsJsonObject().get("location").getAsString());

        CliRun human = run("list");
        assertTrue(human.out().contains("orchestrator         live      " + server.address().location()), human.out());
    }

    @Test
    void listSaysWhoseDirectoryItIsWhenItIsAnotherUsers() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "changing a directory's owner needs root");
        Files.createDirectories(runtime);
        Files.setPosixFilePermissions(runtime, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        UserPrincipal nobody = runtime.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(runtime, nobody);
        CliRun list = run("list");
        assertEquals(ExitCodes.OK, list.exit(), list.toString());
        assertEquals("endpoints of localipc in " + runtime.toAbsolutePath() + ":\n  (this directory belongs to nobody"
                + " (uid 65534), not to you (root): its endpoints are another user's, and localipc sends them nothing)\n",
                list.out());
    }

    @Test
    void aSocketFileNobodyListensOnIsNoServerWithOneAdvice() throws Exception {
        Files.createDirectories(runtime);
        Files.setPosixFilePermissions(runtime, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path socket = runtime.resolve("orchestrator.sock").toAbsolutePath();
        try (java.nio.channels.ServerSocketChannel left = java.nio.channels.ServerSocketChannel.open(
                java.net.StandardProtocolFamily.UNIX)) {
            left.bind(java.net.UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "closing a JDK server socket leaves its file, as a killed server does");
        Files.writeString(runtime.resolve("orchestrator.token"), "4".repeat(64));
        CliRun result = run("call", "orchestrator", "GET_STATE");
        assertEquals(ExitCodes.NO_SERVER, result.exit(), result.toString());
        assertEquals("localipc: no server \"orchestrator\" is listening: " + socket + " exists but nothing accepts"
                + " connections on it (left by a server that did not stop cleanly?); start one (for example ./localipc"
                + " orchestrator) or check --app/--runtime-dir (looked in " + runtime.toAbsolutePath() + ")\n",
                result.err());
    }

    @Test
    void watchPrintsNumberedEventsAndStopsAfterCount() throws Exception {
        OrchestratorServer server = OrchestratorServer.start(ExampleEndpoints.endpoint("orchestrator", runtime),
                Duration.ofMillis(30), 100_000, 0);
        servers.add(server);
        assertEquals(ExitCodes.OK, run("call", "orchestrator", "START").exit());
        CliRun result = run("watch", "orchestrator", "state", "--json", "--count", "3", "--timeout", "30s");
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        String[] lines = result.out().strip().split("\n");
        assertEquals(3, lines.length, result.out());
        long firstVersion = -1;
        for (int i = 0; i < 3; i++) {
            JsonObject event = JsonParser.parseString(lines[i]).getAsJsonObject();
            assertEquals("state", event.get("topic").getAsString());
            assertEquals(i + 1, event.get("seq").getAsLong(), "seq counts this session's events from 1");
            JsonObject data = event.getAsJsonObject("data");
            assertEquals("RUNNING", data.get("phase").getAsString());
            firstVersion = i == 0 ? data.get("version").getAsLong() : firstVersion;
            assertEquals(firstVersion + i, data.get("version").getAsLong(), "no state is skipped");
        }
        CliRun human = run("watch", "orchestrator", "state", "--count", "1");
        assertTrue(human.out().startsWith("#1 state {\"version\":"), human.out());
        assertEquals("watching state on orchestrator (Ctrl-C to stop)\n", human.err());
    }

    @Test
    void watchWithReconnectSurvivesAServerRestart() throws Exception {
        String token = "0123456789abcdef".repeat(4);   // the same token across the restart, as LOCALIPC_TOKEN would give
        OrchestratorServer first = OrchestratorServer.start(ExampleEndpoints.endpoint("orchestrator", runtime),
                Duration.ofMillis(250), 100_000, 0, token);
        CompletableFuture<CliRun> watch = CompletableFuture.supplyAsync(() -> CliRun.run(
                Map.of("LOCALIPC_RUNTIME_DIR", runtime.toString(), "LOCALIPC_TOKEN", token),
                "watch", "orchestrator", "state", "--json", "--reconnect", "--count", "6", "--timeout", "60s"));
        assertEquals(ExitCodes.OK, run("call", "orchestrator", "START").exit());
        Thread.sleep(600);                              // the watcher sees a few steps of the first server
        first.close();
        OrchestratorServer second = OrchestratorServer.start(ExampleEndpoints.endpoint("orchestrator", runtime),
                Duration.ofMillis(50), 100_000, 0, token);
        servers.add(second);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!watch.isDone()) {
            // START the new server once the watcher is back (until then START would be refused or unseen).
            run("call", "orchestrator", "START");
            assertTrue(System.nanoTime() < deadline, "the watcher did not come back");
            Thread.sleep(200);
        }
        CliRun result = watch.get(30, TimeUnit.SECONDS);
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        String[] lines = result.out().strip().split("\n");
        assertEquals(6, lines.length, result.out());
        long previous = 0;
        boolean restarted = false;
        for (String line : lines) {
            long seq = JsonParser.parseString(line).getAsJsonObject().get("seq").getAsLong();
            restarted |= seq < previous;                // a new server, a new session: seq starts again at 1
            previous = seq;
        }
        assertTrue(restarted, "no event of the restarted server:\n" + result.out());
    }

    @Test
    void watchTimesOutWithExitFour() throws Exception {
        orchestrator(1000);
        CliRun result = run("watch", "orchestrator", "state", "--count", "1", "--timeout", "300ms");
        assertEquals(ExitCodes.TIMEOUT, result.exit(), result.toString());
        assertTrue(result.err().endsWith("localipc: watch: 0 of 1 events arrived within 300ms\n"), result.err());
    }

    @Test
    void clientsShowsTheRegistry() throws Exception {
        orchestrator(1000);
        CliRun result = run("clients", "orchestrator", "--json");
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
        JsonArray rows = JsonParser.parseString(result.out()).getAsJsonArray();
        assertEquals(1, rows.size());
        JsonObject me = rows.get(0).getAsJsonObject();
        assertTrue(me.get("self").getAsBoolean());
        assertEquals("localipc-cli/" + Main.VERSION, me.get("clientName").getAsString());
        assertEquals(ProcessHandle.current().pid(), me.get("pid").getAsLong());
        CliRun human = run("clients", "orchestrator");
        assertTrue(human.out().contains("(this command)"), human.out());
        assertTrue(human.out().endsWith("1 client\n"), human.out());
    }

    @Test
    void notifySendsAndExitsZero() throws Exception {
        orchestrator(1000);
        CliRun result = run("notify", "orchestrator", "anything", "{\"x\":1}");
        assertEquals(ExitCodes.OK, result.exit(), result.toString());
    }

    @Test
    void evalExitsZeroSixOrFourForCompletedAbortedOrTimedOutTasks() throws Exception {
        tasks();
        CliRun completed = run("eval", "Say", "hello", "--steps", "3", "--step-ms", "20");
        assertEquals(ExitCodes.OK, completed.exit(), completed.toString());
        assertTrue(completed.out().contains("  [user] Say hello\n"), completed.out());
        assertTrue(completed.out().contains("  [assistant] Done: Say hello (3 steps).\nTaskCompleted: all 3 steps are done\n"),
                completed.out());

        CliRun aborted = run("eval", "fragile", "--steps", "3", "--step-ms", "20", "--abort-at-step", "2");
        assertEquals(ExitCodes.TASK_ABORTED, aborted.exit(), aborted.toString());
        assertTrue(aborted.err().endsWith(" was aborted: the agent gave up at step 2 of 3\n"), aborted.err());

        CliRun slow = run("eval", "slow", "--steps", "1000", "--step-ms", "1000", "--timeout", "500ms");
        assertEquals(ExitCodes.TIMEOUT, slow.exit(), slow.toString());
        assertTrue(slow.err().endsWith(" did not finish within 500ms; it was cancelled\n"), slow.err());

        CliRun json = run("eval", "json", "--steps", "1", "--step-ms", "20", "--json");
        assertEquals(ExitCodes.OK, json.exit(), json.toString());
        String[] lines = json.out().strip().split("\n");
        assertEquals("TaskCompleted", JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject()
                .get("type").getAsString());
    }

    @Test
    void theServerCommandsListenUntilStoppedAndRemoveTheirFiles() throws Exception {
        LocalIpcCommand root = new LocalIpcCommand(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> server = CompletableFuture.supplyAsync(() -> Main.commandLine(root,
                new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("orchestrator", "--name", "cli-orch", "--json", "--step-ms", "50"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!out.toString().contains("\"event\":\"listening\"")) {
            assertFalse(server.isDone(), "the server exited: " + err);
            assertTrue(System.nanoTime() < deadline, "the server did not listen: " + err);
            Thread.sleep(20);
        }
        JsonObject listening = JsonParser.parseString(out.toString().lines().findFirst().orElseThrow()).getAsJsonObject();
        Path socket = Path.of(listening.get("location").getAsString());
        Path token = Path.of(listening.get("tokenFile").getAsString());
        assertEquals(runtime.resolve("cli-orch.sock").toAbsolutePath(), socket);
        assertTrue(Files.exists(socket) && Files.exists(token));
        assertEquals(ProcessHandle.current().pid(), listening.get("pid").getAsLong());

        CliRun second = run("orchestrator", "--name", "cli-orch");
        assertEquals(ExitCodes.START_FAILED, second.exit(), second.toString());
        assertEquals("localipc: orchestrator cannot start: " + socket + " is in use by a running server (pid "
                + ProcessHandle.current().pid() + ", uid " + Files.getAttribute(runtime, "unix:uid")
                + "); stop that server, or give this one another --name\n", second.err());

        root.requestStop();
        assertEquals(ExitCodes.OK, server.get(20, TimeUnit.SECONDS));
        assertFalse(Files.exists(socket), "socket removed");
        assertFalse(Files.exists(token), "token file removed");
        assertTrue(out.toString().endsWith("{\"event\":\"stopped\",\"server\":\"orchestrator\"}\n"), out.toString());
    }

    @Test
    void aServerRefusesAMalformedTokenInTheEnvironment() {
        CliRun result = CliRun.run(Map.of("LOCALIPC_RUNTIME_DIR", runtime.toString(), "LOCALIPC_TOKEN", "secret"),
                "tasks", "--data", temp.resolve("d").toString());
        assertEquals(ExitCodes.USAGE, result.exit(), result.toString());
        assertTrue(result.err().startsWith("localipc: LOCALIPC_TOKEN is set but is not a token (64 lowercase hex"),
                result.err());
    }

    @Test
    void callReachesTheTaskRunnerWithParams() throws Exception {
        tasks();
        CliRun started = run("call", "tasks", "StartNewTask", "{\"text\":\"hi\",\"configuration\":{\"steps\":1}}", "--json");
        assertEquals(ExitCodes.OK, started.exit(), started.toString());
        JsonElement taskId = JsonParser.parseString(started.out()).getAsJsonObject().get("taskId");
        assertTrue(taskId.getAsString().matches("[0-9a-f-]{36}"));
        CliRun commands = run("call", "tasks", "GetCommands", "--json");
        assertTrue(commands.out().contains("\"name\":\"StartNewTask\""), commands.out());
    }
}
