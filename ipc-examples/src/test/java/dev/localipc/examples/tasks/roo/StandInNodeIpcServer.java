package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.localipc.examples.tasks.TaskRunner;
import dev.localipc.examples.tasks.TaskStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in, in test code only, for what ipc-core's node-ipc wire format will provide: a plain
 * JDK Unix socket server that writes the Ack on accept, splits frames on the form feed, and hands
 * each "message" envelope's data to the task runner's Roo mapping, routing replies by connection.
 * It exists to show that {@link RooEventTranslator} and {@link RooCommandDispatcher} are all the
 * task runner needs on top of such a seam; it has none of ipc-core's limits, security checks or
 * logging, and goes once the seam exists.
 */
final class StandInNodeIpcServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Path path;
    private final TaskRunner runner;
    private final RooCommandDispatcher dispatcher;
    private final Map<SocketChannel, String> connections = new ConcurrentHashMap<>();
    /** Refusals and dropped frames: what the real server would log. */
    final List<String> log = new CopyOnWriteArrayList<>();

    StandInNodeIpcServer(Path path, Path data) throws IOException {
        this.path = path;
        RooEventTranslator translator = new RooEventTranslator();
        runner = new TaskRunner(new TaskStore(data), Duration.ofMillis(10), Clock.systemUTC(),
                event -> translator.translate(event).forEach(roo -> connections.keySet()
                        .forEach(connection -> send(connection, IpcMessage.taskEvent(roo)))));
        dispatcher = new RooCommandDispatcher(runner, Clock.systemUTC());
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread acceptor = new Thread(this::accept, "stand-in-node-ipc-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                String clientId = Ack.newClientId();
                connections.put(connection, clientId);
                send(connection, IpcMessage.ack(Ack.forThisProcess(clientId)));
                Thread reader = new Thread(() -> read(connection, clientId), "stand-in-node-ipc-" + clientId);
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void read(SocketChannel connection, String clientId) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try (connection) {
            while (connection.read(buffer.clear()) >= 0) {
                for (int i = 0; i < buffer.position(); i++) {
                    byte b = buffer.get(i);
                    if (b != '\f') {
                        frame.write(b);
                        continue;
                    }
                    handle(connection, clientId, frame.toString(StandardCharsets.UTF_8));
                    frame.reset();
                }
            }
        } catch (IOException gone) {
            log.add(clientId + ": " + gone.getMessage());
        } finally {
            connections.remove(connection);
        }
    }

    private void handle(SocketChannel connection, String clientId, String text) {
        try {
            JsonObject envelope = JsonParser.parseString(text).getAsJsonObject();
            JsonElement type = envelope.get("type");
            if (type == null || !type.isJsonPrimitive() || !"message".equals(type.getAsString())) {
                log.add("dropped a frame whose envelope type is " + type);
                return;
            }
            IpcMessage message = IpcMessage.parse(envelope.get("data"));
            if (message.type() != IpcMessageType.TASK_COMMAND) {
                log.add("ignored a " + message.type().wire() + " from a client");
                return;
            }
            RooCommandResult result = dispatcher.dispatch(clientId, message.command());
            result.replies().forEach(reply -> send(connection, IpcMessage.taskEvent(reply)));
            if (result.refusal() != null) {
                log.add(result.refusal());
            }
        } catch (RooSchemaException | RuntimeException invalid) {
            log.add("dropped an invalid frame: " + invalid.getMessage());
        }
    }

    private void send(SocketChannel connection, IpcMessage message) {
        JsonObject envelope = new JsonObject();
        envelope.addProperty("type", "message");
        envelope.add("data", message.toJson());
        ByteBuffer bytes = ByteBuffer.wrap((envelope + "\f").getBytes(StandardCharsets.UTF_8));
        synchronized (connection) {
            try {
                while (bytes.hasRemaining()) {
                    connection.write(bytes);
                }
            } catch (IOException gone) {
                connections.remove(connection);
            }
        }
    }

    @Override
    public void close() throws IOException {
        runner.close();
        server.close();
        for (SocketChannel connection : connections.keySet()) {
            connection.close();
        }
        Files.deleteIfExists(path);
    }
}
