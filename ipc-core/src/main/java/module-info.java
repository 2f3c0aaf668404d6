/** Placeholder until the module's issue lands. */
module dev.localipc.core {
    requires dev.localipc.api;
}
