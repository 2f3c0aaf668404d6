package dev.localipc.examples.cli;

import dev.localipc.api.Endpoint;
import dev.localipc.examples.ExampleEndpoints;
import dev.localipc.examples.tasks.TaskServer;
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
 * }</pre>
 */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = {"Runs the task runner until SIGINT/SIGTERM.",
            "Requests: StartNewTask, CancelTask, CloseTask, ResumeTask, SendMessage, GetCommands, GetTasks, GetTask,"
                + " localipc.clients; notification TaskEvent to every client; topic: tasks."})
public final class TasksCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--name", paramLabel = "N", defaultValue = ExampleEndpoints.TASKS,
            description = "Endpoint name (default: ${DEFAULT-VALUE}).")
    String name;

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

    private Path defaultDataDirectory() {
        String xdg = common.env().get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve(ExampleEndpoints.APPLICATION).resolve("tasks");
    }
}
