package dev.localipc.examples.cli;

import com.google.gson.JsonElement;
import dev.localipc.core.IpcClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code localipc notify}: sends one notification (no answer is expected).
 *
 * <pre>{@code
 * ./localipc notify myserver reload '{"force":true}'
 * }</pre>
 */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = "Sends a JSON-RPC notification (no answer; the server may ignore it).")
public final class NotifyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "<endpoint>", description = "Endpoint name.")
    String endpoint;

    @Parameters(index = "1", paramLabel = "<method>", description = "Method name.")
    String method;

    @Parameters(index = "2", arity = "0..1", paramLabel = "<json-params>", description = "Params: a JSON object or array.")
    String params;

    @Mixin
    TokenOption token;

    @Override
    public Integer call() {
        Connector.checkMethod(method);
        JsonElement parsed = params == null ? null : JsonText.parseParams(params);
        Connector connector = common.connector(Duration.ofSeconds(10), token.file);
        try (IpcClient client = connector.connect(endpoint, UnaryOperator.identity())) {
            // Queued before close()'s ipc.bye, so it is sent before the connection closes.
            client.notify(method, parsed);
        }
        return ExitCodes.OK;
    }
}
