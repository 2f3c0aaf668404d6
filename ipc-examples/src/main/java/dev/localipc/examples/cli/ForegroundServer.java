package dev.localipc.examples.cli;

import dev.localipc.api.spi.AddressInUseException;
import dev.localipc.api.spi.TransportAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs an example server in the foreground: starts it, says where it listens and where the
 * token file is, then waits for SIGINT, SIGTERM (the JVM's shutdown hook) or
 * {@link LocalIpcCommand#requestStop()}, and closes it, which removes the socket and token files.
 *
 * <pre>{@code
 * return ForegroundServer.run(common, "orchestrator", token -> {
 *     OrchestratorServer server = OrchestratorServer.start(endpoint, stepTime, steps, failAtStep, token);
 *     return new ForegroundServer.Started(server.address(), server::close);
 * });
 * }</pre>
 */
final class ForegroundServer {
    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{64}");

    /** Starts a server. */
    interface Starter {
        /** Starts the server with {@code token} (null: generate one). */
        Started start(String token) throws IOException;
    }

    /** A started server: where it listens and how to stop it. */
    record Started(TransportAddress address, Runnable closer) {
        void close() {
            closer.run();
        }
    }

    private ForegroundServer() {
    }

    static int run(CommonOptions common, String what, Starter starter) {
        return run(common, what, "another --name", starter);
    }

    /**
     * @param elsewhere how the user gives this server another place (for an address in use):
     *        "another --name", "another --socket"
     */
    static int run(CommonOptions common, String what, String elsewhere, Starter starter) {
        LocalIpcCommand root = common.root();
        PrintWriter out = common.out();
        String token = root.env().get(Connector.TOKEN_ENV);
        if (token != null && !TOKEN.matcher(token.trim()).matches()) {
            throw new CliFailure(ExitCodes.USAGE, Connector.TOKEN_ENV + " is set but is not a token (64 lowercase hex"
                    + " characters): unset it to let the server generate one, or set it to, e.g., the output of"
                    + " 'openssl rand -hex 32'");
        }
        Started server;
        try {
            server = starter.start(token == null ? null : token.trim());
        } catch (AddressInUseException inUse) {
            // The transport's advice names the library's terms ("endpoint name"): keep its facts, give ours.
            throw new CliFailure(ExitCodes.START_FAILED, what + " cannot start: "
                    + LibraryMessages.facts(inUse.getMessage(), ": stop it") + "; stop that server, or give this one"
                    + " " + elsewhere, inUse);
        } catch (CliFailure failure) {
            throw failure;
        } catch (IOException | RuntimeException failure) {
            throw new CliFailure(ExitCodes.START_FAILED, what + " cannot start: " + failure.getMessage(), failure);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            root.requestStop();
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }, "localipc-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            TransportAddress address = server.address();
            if (common.json) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("event", "listening");
                line.put("server", what);
                line.put("endpoint", address.endpoint().name());
                line.put("transport", address.transport());
                line.put("location", address.location());
                if (address.isInRuntimeDirectory()) {
                    line.put("tokenFile", address.tokenFile().toString());
                }
                line.put("pid", ProcessHandle.current().pid());
                out.println(JsonText.compact(line));
            } else {
                out.println(what + " listening on " + address.location() + " (" + address.transport() + ")");
                if (address.isInRuntimeDirectory()) {
                    out.println("token file: " + address.tokenFile() + (token == null ? "" : " (token from " + Connector.TOKEN_ENV + ")"));
                    out.println("stop with Ctrl-C or SIGTERM; the socket and token files are removed on exit");
                } else {
                    out.println("no token: only processes of this user connect (socket mode 0600, peer uid checked)");
                    out.println("stop with Ctrl-C or SIGTERM; the socket is removed on exit");
                }
            }
            out.flush();
            awaitQuietly(root.stopSignal());
        } finally {
            server.close();
            if (common.json) {
                out.println("{\"event\":\"stopped\",\"server\":\"" + what + "\"}");
            } else {
                out.println(what + " stopped");
            }
            out.flush();
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting because of SIGINT/SIGTERM: the hook is running, nothing to remove.
            }
        }
        return ExitCodes.OK;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
