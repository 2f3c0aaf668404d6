package dev.localipc.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.localipc.core.IpcClient;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.examples.registry.ClientRegistryMethod;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code localipc clients}: shows a server's client registry (request {@code localipc.clients}).
 *
 * <pre>{@code
 * ./localipc clients tasks
 * }</pre>
 */
@Command(name = "clients", mixinStandardHelpOptions = true,
        description = "Shows the server's client registry (the example servers answer " + ClientRegistryMethod.METHOD + ").")
public final class ClientsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "<endpoint>", description = "Endpoint name.")
    String endpoint;

    @Mixin
    TokenOption token;

    @Override
    public Integer call() {
        Connector connector = common.connector(Duration.ofSeconds(10), token.file);
        PrintWriter out = common.out();
        JsonElement rows;
        try (IpcClient client = connector.connect(endpoint, UnaryOperator.identity())) {
            try {
                rows = connector.await(client.request(ClientRegistryMethod.METHOD, null, JsonElement.class),
                        ClientRegistryMethod.METHOD);
            } catch (CliFailure failure) {
                if (failure.getCause() instanceof dev.localipc.core.RpcErrorException
                        && ((dev.localipc.core.RpcErrorException) failure.getCause()).code() == IpcErrorCodes.METHOD_NOT_FOUND) {
                    throw new CliFailure(ExitCodes.REMOTE_ERROR, "server \"" + endpoint + "\" does not show its client"
                            + " registry: it has no method " + ClientRegistryMethod.METHOD
                            + " (the example servers have it; register ClientRegistryMethod in yours)", failure.json(),
                            failure.getCause());
                }
                throw failure;
            }
        }
        if (common.json) {
            out.println(JsonText.compact(rows));
        } else {
            JsonArray array = rows.getAsJsonArray();
            out.printf("%-12s  %-8s  %-6s  %-24s  %-20s  %8s  %8s%n", "CLIENT", "PID", "UID", "NAME", "CONNECTED",
                    "MSGS-IN", "MSGS-OUT");
            for (JsonElement element : array) {
                JsonObject row = element.getAsJsonObject();
                String name = row.has("clientName") && !row.get("clientName").isJsonNull()
                        ? row.get("clientName").getAsString() : "-";
                out.printf("%-12s  %-8s  %-6s  %-24s  %-20s  %8d  %8d%s%n", row.get("clientId").getAsString(),
                        row.get("pid").getAsLong(), row.get("uid").getAsLong(), name, connected(row.get("connectedAt").getAsString()),
                        row.get("messagesIn").getAsLong(), row.get("messagesOut").getAsLong(),
                        row.get("self").getAsBoolean() ? "  (this command)" : "");
            }
            out.println(array.size() + (array.size() == 1 ? " client" : " clients"));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String connected(String instant) {
        try {
            return java.time.Instant.parse(instant).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            return instant;
        }
    }
}
