package dev.localipc.core.internal.wire;

import com.google.gson.Gson;

/**
 * A wire format's codec: how frames are cut from the byte stream, how a frame becomes an
 * {@link Inbound} message, and how messages become frames. {@code Connection} and the engines
 * only ever talk to a format through this seam, so a second format plugs in here without
 * touching them. The public face is {@code dev.localipc.core.WireFormat}.
 *
 * <pre>{@code
 * FrameCodec codec = FrameCodec.jsonRpc();
 * FrameReader frames = new FrameReader(input, maxFrameBytes, budget, codec.delimiter());
 * FrameDecoder decoder = codec.decoder(targets, binding);
 * MessageEncoder encoder = codec.encoder(gson);
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface FrameCodec {
    /** JSON-RPC 2.0, one message per line (docs/PROTOCOL.md): the default. */
    static FrameCodec jsonRpc() {
        return JsonRpcCodec.INSTANCE;
    }

    /** node-ipc 12's frames: {@code {"type":T,"data":D}} then a form feed (docs/PROTOCOL.md, "node-ipc wire"). */
    static FrameCodec nodeIpc() {
        return NodeIpcCodec.INSTANCE;
    }

    /** The byte that ends a frame. */
    byte delimiter();

    /** Whether a connection starts with the {@code ipc.hello} handshake (a token, a session, ipc.* methods). */
    boolean handshake();

    /** A decoder for one connection (not thread-safe: the connection's reader uses it). */
    FrameDecoder decoder(Targets targets, Binding binding);

    /** The encoder, writing values with {@code gson}. */
    MessageEncoder encoder(Gson gson);
}
