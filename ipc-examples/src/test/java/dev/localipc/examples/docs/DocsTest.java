package dev.localipc.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.localipc.api.Endpoint;
import dev.localipc.core.IpcClient;
import dev.localipc.core.IpcServer;
import dev.localipc.core.RpcErrorException;
import dev.localipc.examples.ExampleEndpoints;
import dev.localipc.examples.cli.CliJvm;
import dev.localipc.examples.cli.CliTestAccess;
import dev.localipc.examples.cli.ExitCodes;
import dev.localipc.examples.orchestrator.Heartbeat;
import dev.localipc.examples.orchestrator.OrchestratorServer;
import dev.localipc.examples.orchestrator.WorkflowState;
import dev.localipc.examples.registry.ClientRegistryMethod;
import dev.localipc.examples.tasks.StartedTask;
import dev.localipc.examples.tasks.TaskEvent;
import dev.localipc.examples.tasks.TaskServer;
import dev.localipc.examples.tasks.TaskSnapshot;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the docs true: their code is the compiled code, their commands exist and run, their schemas fit. */
class DocsTest {
    private static final Gson GSON = new Gson();

    @TempDir
    Path temp;

    @Test
    void theGettingStartedJavaIsTheCompiledExample() {
        List<String> blocks = Markdown.blocks(Markdown.read(Markdown.docs().resolve("GETTING-STARTED.md")), "java");
        Path sources = Markdown.repository().resolve("ipc-examples/src/test/java/com/example/hello");
        assertEquals(List.of(Markdown.read(sources.resolve("HelloServer.java")), Markdown.read(sources.resolve("HelloClient.java")),
                        Markdown.read(GettingStartedModuleTest.moduleInfo())),
                blocks, "GETTING-STARTED.md's java blocks must be HelloServer.java, HelloClient.java and the consumer's"
                        + " module-info.java (src/test/modules/com.example.hello), verbatim");
    }

    @Test
    void theTransportsJavaIsExcerptedFromTheTestedTransport() {
        String source = Markdown.read(Markdown.repository()
                .resolve("ipc-api/src/test/java/dev/localipc/api/tck/jdk/JdkUnixTransport.java"));
        Matcher region = Pattern.compile("// docs:[a-z]+\n(.*?)    // docs:end\n", Pattern.DOTALL).matcher(source);
        List<String> regions = new ArrayList<>();
        while (region.find()) {
            regions.add(region.group(1));
        }
        List<String> blocks = Markdown.blocks(Markdown.read(Markdown.docs().resolve("TRANSPORTS.md")), "java");
        assertEquals(regions, blocks, "TRANSPORTS.md's java blocks must be the docs: regions of JdkUnixTransport.java");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theGettingStartedServerClientAndShellCommandsWork() throws Throwable {
        Path runtime = temp.resolve("run");
        Endpoint endpoint = Endpoint.of("hello", "greeter").withRuntimeDirectory(runtime);
        try (IpcServer server = com.example.hello.HelloAccess.start(endpoint)) {
            assertTrue(server.isRunning());
            String printed = printedOnStandardOutput(
                    () -> assertEquals("Hello, Ada!", com.example.hello.HelloAccess.greet(endpoint, "Ada")));
            // The event comes before the response; close() at the end of greet() lets its listener print it first.
            assertEquals("event #1: {\"name\":\"Ada\",\"count\":1}\n", printed);
            Map<String, String> env = Map.of("LOCALIPC_RUNTIME_DIR", runtime.toString());
            String markdown = Markdown.read(Markdown.docs().resolve("GETTING-STARTED.md"));
            List<String> shell = Markdown.blocks(markdown, "sh");
            int ran = runLocalipcLines(shell, env);
            assertTrue(ran >= 3, "ran " + ran + " commands");

            // The socat snippet, as a user would paste it.
            String socatBlock = shell.stream().filter(b -> b.contains("socat")).findFirst().orElseThrow();
            assumeTrue(onPath("socat"), "socat is not installed");
            ProcessBuilder bash = new ProcessBuilder("bash", "-c", socatBlock).redirectErrorStream(true);
            bash.environment().put("LOCALIPC_RUNTIME_DIR", runtime.toString());
            Process process = bash.start();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the socat snippet did not finish");
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(output.contains("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"Hello, Ada!\"}"), output);
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theExamplesSessionRunsCommandByCommand() throws Exception {
        Path runtime = temp.resolve("run");
        try (OrchestratorServer orchestrator = OrchestratorServer.start(
                ExampleEndpoints.endpoint(ExampleEndpoints.ORCHESTRATOR, runtime), Duration.ofMillis(100), 1000, 0);
             TaskServer tasks = TaskServer.start(ExampleEndpoints.endpoint(ExampleEndpoints.TASKS, runtime),
                     temp.resolve("data"), Duration.ofMillis(100))) {
            assertTrue(orchestrator.state() != null && tasks.token() != null);
            String markdown = Markdown.read(Markdown.docs().resolve("EXAMPLES.md"));
            String session = markdown.substring(markdown.indexOf("## A session"));
            List<String> block = List.of(Markdown.blocks(session, "sh").get(0));
            int ran = runLocalipcLines(block, Map.of("LOCALIPC_RUNTIME_DIR", runtime.toString()));
            assertTrue(ran >= 15, "ran " + ran + " commands");
        }
    }

    /** What {@code action} (and the threads it starts) prints on System.out while it runs. */
    private static String printedOnStandardOutput(org.junit.jupiter.api.function.Executable action) throws Throwable {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.execute();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** Runs every ./localipc line of the blocks in this JVM; server, demo and endless watch lines are only parsed. */
    private static int runLocalipcLines(List<String> blocks, Map<String, String> env) {
        Map<String, String> vars = new HashMap<>();
        int ran = 0;
        for (String block : blocks) {
            for (String line : block.split("\n")) {
                if (line.isBlank() || line.strip().startsWith("#") || !line.contains("./localipc")) {
                    continue;
                }
                ShellLine command = ShellLine.parse(line, vars);
                assertTrue(command.isLocalipc(), "not a localipc command: " + line);
                String[] args = command.arguments();
                String sub = args.length == 0 ? "" : args[0];
                boolean endless = sub.equals("demo") || sub.equals("orchestrator") || sub.equals("tasks")
                        || (sub.equals("watch") && !List.of(args).contains("--count"));
                if (endless) {
                    CliTestAccess.parse(env, args);
                    continue;
                }
                CliTestAccess.Result result = CliTestAccess.run(env, args);
                assertEquals(command.expectedExit, result.exit(), line + "\n" + result);
                if (command.assignTo != null) {
                    vars.put(command.assignTo, JsonParser.parseString(result.out()).getAsJsonObject().get("taskId").getAsString());
                }
                ran++;
            }
        }
        return ran;
    }

    @Test
    void everyLocalipcCommandInTheDocsExistsWithTheseOptions() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(Markdown.repository().resolve("README.md"));
        try (Stream<Path> docs = Files.list(Markdown.docs())) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        Map<String, String> vars = Map.of("TASK", "3f2b8c1e-9a7d-4e6f-8b1a-2c3d4e5f6a7b");
        int checked = 0;
        for (Path file : files) {
            for (String block : Markdown.blocks(Markdown.read(file), "sh")) {
                for (String line : block.split("\n")) {
                    if (!line.strip().startsWith("./localipc") && !line.contains("$(./localipc")) {
                        continue;
                    }
                    ShellLine command = ShellLine.parse(line, vars);
                    try {
                        CliTestAccess.parse(Map.of(), command.arguments());
                    } catch (RuntimeException wrong) {
                        throw new AssertionError(file.getFileName() + ": " + line + ": " + wrong.getMessage(), wrong);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked >= 25, "checked " + checked + " commands");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theNoexecWorkaroundOfOperationsPointsJunixsocketElsewhere() throws Exception {
        String operations = Markdown.read(Markdown.docs().resolve("OPERATIONS.md"));
        String snippet = Markdown.blocks(operations.substring(operations.indexOf("noexec")), "sh").get(0);
        assertTrue(snippet.contains("LOCALIPC_JAVA_OPTS=\"-Dorg.newsclub.net.unix.library.tmpdir="), snippet);
        Path usable = Files.createDirectory(temp.resolve("native"));
        Path unusable = Files.writeString(temp.resolve("not-a-directory"), "");
        CliJvm works = localipcListWith("-Dorg.newsclub.net.unix.library.tmpdir=" + usable);
        assertEquals(ExitCodes.OK, works.exit(), works.err());
        CliJvm broken = localipcListWith("-Dorg.newsclub.net.unix.library.tmpdir=" + unusable);
        assertEquals(ExitCodes.INTERNAL, broken.exit(), broken.err());
        assertTrue(broken.err().contains("unix (unavailable"), broken.err());
    }

    /** Runs {@code localipc list} in a new JVM with one extra JVM option, and waits for it. */
    private CliJvm localipcListWith(String option) throws Exception {
        return CliJvm.run(List.of(), CliJvm.mainClassPath(), List.of(option),
                Map.of("LOCALIPC_RUNTIME_DIR", temp.resolve("run").toString()), "list");
    }

    @Test
    void theExitCodeTableIsExitCodes() throws Exception {
        String markdown = Markdown.read(Markdown.docs().resolve("EXAMPLES.md"));
        Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\| ").matcher(markdown);
        TreeSet<Integer> documented = new TreeSet<>();
        while (row.find()) {
            documented.add(Integer.parseInt(row.group(1)));
        }
        TreeSet<Integer> defined = new TreeSet<>();
        for (Field field : ExitCodes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                defined.add(field.getInt(null));
            }
        }
        assertEquals(defined, documented);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theSchemasDescribeRealMessages() throws Exception {
        Path runtime = temp.resolve("run");
        // Steps of 250 ms: START, PAUSE and RESUME must find the run still going on a loaded machine (with 20 ms
        // steps the run sometimes completed before PAUSE arrived, and PAUSE was refused).
        try (OrchestratorServer orchestrator = OrchestratorServer.start(
                ExampleEndpoints.endpoint(ExampleEndpoints.ORCHESTRATOR, runtime), Duration.ofMillis(250), 3, 0);
             TaskServer tasks = TaskServer.start(ExampleEndpoints.endpoint(ExampleEndpoints.TASKS, runtime),
                     temp.resolve("data"), Duration.ofMillis(20));
             IpcClient orch = IpcClient.builder(orchestrator.address().endpoint()).token(orchestrator.token()).connect()) {
            LinkedBlockingQueue<JsonElement> events = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<JsonElement> states = new LinkedBlockingQueue<>();
            orch.subscribe(OrchestratorServer.TOPIC, JsonElement.class, (state, seq) -> states.add(state));
            try (IpcClient task = IpcClient.builder(tasks.address().endpoint()).token(tasks.token())
                    .onNotification(TaskServer.EVENT_METHOD, JsonElement.class, (ctx, event) -> events.add(event)).connect()) {
                check("orchestrator.heartbeat.json", get(orch.request("HEARTBEAT", null, JsonElement.class)));
                check("orchestrator.state.json", get(orch.request("START", null, JsonElement.class)));
                check("orchestrator.state.json", get(orch.request("PAUSE", null, JsonElement.class)));
                check("orchestrator.state.json", get(orch.request("RESUME", null, JsonElement.class)));
                ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> get(orch.request("RESUME", null, JsonElement.class)));
                RpcErrorException error = (RpcErrorException) refused.getCause();
                JsonObject errorObject = new JsonObject();
                errorObject.addProperty("code", error.code());
                errorObject.addProperty("message", error.getMessage());
                errorObject.add("data", error.data());
                check("orchestrator.error.json", errorObject);

                JsonObject params = JsonParser.parseString("{\"text\":\"schema\",\"images\":[\"data:x\"],"
                        + "\"configuration\":{\"steps\":2,\"stepMs\":20,\"theme\":\"dark\"},\"newTab\":true}").getAsJsonObject();
                check("tasks.start.params.json", params);
                JsonElement started = get(task.request("StartNewTask", params, JsonElement.class));
                check("tasks.start.result.json", started);
                String taskId = GSON.fromJson(started, StartedTask.class).taskId();
                JsonObject idParams = new JsonObject();
                idParams.addProperty("taskId", taskId);
                check("tasks.taskid.params.json", idParams);
                JsonObject message = idParams.deepCopy();
                message.addProperty("text", "hello");
                check("tasks.sendmessage.params.json", message);
                check("tasks.summary.json", get(task.request("SendMessage", message, JsonElement.class)));
                JsonElement event;
                do {
                    event = events.poll(20, TimeUnit.SECONDS);
                    assertTrue(event != null, "no TaskCompleted");
                    check("tasks.event.json", event);
                } while (!GSON.fromJson(event, TaskEvent.class).type().name().equals("TaskCompleted"));
                check("tasks.task.json", get(task.request("GetTask", idParams, JsonElement.class)));
                check("tasks.task.json", JsonParser.parseString(Files.readString(temp.resolve("data").resolve(taskId + ".json"))));
                for (JsonElement summary : get(task.request("GetTasks", null, JsonElement.class)).getAsJsonArray()) {
                    check("tasks.summary.json", summary);
                }
                check("tasks.summary.json", get(task.request("CloseTask", idParams, JsonElement.class)));
                check("tasks.commands.json", get(task.request("GetCommands", null, JsonElement.class)));
                check("clients.result.json", get(task.request(ClientRegistryMethod.METHOD, null, JsonElement.class)));
                check("clients.result.json", get(orch.request(ClientRegistryMethod.METHOD, null, JsonElement.class)));
                assertTrue(GSON.fromJson(get(task.request("GetTask", idParams, JsonElement.class)), TaskSnapshot.class).closed());
            }
            JsonElement state;
            while ((state = states.poll(100, TimeUnit.MILLISECONDS)) != null) {
                check("orchestrator.state.json", state);
            }
        }
        assertTrue(GSON.fromJson("{\"alive\":true}", Heartbeat.class).alive());
        assertTrue(WorkflowState.class.isRecord());
    }

    @Test
    void theJsonExamplesOfExamplesMatchTheSchemas() {
        List<String> blocks = Markdown.blocks(Markdown.read(Markdown.docs().resolve("EXAMPLES.md")), "json");
        assertEquals(3, blocks.size(), "EXAMPLES.md's json blocks: the state, an error, a task event");
        check("orchestrator.state.json", JsonParser.parseString(blocks.get(0)));
        check("orchestrator.error.json", JsonParser.parseString(blocks.get(1)).getAsJsonObject().get("error"));
        check("tasks.event.json", JsonParser.parseString(blocks.get(2)).getAsJsonObject().get("params"));
    }

    @Test
    void everySchemaIsListedInExamplesAndParses() throws IOException {
        String markdown = Markdown.read(Markdown.docs().resolve("EXAMPLES.md"));
        try (Stream<Path> schemas = Files.list(Markdown.docs().resolve("schema"))) {
            List<Path> files = schemas.sorted().collect(Collectors.toList());
            assertTrue(files.size() >= 12, files.toString());
            for (Path file : files) {
                JsonObject schema = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
                assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").getAsString(), file.toString());
                assertTrue(markdown.contains("(schema/" + file.getFileName() + ")"), file.getFileName() + " is not in EXAMPLES.md");
            }
        }
    }

    @Test
    void theDocsIndexLinksToEveryPageThatExists() throws IOException {
        String index = Markdown.read(Markdown.docs().resolve("README.md"));
        Matcher link = Pattern.compile("\\]\\(([A-Za-z0-9_./-]+\\.md)(#[^)]*)?\\)").matcher(index);
        int links = 0;
        while (link.find()) {
            links++;
        }
        assertTrue(links >= 6, "the index links to " + links + " pages");
        for (String page : List.of("GETTING-STARTED.md", "EXAMPLES.md", "SECURITY.md", "OPERATIONS.md", "TRANSPORTS.md")) {
            assertTrue(Files.exists(Markdown.docs().resolve(page)), page);
            assertTrue(index.contains("(" + page + ")"), "the index does not link to " + page);
        }
    }

    private static void check(String schemaFile, JsonElement value) {
        JsonObject schema = JsonParser.parseString(Markdown.read(Markdown.docs().resolve("schema").resolve(schemaFile)))
                .getAsJsonObject();
        List<String> problems = SchemaCheck.problems(schema, value);
        assertEquals(List.of(), problems, schemaFile + " vs " + value);
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
