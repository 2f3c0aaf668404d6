package dev.localipc.examples.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import dev.localipc.core.IpcClient;
import dev.localipc.core.RpcErrorException;
import dev.localipc.api.testing.CloseAfterEach;
import dev.localipc.examples.ExampleEndpoints;
import dev.localipc.examples.registry.ClientRegistryMethod;
import dev.localipc.examples.registry.ClientRow;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator over the real transport: requests, the state topic, refused signals, cleanup. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "paths and modes below are the Unix ones")
class OrchestratorServerTest {
    @TempDir
    Path temp;

    @RegisterExtension
    final CloseAfterEach resources = new CloseAfterEach();

    private OrchestratorServer server(long stepMs, int steps) throws Exception {
        OrchestratorServer server = OrchestratorServer.start(
                ExampleEndpoints.endpoint(ExampleEndpoints.ORCHESTRATOR, temp.resolve("run")), Duration.ofMillis(stepMs),
                steps, 0);
        resources.add(server);
        return server;
    }

    private IpcClient client(OrchestratorServer server, String name) throws Exception {
        IpcClient client = IpcClient.builder(server.address().endpoint())
                .token(Files.readString(server.address().tokenFile()).trim())
                .clientName(name)
                .connect();
        resources.add(client);
        return client;
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    @Test
    void answersHeartbeatAndGetState() throws Exception {
        OrchestratorServer server = server(1000, 3);
        IpcClient client = client(server, "test");
        Heartbeat beat = get(client.request("HEARTBEAT", null, Heartbeat.class));
        assertTrue(beat.alive());
        assertEquals(ProcessHandle.current().pid(), beat.pid());
        assertEquals(Phase.IDLE, beat.phase());
        WorkflowState state = get(client.request("GET_STATE", null, WorkflowState.class));
        assertEquals(Phase.IDLE, state.phase());
        assertEquals(3, state.totalSteps());
        assertEquals("waiting for START", state.activity());
    }

    @Test
    void controlSignalsAnswerTheResultingStateAndEveryChangeIsPublishedInOrder() throws Exception {
        OrchestratorServer server = server(40, 3);
        IpcClient watcher = client(server, "watcher");
        LinkedBlockingQueue<long[]> seen = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<WorkflowState> states = new LinkedBlockingQueue<>();
        watcher.subscribe(OrchestratorServer.TOPIC, WorkflowState.class, (state, seq) -> {
            seen.add(new long[] {seq, state.version()});
            states.add(state);
        });
        IpcClient controller = client(server, "controller");

        WorkflowState started = get(controller.request("START", null, WorkflowState.class));
        assertEquals(Phase.PLANNING, started.phase());
        assertEquals(controller.clientId(), started.changedBy());

        WorkflowState last;
        do {
            last = states.poll(20, TimeUnit.SECONDS);
            assertTrue(last != null, "no state event within 20 s");
        } while (last.phase() != Phase.COMPLETED);
        // START, PLANNING->RUNNING, 2 steps, COMPLETED: seq 1..5, versions consecutive
        List<long[]> events = new ArrayList<>(seen);
        assertEquals(5, events.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i)[0], "seq");
            assertEquals(started.version() + i, events.get(i)[1], "version");
        }
    }

    @Test
    void pauseStopsTheStepsAndResumeContinuesThem() throws Exception {
        OrchestratorServer server = server(30, 1000);
        IpcClient client = client(server, "test");
        get(client.request("START", null, WorkflowState.class));
        WorkflowState paused = get(client.request("PAUSE", null, WorkflowState.class));
        assertEquals(Phase.PAUSED, paused.phase());
        Thread.sleep(200);
        WorkflowState still = get(client.request("GET_STATE", null, WorkflowState.class));
        assertEquals(paused.version(), still.version(), "nothing moves while PAUSED");
        WorkflowState resumed = get(client.request("RESUME", null, WorkflowState.class));
        assertFalse(resumed.phase() == Phase.PAUSED);
        WorkflowState stopped = get(client.request("STOP", null, WorkflowState.class));
        assertEquals(Phase.IDLE, stopped.phase());
    }

    @Test
    void signalsAreAlsoAcceptedAsNotifications() throws Exception {
        OrchestratorServer server = server(1000, 3);
        IpcClient client = client(server, "test");
        client.notify("PAUSE", null);   // refused (IDLE): logged, no answer
        client.notify("START", null);
        // The handlers of one connection run in order: GET_STATE sees both notifications done.
        assertEquals(Phase.PLANNING, get(client.request("GET_STATE", null, WorkflowState.class)).phase());
    }

    @Test
    void anIllegalSignalIsAnApplicationErrorSayingWhy() throws Exception {
        OrchestratorServer server = server(1000, 3);
        IpcClient client = client(server, "test");
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> get(client.request("PAUSE", null, JsonElement.class)));
        RpcErrorException error = assertInstanceOf(RpcErrorException.class, failed.getCause());
        assertEquals(1001, error.code());
        assertEquals("cannot PAUSE: the workflow is IDLE; START it first", error.getMessage());
        assertEquals("IDLE", error.data().getAsJsonObject().get("phase").getAsString());
        assertEquals("PAUSE", error.data().getAsJsonObject().get("signal").getAsString());
    }

    @Test
    void theClientRegistryListsEveryClientWithItsProcess() throws Exception {
        OrchestratorServer server = server(1000, 3);
        IpcClient first = client(server, "first");
        IpcClient second = client(server, "second");
        ClientRow[] rows = get(second.request(ClientRegistryMethod.METHOD, null, ClientRow[].class));
        assertEquals(2, rows.length);
        assertEquals(first.clientId(), rows[0].clientId());
        assertEquals("first", rows[0].clientName());
        assertFalse(rows[0].self());
        assertTrue(rows[1].self());
        assertEquals(ProcessHandle.current().pid(), rows[1].pid());
    }

    @Test
    void aStaleSocketFileLeftByAKilledServerIsReplaced() throws Exception {
        Path run = Files.createDirectories(temp.resolve("run"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = run.resolve("orchestrator.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));   // closing leaves the file, as kill -9 would
        }
        assertTrue(Files.exists(socket));
        OrchestratorServer server = server(1000, 3);
        assertEquals(Phase.IDLE, get(client(server, "after-stale").request("GET_STATE", null, WorkflowState.class)).phase());
    }

    @Test
    void closeRemovesTheSocketAndTokenFiles() throws Exception {
        OrchestratorServer server = server(1000, 3);
        Path socket = Path.of(server.address().location());
        Path token = server.address().tokenFile();
        assertTrue(Files.exists(socket));
        assertTrue(Files.exists(token));
        server.close();
        assertFalse(Files.exists(socket));
        assertFalse(Files.exists(token));
    }
}
