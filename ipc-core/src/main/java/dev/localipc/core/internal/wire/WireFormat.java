package dev.localipc.core.internal.wire;

import com.google.gson.Gson;

/**
 * A wire format: how frames are cut from the byte stream, how a frame becomes an
 * {@link Inbound} message, and how messages become frames. The engines and
 * {@code Connection} only ever talk to a format through this seam, so a second format plugs in
 * here without touching them.
 *
 * <pre>{@code
 * WireFormat wire = WireFormat.jsonRpc();
 * FrameReader frames = new FrameReader(input, maxFrameBytes, budget, wire.delimiter());
 * MessageDecoder decoder = wire.decoder(targets, binding);
 * MessageEncoder encoder = wire.encoder(gson);
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface WireFormat {
    /** JSON-RPC 2.0, one message per line (docs/PROTOCOL.md): the default. */
    static WireFormat jsonRpc() {
        return JsonRpc.INSTANCE;
    }

    /** The byte that ends a frame. */
    byte delimiter();

    /** A decoder for one connection (not thread-safe: the connection's reader uses it). */
    MessageDecoder decoder(Targets targets, Binding binding);

    /** The encoder, writing values with {@code gson}. */
    MessageEncoder encoder(Gson gson);

    /** JSON-RPC 2.0 over newline-terminated frames. */
    final class JsonRpc implements WireFormat {
        static final JsonRpc INSTANCE = new JsonRpc();

        private JsonRpc() {
        }

        @Override
        public byte delimiter() {
            return '\n';
        }

        @Override
        public MessageDecoder decoder(Targets targets, Binding binding) {
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
}
