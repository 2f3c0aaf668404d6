package dev.localipc.examples.cli;

import dev.localipc.api.Endpoint;
import dev.localipc.api.NoTransportAvailableException;
import dev.localipc.api.Transports;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.api.spi.UntrustedServerException;
import dev.localipc.core.ConnectionLostException;
import dev.localipc.core.HandshakeException;
import dev.localipc.core.IpcClient;
import dev.localipc.core.IpcErrorCodes;
import dev.localipc.core.RequestTimeoutException;
import dev.localipc.core.RpcErrorException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * How the client commands reach a server: resolves the endpoint, finds the token
 * ({@code --token-file}, else the environment variable {@value #TOKEN_ENV}, else the endpoint's
 * token file), connects, and turns
 * every failure into a {@link CliFailure} with the right exit code and a message that names the
 * endpoint, the cause and the fix.
 *
 * <pre>{@code
 * Connector connector = new Connector(common, env, Duration.ofSeconds(10), null);
 * try (IpcClient client = connector.connect("orchestrator", UnaryOperator.identity())) {
 *     JsonElement state = connector.await(client.request("GET_STATE", null, JsonElement.class), "GET_STATE");
 * }
 * }</pre>
 *
 * <p>Not thread-safe; one per command.
 */
final class Connector {
    /** The environment variable that hands the token to clients. */
    static final String TOKEN_ENV = "LOCALIPC_TOKEN";

    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{64}");

    private final CommonOptions common;
    private final Map<String, String> env;
    private final Duration timeout;
    private final Path tokenFile;
    private TransportProvider transport;

    Connector(CommonOptions common, Map<String, String> env, Duration timeout, Path tokenFile) {
        this.common = common;
        this.env = env;
        this.timeout = timeout;
        this.tokenFile = tokenFile;
    }

    /** The endpoint {@code name} of the chosen application, in the chosen runtime directory. */
    Endpoint endpoint(String name) {
        try {
            Endpoint endpoint = Endpoint.of(common.app, name);
            Path dir = runtimeDirectory();
            return dir == null ? endpoint : endpoint.withRuntimeDirectory(dir);
        } catch (IllegalArgumentException invalid) {
            throw new CliFailure(ExitCodes.USAGE, invalid.getMessage(), invalid);
        }
    }

    /** The runtime directory given by {@code --runtime-dir}, else by the (possibly injected) environment, else null. */
    Path runtimeDirectory() {
        if (common.runtimeDir != null) {
            return common.runtimeDir.toAbsolutePath();
        }
        String fromEnv = env.get("LOCALIPC_RUNTIME_DIR");
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv).toAbsolutePath();
    }

    TransportProvider transport() {
        if (transport == null) {
            try {
                transport = Transports.select();
            } catch (NoTransportAvailableException none) {
                throw new CliFailure(ExitCodes.INTERNAL, none.getMessage(), none);
            }
        }
        return transport;
    }

    /** The address of endpoint {@code name}. */
    TransportAddress address(String name) {
        try {
            return transport().resolve(endpoint(name));
        } catch (IllegalArgumentException unusable) {
            throw new CliFailure(ExitCodes.USAGE, unusable.getMessage(), unusable);
        }
    }

    /**
     * Connects to endpoint {@code name} and completes the handshake.
     *
     * @param customize adds handlers or options to the client builder
     */
    IpcClient connect(String name, UnaryOperator<IpcClient.Builder> customize) {
        TransportAddress address = address(name);
        checkServerExists(name, address);
        TokenSource token = token(address);
        IpcClient.Builder builder = IpcClient.builder(address.endpoint())
                .clientName("localipc-cli/" + Main.VERSION)
                .token(token.value)
                .transport(transport())
                .requestTimeout(timeout)
                .reconnect(false);
        try {
            return customize.apply(builder).connect();
        } catch (HandshakeException refused) {
            throw refused(name, address, token, refused);
        } catch (UntrustedServerException impostor) {
            // The transport's advice speaks to Java callers (ConnectOptions): keep its facts, give ours.
            throw new CliFailure(ExitCodes.UNTRUSTED_SERVER, "untrusted server \"" + name + "\": "
                    + LibraryMessages.facts(impostor.getMessage(), "nothing was sent") + "nothing was sent to it, not even"
                    + " the token: check who owns " + address.directory() + " and which user runs the server;"
                    + " localipc talks only to servers of your own user", impostor);
        } catch (ConnectException nobody) {
            throw noServer(name, address, notAccepting(address, nobody), nobody);
        } catch (IOException | ConnectionLostException failed) {
            // The connection broke before the handshake was done (the server closed it, did not answer, or the
            // transport failed); the library's message says which.
            throw new CliFailure(ExitCodes.CONNECTION_LOST, "cannot complete the connection to server \"" + name + "\" at "
                    + address.location() + ": " + failed.getMessage(), failed);
        }
    }

    /** Why nobody accepted the connection, in the command line's words (the transport's advice is for Java callers). */
    private static String notAccepting(TransportAddress address, ConnectException cause) {
        if (!"unix".equals(address.transport())) {
            return LibraryMessages.facts(cause.getMessage(), ": start the server first");
        }
        Path socket = Path.of(address.location());
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return socket + " exists but nothing accepts connections on it (left by a server that did not stop cleanly?)";
        }
        return socket + " does not exist";
    }

    /** The handshake was refused: the message says which token was refused, or why else, and what to do on the command line. */
    private static CliFailure refused(String name, TransportAddress address, TokenSource token, HandshakeException refused) {
        String server = "server \"" + name + "\" at " + address.location();
        switch (refused.code()) {
            case IpcErrorCodes.AUTHENTICATION_FAILED:
                return new CliFailure(ExitCodes.AUTH_FAILED, "authentication failed: " + server + " refused the token from "
                        + token.source + "; " + token.advice, refused);
            case IpcErrorCodes.TOO_MANY_CLIENTS:
                return new CliFailure(ExitCodes.REMOTE_ERROR, server + " is full: " + refused.serverMessage()
                        + " (error -32006)", refused);
            case IpcErrorCodes.SHUTTING_DOWN:
                return new CliFailure(ExitCodes.REMOTE_ERROR, server + " is shutting down (error -32008): start it again",
                        refused);
            default:
                return new CliFailure(ExitCodes.REMOTE_ERROR, server + " refused the connection: "
                        + refused.serverMessage() + " (error " + refused.code() + ")", refused);
        }
    }

    /**
     * Checks a method name the user typed: not empty, and not in the library's reserved {@code ipc.}
     * namespace (those are sent by the library itself).
     */
    static String checkMethod(String method) {
        if (method.isBlank()) {
            throw new CliFailure(ExitCodes.USAGE, "the method name is empty");
        }
        if (method.startsWith("ipc.")) {
            throw new CliFailure(ExitCodes.USAGE, "method " + method + " is in the reserved ipc. namespace: the library"
                    + " sends those itself (ping, subscribe, ...); use watch to subscribe, and call an application method");
        }
        return method;
    }

    /** Waits for {@code future} and maps its failure; {@code what} names the call in messages. */
    <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCodes.CONNECTION_LOST, what + " was interrupted", interrupted);
        } catch (TimeoutException late) {
            throw timeout(what, late);
        } catch (ExecutionException failed) {
            throw failure(failed.getCause(), what);
        }
    }

    /** Maps the failure of a call named {@code what} to a {@link CliFailure}. */
    CliFailure failure(Throwable cause, String what) {
        if (cause instanceof CliFailure) {
            return (CliFailure) cause;
        }
        if (cause instanceof RpcErrorException) {
            RpcErrorException error = (RpcErrorException) cause;
            Map<String, Object> json = new LinkedHashMap<>();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", error.code());
            body.put("message", error.getMessage());
            if (error.data() != null) {
                body.put("data", error.data());
            }
            json.put("error", body);
            return new CliFailure(ExitCodes.REMOTE_ERROR, what + " failed: error " + error.code() + ": " + error.getMessage(),
                    json, error);
        }
        if (cause instanceof RequestTimeoutException) {
            return timeout(what, cause);
        }
        if (cause instanceof ConnectionLostException) {
            return new CliFailure(ExitCodes.CONNECTION_LOST, what + " failed: the connection was lost ("
                    + cause.getMessage() + ")", cause);
        }
        return new CliFailure(ExitCodes.INTERNAL, what + " failed: " + cause, cause);
    }

    private CliFailure timeout(String what, Throwable cause) {
        return new CliFailure(ExitCodes.TIMEOUT, what + ": no answer within " + Durations.format(timeout)
                + "; the server may be busy: try a longer --timeout", cause);
    }

    private void checkServerExists(String name, TransportAddress address) {
        if ("unix".equals(address.transport()) && !Files.exists(Path.of(address.location()))) {
            throw noServer(name, address, address.location() + " does not exist", null);
        }
    }

    private CliFailure noServer(String name, TransportAddress address, String cause, Throwable exception) {
        return new CliFailure(ExitCodes.NO_SERVER, "no server \"" + name + "\" is listening: " + cause
                + "; start one (for example ./localipc " + suggestion(name) + ") or check --app/--runtime-dir"
                + " (looked in " + address.directory() + ")", exception);
    }

    private static String suggestion(String name) {
        return name.equals("tasks") || name.equals("orchestrator") ? name : "orchestrator --name " + name;
    }

    /** The token: {@code --token-file}, else {@value #TOKEN_ENV}, else the endpoint's token file (the order the help states). */
    private TokenSource token(TransportAddress address) {
        Path serverFile = address.tokenFile();
        if (tokenFile != null) {
            String source = "--token-file " + tokenFile;
            return new TokenSource(readToken(tokenFile, source), source,
                    "use the server's token file " + serverFile + " (or leave out --token-file)");
        }
        String fromEnv = env.get(TOKEN_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            String value = fromEnv.trim();
            if (!TOKEN.matcher(value).matches()) {
                // Never echo it: a token with a typo is still almost a secret.
                throw new CliFailure(ExitCodes.AUTH_FAILED, TOKEN_ENV + " is set but does not hold a token (64 lowercase"
                        + " hex characters; it has " + value.length() + " characters): set it to the token in "
                        + serverFile + ", or unset it to let localipc read that file");
            }
            return new TokenSource(value, "environment variable " + TOKEN_ENV,
                    "set it to the token in " + serverFile + ", or unset it to let localipc read that file");
        }
        String source = "token file " + serverFile;
        return new TokenSource(readToken(serverFile, source), source,
                "the file does not hold this server's token (written by another server?): restart the server,"
                        + " which writes its token there again");
    }

    private static String readToken(Path file, String what) {
        try {
            String token = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!TOKEN.matcher(token).matches()) {
                throw new CliFailure(ExitCodes.AUTH_FAILED, what + " does not hold a token (64 lowercase hex characters)"
                        + "; point --token-file at the server's .token file");
            }
            return token;
        } catch (NoSuchFileException absent) {
            throw new CliFailure(ExitCodes.AUTH_FAILED, "no token: " + what + " does not exist; set " + TOKEN_ENV
                    + " or pass --token-file", absent);
        } catch (IOException unreadable) {
            throw new CliFailure(ExitCodes.AUTH_FAILED, "no token: cannot read " + what + " (" + unreadable
                    + "); it must be readable by you: are you the server's user?", unreadable);
        }
    }

    /** A token and where it came from (for messages; never the token itself). */
    private static final class TokenSource {
        final String value;
        final String source;
        /** What to do when the server refuses it. */
        final String advice;

        TokenSource(String value, String source, String advice) {
            this.value = value;
            this.source = source;
            this.advice = advice;
        }
    }
}
