/** Placeholder until the module's issue lands. */
module dev.localipc.transport.unix {
    requires dev.localipc.api;
}
