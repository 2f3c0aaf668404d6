package dev.localipc.examples.registry;

import dev.localipc.core.IpcServer;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The request {@value #METHOD}, which both example servers answer with their client registry
 * (a list of {@link ClientRow}, oldest connection first). {@code localipc clients <endpoint>} calls it.
 *
 * <pre>{@code
 * IpcServer.Builder builder = IpcServer.builder(endpoint);
 * ClientRegistryMethod.register(builder);
 * }</pre>
 */
public final class ClientRegistryMethod {
    /** The method name (outside the reserved {@code ipc.} namespace). */
    public static final String METHOD = "localipc.clients";

    private ClientRegistryMethod() {
    }

    /** Adds the {@value #METHOD} handler to {@code builder}. */
    public static IpcServer.Builder register(IpcServer.Builder builder) {
        return builder.onRequest(METHOD, Void.class, (ctx, ignored) -> rows(ctx.server(), ctx.clientId()));
    }

    static List<ClientRow> rows(IpcServer server, String askingClientId) {
        return server.clients().stream()
                .sorted(Comparator.comparing((dev.localipc.core.ClientInfo c) -> c.connectedAt())
                        .thenComparing(dev.localipc.core.ClientInfo::clientId))
                .map(info -> ClientRow.of(info, askingClientId))
                .collect(Collectors.toList());
    }
}
