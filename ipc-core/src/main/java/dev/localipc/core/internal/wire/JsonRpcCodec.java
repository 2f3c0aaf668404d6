package dev.localipc.core.internal.wire;

import com.google.gson.Gson;

/** JSON-RPC 2.0 over newline-terminated frames (docs/PROTOCOL.md). Stateless. */
final class JsonRpcCodec implements FrameCodec {
    static final JsonRpcCodec INSTANCE = new JsonRpcCodec();

    private JsonRpcCodec() {
    }

    @Override
    public byte delimiter() {
        return '\n';
    }

    @Override
    public boolean handshake() {
        return true;
    }

    @Override
    public FrameDecoder decoder(Targets targets, Binding binding) {
        return new MessageDecoder(targets, binding);
    }

    @Override
    public MessageEncoder encoder(Gson gson) {
        return new Frames(gson);
    }

    @Override
    public String toString() {
        return "JSON-RPC 2.0 over newline-delimited frames";
    }
}
