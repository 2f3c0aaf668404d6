package dev.localipc.core;

import dev.localipc.core.internal.wire.FrameCodec;

/**
 * What goes over a connection: {@link #jsonRpc()}, localipc's own protocol (docs/PROTOCOL.md:
 * JSON-RPC 2.0, a token handshake, sessions and topic events), or {@link #nodeIpc()}, the frames
 * of node-ipc 12 as Roo Code's IPC uses them, so that a server or client built here talks to
 * node-ipc peers unchanged.
 *
 * <pre>{@code
 * IpcServer server = IpcServer.builder(Endpoint.ofSocketPath(Path.of(System.getenv("ROO_CODE_IPC_SOCKET_PATH"))))
 *         .wireFormat(WireFormat.nodeIpc())
 *         .onNotification("message", JsonElement.class, (ctx, data) -> handle(ctx.clientId(), data))
 *         .onClientConnected(client -> server.send(client.clientId(), "message", ack(client)))
 *         .build().start();
 * }</pre>
 *
 * <p>In node-ipc mode every frame is a notification: {@code {"type":"message","data":D}} is the
 * notification {@code message} with params {@code D} (bound to the handler's type), and
 * {@code send}/{@code broadcast}/{@code notify} write such frames. There is no request, answer,
 * topic, heartbeat or handshake (no token: who may connect rests on the socket's mode and the
 * peer-uid check, see docs/SECURITY.md); a frame that cannot be read is logged and dropped, as
 * node-ipc does. Immutable and thread-safe.
 */
public final class WireFormat {
    private static final WireFormat JSON_RPC = new WireFormat(FrameCodec.jsonRpc(), "json-rpc");
    private static final WireFormat NODE_IPC = new WireFormat(FrameCodec.nodeIpc(), "node-ipc");

    private final FrameCodec codec;
    private final String name;

    private WireFormat(FrameCodec codec, String name) {
        this.codec = codec;
        this.name = name;
    }

    /** {@return JSON-RPC 2.0 over newline-delimited frames with localipc's handshake: the default} */
    public static WireFormat jsonRpc() {
        return JSON_RPC;
    }

    /** {@return node-ipc 12's {@code {"type","data"}} frames ended by a form feed, as Roo Code's IPC uses them} */
    public static WireFormat nodeIpc() {
        return NODE_IPC;
    }

    /**
     * The format named {@code json-rpc} or {@code node-ipc}.
     *
     * @param name {@code json-rpc} or {@code node-ipc}
     * @return the format
     * @throws IllegalArgumentException for any other name, listing both
     */
    public static WireFormat named(String name) {
        if (JSON_RPC.name.equals(name)) {
            return JSON_RPC;
        }
        if (NODE_IPC.name.equals(name)) {
            return NODE_IPC;
        }
        throw new IllegalArgumentException("unknown wire format \"" + name + "\": use json-rpc or node-ipc");
    }

    /** {@return whether connections start with localipc's handshake (a token; requests, topics and heartbeats follow)} */

    public boolean hasHandshake() {
        return codec.handshake();
    }

    FrameCodec codec() {
        return codec;
    }

    /** {@code json-rpc} or {@code node-ipc}. */
    @Override
    public String toString() {
        return name;
    }
}
