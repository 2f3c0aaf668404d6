package dev.localipc.examples.tasks.roo;

/**
 * Roo Code's tool names: the only keys a {@link ToolUsage} may have ({@code toolNames} of
 * {@code @roo-code/types} 1.115.0; an unknown name makes Roo's client drop the whole event).
 *
 * <pre>{@code
 * ToolUsage usage = ToolUsage.of(Map.of(ToolName.ATTEMPT_COMPLETION, new ToolAttempts(1, 0)));
 * }</pre>
 */
public enum ToolName implements WireName {
    EXECUTE_COMMAND("execute_command"),
    READ_FILE("read_file"),
    READ_COMMAND_OUTPUT("read_command_output"),
    WRITE_TO_FILE("write_to_file"),
    APPLY_DIFF("apply_diff"),
    EDIT("edit"),
    SEARCH_AND_REPLACE("search_and_replace"),
    SEARCH_REPLACE("search_replace"),
    EDIT_FILE("edit_file"),
    APPLY_PATCH("apply_patch"),
    SEARCH_FILES("search_files"),
    LIST_FILES("list_files"),
    USE_MCP_TOOL("use_mcp_tool"),
    ACCESS_MCP_RESOURCE("access_mcp_resource"),
    ASK_FOLLOWUP_QUESTION("ask_followup_question"),
    ATTEMPT_COMPLETION("attempt_completion"),
    SWITCH_MODE("switch_mode"),
    NEW_TASK("new_task"),
    CODEBASE_SEARCH("codebase_search"),
    UPDATE_TODO_LIST("update_todo_list"),
    RUN_SLASH_COMMAND("run_slash_command"),
    SKILL("skill"),
    GENERATE_IMAGE("generate_image"),
    CUSTOM_TOOL("custom_tool");

    private final String wire;

    ToolName(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
