package dev.localipc.core;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.JsonElement;
import dev.localipc.api.Endpoint;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A full session in its own JVM, logged at TRACE by slf4j-simple to System.err, for
 * {@link TokenNeverLoggedTest}: a server with the token {@code args[1]}, a good client (requests,
 * events, a server-to-client request, a handler failure), and every kind of refusal, with the
 * token or the wrong token {@code args[2]} inside bad frames. Prints {@code DONE} at the end.
 */
public final class LoggedSessionMain {
    private LoggedSessionMain() {
    }

    public static void main(String[] args) throws Exception {
        TransportProvider unix = Transports.byName("unix");
        String token = args[1];
        String wrong = args[2];
        Endpoint endpoint = Endpoint.builder("rel").name("logged").runtimeDirectory(Path.of(args[0])).build();
        try (IpcServer server = IpcServer.builder(endpoint).transport(unix).token(token).maxFrameBytes(4096)
                .handshakeTimeout(Duration.ofMillis(500))
                .onRequest("echo", JsonElement.class, (ctx, p) -> p)
                .onRequest("fail", JsonElement.class, (ctx, p) -> {
                    throw new IllegalStateException("handler failed on " + p);
                })
                .build().start()) {
            try (IpcClient client = IpcClient.builder(endpoint).transport(unix).token(token).clientName("logged/1")
                    .onRequest("whoami", Void.class, (ctx, p) -> "client").connect()) {
                client.subscribe("t", JsonElement.class, (data, seq) -> { });
                client.request("echo", List.of(token), JsonElement.class).get(30, TimeUnit.SECONDS);
                client.request("fail", List.of("no secret here"), JsonElement.class).exceptionally(e -> null).get(30, TimeUnit.SECONDS);
                server.publish("t", List.of(1));
                server.request(client.clientId(), "whoami", null, String.class).get(30, TimeUnit.SECONDS);
            }
            for (String hello : List.of(
                    hello("\"" + wrong + "\"", "1"), hello("null", "1"), hello("\"" + token + "\"", "2"),
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + token,
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.ping\",\"params\":{\"token\":\"" + token + "\"}}",
                    "{\"token\":\"" + token + "\",\"pad\":\"" + "x".repeat(5000) + "\"}")) {
                try (RawPeer peer = new RawPeer(unix, server.address())) {
                    peer.send(hello);
                    peer.expectClosed();
                }
            }
            try (RawPeer peer = RawPeer.authenticated(unix, server.address(), token)) {
                peer.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ipc.hello\",\"params\":{\"token\":\"" + token + "\",\"protocol\":1}}");
                peer.line();
                peer.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"" + token + "\"}");
                peer.line();
                peer.send("{\"token\":\"" + token);
                peer.line();
                peer.sendBytes(("{\"token\":\"" + token + "\u00ff\"}\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                peer.line();
                peer.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ipc.subscribe\",\"params\":{\"topics\":[\"" + token + "\", 5]}}");
                peer.line();
                peer.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":\"" + token + "\"}");
                peer.send("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":1,\"message\":\"a peer's own complaint\"}}");
                peer.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"echo\",\"params\":[\"" + "y".repeat(5000) + token + "\"]}");
                peer.expectClosed();
            }
            try (RawPeer silent = new RawPeer(unix, server.address())) {
                silent.sendBytes(("{\"token\":\"" + token).getBytes(UTF_8));
                silent.expectClosed();
            }
            try (IpcClient wrongClient = IpcClient.builder(endpoint).transport(unix).token(wrong).reconnect(false).connect()) {
                System.err.println("the wrong token was accepted");
            } catch (HandshakeException e) {
                System.err.println("application logs the refusal: " + e.getMessage());
            }
        }
        System.out.println("DONE");
    }

    private static String hello(String token, String protocol) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ipc.hello\",\"params\":{\"token\":" + token + ",\"protocol\":" + protocol + "}}";
    }
}
