package dev.localipc.examples.cli;

import com.google.gson.JsonElement;
import dev.localipc.core.ConnectionState;
import dev.localipc.core.IpcClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code localipc watch}: subscribes to topics and prints each event as it arrives.
 *
 * <pre>{@code
 * ./localipc watch orchestrator state
 * ./localipc watch tasks tasks --json --count 5
 * }</pre>
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Subscribes to topics and prints every event as it arrives, until Ctrl-C.",
            "Human output: '#<seq> <topic> <data>'; --json: {\"topic\",\"seq\",\"data\"} per line."})
public final class WatchCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "<endpoint>", description = "Endpoint name.")
    String endpoint;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "<topic>", description = "Topics, e.g. state.")
    List<String> topics = new ArrayList<>();

    @Option(names = "--count", paramLabel = "N", description = "Exit 0 after N events.")
    Integer count;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "Exit 4 if --count events have not arrived by then (default: wait forever).")
    Duration timeout;

    @Option(names = "--reconnect", description = {"Reconnect if the link drops: the session resumes without losing events"
            + " while the server holds it; a restarted server starts a new session (seq starts again at 1)."})
    boolean reconnect;

    @Mixin
    TokenOption token;

    private static final Object CLOSED = new Object();

    @Override
    public Integer call() {
        if (count != null && count < 1) {
            throw new CliFailure(ExitCodes.USAGE, "--count " + count + " must be at least 1");
        }
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        Connector connector = common.connector(Duration.ofSeconds(10), token.file);
        PrintWriter out = common.out();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        try (IpcClient client = connector.connect(endpoint, builder -> builder.reconnect(reconnect)
                .onConnectionStateChanged(state -> {
                    if (state == ConnectionState.CLOSED) {
                        queue.add(CLOSED);
                    }
                }))) {
            for (String topic : topics) {
                try {
                    client.subscribe(topic, JsonElement.class, (data, seq) -> {
                        Map<String, Object> event = new LinkedHashMap<>();
                        event.put("topic", topic);
                        event.put("seq", seq);
                        event.put("data", data);
                        queue.add(event);
                    });
                } catch (RuntimeException failure) {
                    throw connector.failure(failure, "subscribe to " + topic);
                }
            }
            if (!common.json) {
                common.err().println("watching " + String.join(", ", topics) + " on " + endpoint
                        + " (Ctrl-C to stop)");
                common.err().flush();
            }
            int seen = 0;
            while (count == null || seen < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new CliFailure(ExitCodes.TIMEOUT, "watch: " + seen + " of " + count + " events arrived within "
                            + Durations.format(timeout));
                }
                Object next = queue.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                if (next == null) {
                    continue;
                }
                if (next == CLOSED) {
                    throw new CliFailure(ExitCodes.CONNECTION_LOST, "watch: the connection to \"" + endpoint
                            + "\" closed after " + seen + " events (the server stopped?)");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> event = (Map<String, Object>) next;
                out.println(common.json ? JsonText.compact(event)
                        : "#" + event.get("seq") + " " + event.get("topic") + " " + JsonText.compact(event.get("data")));
                out.flush();
                seen++;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCodes.CONNECTION_LOST, "watch was interrupted", interrupted);
        }
        return ExitCodes.OK;
    }
}
