package dev.localipc.core.internal.wire;

import com.google.gson.Gson;

/**
 * node-ipc 12's wire as Roo Code's IPC uses it: each frame is {@code {"type":T,"data":D}} in
 * UTF-8 followed by a form feed. A frame is the notification {@code T} with params {@code D};
 * there are no requests, answers, errors, topics or handshake. Stateless.
 */
final class NodeIpcCodec implements FrameCodec {
    static final NodeIpcCodec INSTANCE = new NodeIpcCodec();

    private NodeIpcCodec() {
    }

    @Override
    public byte delimiter() {
        return '\f';
    }

    @Override
    public boolean handshake() {
        return false;
    }

    @Override
    public FrameDecoder decoder(Targets targets, Binding binding) {
        return new NodeIpcDecoder(targets, binding);
    }

    @Override
    public MessageEncoder encoder(Gson gson) {
        return new NodeIpcEncoder(gson);
    }

    @Override
    public String toString() {
        return "node-ipc 12 ({\"type\",\"data\"} frames ended by a form feed)";
    }
}
