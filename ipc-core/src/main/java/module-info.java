/**
 * localipc core: {@link dev.localipc.core.IpcServer} and {@link dev.localipc.core.IpcClient},
 * JSON-RPC 2.0 over newline-delimited frames with a token handshake, a client registry and topic
 * events that survive reconnects (docs/PROTOCOL.md).
 *
 * <p>Params and results are bound with Gson. On the module path, Gson and this module read the
 * fields of your params/result classes by reflection, so open their package to both:
 * {@code opens com.example.api to com.google.gson, dev.localipc.core;}
 */
module dev.localipc.core {
    requires transitive dev.localipc.api;
    requires transitive com.google.gson;
    requires org.slf4j;

    exports dev.localipc.core;
}
