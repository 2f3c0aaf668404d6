package dev.localipc.core;

/**
 * Answers one JSON-RPC request. The params arrive bound to {@code P} with Gson (see
 * {@link IpcServer.Builder#onRequest}); the returned value becomes the {@code result}. A handler may
 * return a {@link java.util.concurrent.CompletionStage}: the response is sent when it completes.
 *
 * <pre>{@code
 * RequestHandler<AddParams, Integer> add = (ctx, p) -> p.a + p.b;
 * }</pre>
 *
 * <p>Throw {@link RpcErrorException} to answer with an error of your choosing; any other exception
 * is answered with -32603 "internal error" and logged with its stack trace (which is never sent).
 * Which thread calls it: see {@link HandlerThreading}.
 *
 * @param <P> the params type
 * @param <R> the result type
 */
@FunctionalInterface
public interface RequestHandler<P, R> {
    /**
     * Handles the request and returns its result.
     *
     * @param ctx the connection it came from and the server
     * @param params the params, bound to {@code P}
     * @return the result (null is the JSON {@code null}), or a {@link java.util.concurrent.CompletionStage} of it
     * @throws RpcErrorException to answer with that error
     * @throws Exception anything else: answered with -32603 "internal error" and logged
     */

    R handle(RequestContext ctx, P params) throws Exception;
}
