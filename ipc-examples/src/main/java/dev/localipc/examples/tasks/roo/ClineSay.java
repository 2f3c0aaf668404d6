package dev.localipc.examples.tasks.roo;

/**
 * The {@code say} values of a {@link ClineMessage} that Roo's client accepts ({@code clineSays} of
 * {@code @roo-code/types} 1.115.0).
 *
 * <pre>{@code
 * ClineMessage m = ClineMessage.say(ts, ClineSay.COMPLETION_RESULT, "Done.");
 * }</pre>
 */
public enum ClineSay implements WireName {
    ERROR("error"),
    API_REQ_STARTED("api_req_started"),
    API_REQ_FINISHED("api_req_finished"),
    API_REQ_RETRIED("api_req_retried"),
    API_REQ_RETRY_DELAYED("api_req_retry_delayed"),
    API_REQ_RATE_LIMIT_WAIT("api_req_rate_limit_wait"),
    API_REQ_DELETED("api_req_deleted"),
    TEXT("text"),
    IMAGE("image"),
    REASONING("reasoning"),
    COMPLETION_RESULT("completion_result"),
    USER_FEEDBACK("user_feedback"),
    USER_FEEDBACK_DIFF("user_feedback_diff"),
    COMMAND_OUTPUT("command_output"),
    SHELL_INTEGRATION_WARNING("shell_integration_warning"),
    MCP_SERVER_REQUEST_STARTED("mcp_server_request_started"),
    MCP_SERVER_RESPONSE("mcp_server_response"),
    SUBTASK_RESULT("subtask_result"),
    CHECKPOINT_SAVED("checkpoint_saved"),
    ROOIGNORE_ERROR("rooignore_error"),
    DIFF_ERROR("diff_error"),
    CONDENSE_CONTEXT("condense_context"),
    CONDENSE_CONTEXT_ERROR("condense_context_error"),
    SLIDING_WINDOW_TRUNCATION("sliding_window_truncation"),
    CODEBASE_SEARCH_RESULT("codebase_search_result"),
    USER_EDIT_TODOS("user_edit_todos"),
    TOO_MANY_TOOLS_WARNING("too_many_tools_warning"),
    TOOL("tool");

    private final String wire;

    ClineSay(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
