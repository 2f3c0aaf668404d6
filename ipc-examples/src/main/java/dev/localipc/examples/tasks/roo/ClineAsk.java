package dev.localipc.examples.tasks.roo;

/**
 * The {@code ask} values of a {@link ClineMessage} that Roo's client accepts ({@code clineAsks} of
 * {@code @roo-code/types} 1.115.0).
 *
 * <pre>{@code
 * ClineMessage m = ClineMessage.ask(ts, ClineAsk.COMPLETION_RESULT, "");
 * }</pre>
 */
public enum ClineAsk implements WireName {
    FOLLOWUP("followup"),
    COMMAND("command"),
    COMMAND_OUTPUT("command_output"),
    COMPLETION_RESULT("completion_result"),
    TOOL("tool"),
    API_REQ_FAILED("api_req_failed"),
    RESUME_TASK("resume_task"),
    RESUME_COMPLETED_TASK("resume_completed_task"),
    MISTAKE_LIMIT_REACHED("mistake_limit_reached"),
    USE_MCP_SERVER("use_mcp_server"),
    AUTO_APPROVAL_MAX_REQ_REACHED("auto_approval_max_req_reached");

    private final String wire;

    ClineAsk(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
