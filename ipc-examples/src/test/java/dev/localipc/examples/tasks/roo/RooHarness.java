package dev.localipc.examples.tasks.roo;

import dev.localipc.examples.tasks.TaskRunner;
import dev.localipc.examples.tasks.TaskStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real task runner (files in a temporary directory, real steps) wired to the Roo mapping as a
 * node-ipc server would wire it: runner events through {@link RooEventTranslator} to a
 * "broadcast" queue, commands through {@link RooCommandDispatcher}. No socket.
 */
final class RooHarness implements AutoCloseable {
    private final LinkedBlockingQueue<RooTaskEvent> broadcast = new LinkedBlockingQueue<>();
    private final List<RooTaskEvent> everything = Collections.synchronizedList(new ArrayList<>());
    final RooEventTranslator translator = new RooEventTranslator();
    final TaskRunner runner;
    final RooCommandDispatcher dispatcher;

    RooHarness(Path data) throws Exception {
        runner = new TaskRunner(new TaskStore(data), Duration.ofMillis(10), Clock.systemUTC(),
                event -> translator.translate(event).forEach(roo -> {
                    everything.add(roo);
                    broadcast.add(roo);
                }));
        dispatcher = new RooCommandDispatcher(runner, Clock.systemUTC());
    }

    /** Dispatches, remembering the replies among everything sent. */
    RooCommandResult dispatch(String connection, TaskCommand command) {
        RooCommandResult result = dispatcher.dispatch(connection, command);
        everything.addAll(result.replies());
        return result;
    }

    RooTaskEvent next() throws InterruptedException {
        RooTaskEvent event = broadcast.poll(20, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no Roo event within 20 s");
        }
        return event;
    }

    /** The broadcast events up to and including the first of {@code last}. */
    List<RooTaskEvent> until(RooEventName last) throws InterruptedException {
        List<RooTaskEvent> seen = new ArrayList<>();
        RooTaskEvent event;
        do {
            event = next();
            seen.add(event);
        } while (event.name() != last);
        return seen;
    }

    /** Every event broadcast or replied so far, in order. */
    List<RooTaskEvent> everything() {
        synchronized (everything) {
            return List.copyOf(everything);
        }
    }

    static String names(List<RooTaskEvent> events) {
        return events.stream().map(e -> e.name().wire() + e.message().map(m -> ":" + (m.message().say() != null
                ? m.message().say().wire() : m.message().ask().wire())).orElse("")).collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        runner.close();
    }
}
