package dev.localipc.examples.cli;

/**
 * A command failed for a reason the user can act on: the message is printed as
 * {@code localipc: <message>} and the process exits with {@link #exitCode()}.
 *
 * <pre>{@code
 * throw new CliFailure(ExitCodes.NO_SERVER, "no server \"orchestrator\": start one with ./localipc orchestrator");
 * }</pre>
 */
public final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final transient Object json;

    /** A failure with an exit code from {@link ExitCodes} and a message naming the thing, the cause and the fix. */
    public CliFailure(int exitCode, String message) {
        this(exitCode, message, null, null);
    }

    /** Same, keeping the cause for {@code --verbose}. */
    public CliFailure(int exitCode, String message, Throwable cause) {
        this(exitCode, message, null, cause);
    }

    /** Same, with a JSON value that {@code --json} prints on standard output instead of the message. */
    public CliFailure(int exitCode, String message, Object json, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.json = json;
    }

    /** The process exit code. */
    public int exitCode() {
        return exitCode;
    }

    /** What {@code --json} prints on standard output, or null to print nothing there. */
    public Object json() {
        return json;
    }
}
