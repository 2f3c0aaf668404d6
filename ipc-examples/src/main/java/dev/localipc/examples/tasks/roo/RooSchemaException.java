package dev.localipc.examples.tasks.roo;

/**
 * A JSON value that Roo Code's schema ({@code @roo-code/types} 1.115.0) rejects: Roo's client or
 * server would drop the frame that carries it. The message names the place, the way zod does
 * ({@code data.payload[1].contextTokens}), what was expected and what came.
 *
 * <pre>{@code
 * try {
 *     IpcMessage message = IpcMessage.parse(JsonParser.parseString(text));
 * } catch (RooSchemaException e) {
 *     log.warn("dropped a frame Roo's client would drop: {}", e.getMessage());
 * }
 * }</pre>
 */
public final class RooSchemaException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String problem;

    /**
     * @param path where the bad value is ({@code "data.payload[0]"}), or {@code ""} for the whole value
     * @param problem what is wrong with it
     */
    public RooSchemaException(String path, String problem) {
        super((path.isEmpty() ? "(the message)" : path) + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    /** Where the bad value is, as in the message ({@code ""} for the whole value). */
    public String path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String problem() {
        return problem;
    }
}
