package dev.localipc.core;

/**
 * The life of an {@link IpcClient}'s connection.
 *
 * <pre>{@code
 * IpcClient.builder("orchestrator")
 *     .onConnectionStateChanged(state -> statusBar.show(state == ConnectionState.READY ? "online" : "offline"))
 *     .connect();
 * }</pre>
 */
public enum ConnectionState {
    /** The first connection and handshake are in progress. */
    CONNECTING,
    /** Handshake done: requests, notifications and events flow. */
    READY,
    /** The link dropped; the client is reconnecting with back-off and will resume its session. */
    RECONNECTING,
    /** Closed by {@link IpcClient#close()}, or reconnecting was off or impossible. Final. */
    CLOSED
}
