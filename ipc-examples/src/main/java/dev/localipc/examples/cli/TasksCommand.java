package dev.localipc.examples.cli;

import dev.localipc.api.Endpoint;
import dev.localipc.examples.ExampleEndpoints;
import dev.localipc.examples.tasks.TaskServer;
import dev.localipc.examples.tasks.roo.RooTaskServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code localipc tasks}: runs the task runner in the foreground.
 *
 * <pre>{@code
 * ./localipc tasks --data ~/.local/share/localipc/tasks
 * # the same tasks for Roo Code's IPC clients (its evaluation runner), at the path they connect to:
 * ./localipc tasks --wire node-ipc --socket "$ROO_CODE_IPC_SOCKET_PATH"
 * }</pre>
 */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = {"Runs the task runner until SIGINT/SIGTERM.",
            "Requests: StartNewTask, CancelTask, CloseTask, ResumeTask, SendMessage, GetCommands, GetTasks, GetTask,"
                + " localipc.clients; notification TaskEvent to every client; topic: tasks.",
            "With --wire node-ipc: Roo Code's IPC (node-ipc frames, Roo's TaskCommand and TaskEvent messages, no"
                + " token) at --socket PATH."})
public final class TasksCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--name", paramLabel = "N", defaultValue = ExampleEndpoints.TASKS,
            description = "Endpoint name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--wire", paramLabel = "FORMAT", defaultValue = "json-rpc",
            description = "json-rpc (localipc's protocol) or node-ipc (Roo Code's IPC; needs --socket) (default: ${DEFAULT-VALUE}).")
    String wire;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "With --wire node-ipc: the socket path to listen on (Roo Code: its ROO_CODE_IPC_SOCKET_PATH).")
    Path socket;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Directory of the task files, one JSON file per task (default: $XDG_DATA_HOME/localipc/tasks,"
                    + " else ~/.local/share/localipc/tasks).")
    Path data;

    @Option(names = "--step-ms", paramLabel = "MS", defaultValue = "500",
            description = "Default milliseconds between two messages of a task (default: ${DEFAULT-VALUE}).")
    long stepMs;

    @Override
    public Integer call() {
        if (stepMs < 1) {
            throw new CliFailure(ExitCodes.USAGE, "--step-ms " + stepMs + " is too short: use at least 1");
        }
        Path directory = data != null ? data : defaultDataDirectory();
        if ("node-ipc".equals(wire)) {
            return runNodeIpc(directory);
        }
        if (!"json-rpc".equals(wire)) {
            throw new CliFailure(ExitCodes.USAGE, "--wire " + wire + " is not a wire format: use json-rpc or node-ipc");
        }
        if (socket != null) {
            throw new CliFailure(ExitCodes.USAGE, "--socket is for --wire node-ipc: a JSON-RPC task runner is named by"
                    + " --name and publishes its token file beside its socket");
        }
        // Checked before anything starts: a bad --name is a usage error (exit 1), as for the client commands.
        Endpoint endpoint = common.connector(Duration.ofSeconds(10), null).endpoint(name);
        return ForegroundServer.run(common, "tasks", token -> {
            TaskServer server = token == null
                    ? TaskServer.start(endpoint, directory, Duration.ofMillis(stepMs))
                    : TaskServer.start(endpoint, directory, Duration.ofMillis(stepMs), token);
            if (!common.json) {
                common.out().println("task files in " + directory.toAbsolutePath());
            }
            return new ForegroundServer.Started(server.address(), server::close);
        });
    }

    private int runNodeIpc(Path directory) {
        if (socket == null) {
            throw new CliFailure(ExitCodes.USAGE, "--wire node-ipc needs --socket PATH: the path Roo Code's clients"
                    + " connect to (its ROO_CODE_IPC_SOCKET_PATH)");
        }
        Endpoint endpoint;
        try {
            endpoint = Endpoint.ofSocketPath(socket);
        } catch (IllegalArgumentException bad) {
            throw new CliFailure(ExitCodes.USAGE, "--socket " + socket + ": " + bad.getMessage(), bad);
        }
        return ForegroundServer.run(common, "tasks (node-ipc)", "another --socket", token -> {
            RooTaskServer server = RooTaskServer.start(endpoint, directory, Duration.ofMillis(stepMs));
            if (!common.json) {
                common.out().println("task files in " + directory.toAbsolutePath());
            }
            return new ForegroundServer.Started(server.address(), server::close);
        });
    }

    private Path defaultDataDirectory() {
        String xdg = common.env().get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve(ExampleEndpoints.APPLICATION).resolve("tasks");
    }
}
