/** Placeholder until the module's issue lands. */
module dev.localipc.examples {
    requires dev.localipc.api;
}
