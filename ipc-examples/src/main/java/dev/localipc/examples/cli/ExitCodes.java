package dev.localipc.examples.cli;

/**
 * The exit codes of {@code localipc}, documented in {@code docs/EXAMPLES.md} and in
 * {@code localipc --help}.
 *
 * <pre>{@code
 * ./localipc call orchestrator GET_STATE; echo $?    # 2 when no orchestrator runs
 * }</pre>
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** Bad command line: unknown option, missing argument, a bad endpoint name or duration, params that are not JSON. */
    public static final int USAGE = 1;
    /** No server: nothing listens on the endpoint (or its socket file is stale). */
    public static final int NO_SERVER = 2;
    /** The server refused the token, or no token could be found. */
    public static final int AUTH_FAILED = 3;
    /** No answer (or no awaited event) in time. */
    public static final int TIMEOUT = 4;
    /** The server answered with a JSON-RPC error, or refused the handshake for another reason. */
    public static final int REMOTE_ERROR = 5;
    /** {@code eval}: the task was aborted. */
    public static final int TASK_ABORTED = 6;
    /**
     * The endpoint belongs to another user (an impostor): nothing, not even the token, was sent; for
     * {@code list}, the runtime directory is another user's and cannot be read.
     */
    public static final int UNTRUSTED_SERVER = 7;
    /** The connection dropped before the command (or the handshake) was done. */
    public static final int CONNECTION_LOST = 8;
    /** A server could not start: address in use, unusable runtime or data directory. */
    public static final int START_FAILED = 9;
    /** No transport can work here (the message lists why), or a bug: an unexpected exception (its stack trace is printed). */
    public static final int INTERNAL = 10;

    private ExitCodes() {
    }
}
