/**
 * The example applications of localipc and its command-line client: the agent orchestrator,
 * the task runner, the one-command demo and {@code localipc} itself. Nothing here is API;
 * the module exports nothing.
 */
module dev.localipc.examples {
    requires dev.localipc.api;
    requires dev.localipc.core;
    requires com.google.gson;
    requires info.picocli;
    requires org.slf4j;

    // Gson reads and writes the records of these packages; picocli fills the commands' fields.
    opens dev.localipc.examples.orchestrator to com.google.gson;
    opens dev.localipc.examples.tasks to com.google.gson;
}
