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
    requires java.management;
    // com.sun.security.auth.module.UnixSystem: the uid that must own the task data directory.
    requires jdk.security.auth;

    // Gson (and ipc-core's params binding) read and write the records of these packages;
    // picocli fills the commands' fields.
    opens dev.localipc.examples.orchestrator to com.google.gson, dev.localipc.core;
    opens dev.localipc.examples.tasks to com.google.gson, dev.localipc.core;
    opens dev.localipc.examples.registry to com.google.gson, dev.localipc.core;
    opens dev.localipc.examples.bench to com.google.gson, dev.localipc.core;
    opens dev.localipc.examples.cli to info.picocli, com.google.gson;
    opens dev.localipc.examples.demo to info.picocli;
}
