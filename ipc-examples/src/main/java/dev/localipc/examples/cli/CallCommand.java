package dev.localipc.examples.cli;

import com.google.gson.JsonElement;
import dev.localipc.core.IpcClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code localipc call}: sends one request and prints its result.
 *
 * <pre>{@code
 * ./localipc call orchestrator GET_STATE
 * ./localipc call tasks StartNewTask '{"text":"hello"}' --json | jq -r .taskId
 * }</pre>
 */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = "Sends a request and prints its result (indented; one line with --json).")
public final class CallCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "<endpoint>", description = "Endpoint name, e.g. orchestrator or tasks.")
    String endpoint;

    @Parameters(index = "1", paramLabel = "<method>", description = "Method name, e.g. GET_STATE.")
    String method;

    @Parameters(index = "2", arity = "0..1", paramLabel = "<json-params>",
            description = "Params: a JSON object or array (omit for none).")
    String params;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = Durations.class,
            description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    TokenOption token;

    @Override
    public Integer call() {
        Connector.checkMethod(method);
        JsonElement parsed = params == null ? null : JsonText.parseParams(params);
        Connector connector = common.connector(timeout, token.file);
        PrintWriter out = common.out();
        try (IpcClient client = connector.connect(endpoint, UnaryOperator.identity())) {
            JsonElement result = connector.await(client.request(method, parsed, JsonElement.class), method);
            out.println(common.json ? JsonText.compact(result) : JsonText.pretty(result));
            out.flush();
        }
        return ExitCodes.OK;
    }
}
