package dev.localipc.examples.tasks.roo;

/**
 * Where a slash command of {@code commandsResponse} comes from.
 *
 * <pre>{@code
 * new SlashCommandInfo("init", CommandSource.BUILT_IN, null, "Set up the project", null);
 * }</pre>
 */
public enum CommandSource implements WireName {
    /** The user's global commands. */
    GLOBAL("global"),
    /** The workspace's commands. */
    PROJECT("project"),
    /** Built into the server. */
    BUILT_IN("built-in");

    private final String wire;

    CommandSource(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
