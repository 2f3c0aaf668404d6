/** Placeholder until the module's issue lands. */
module dev.localipc.transport.windows {
    requires dev.localipc.api;
}
