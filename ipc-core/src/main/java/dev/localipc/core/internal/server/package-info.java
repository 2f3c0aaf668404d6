/**
 * The server: the accept loop, admission (pending handshakes, failed authentications), the
 * handshake and the library methods ({@link ServerProtocol}), the client registry, event sessions.
 *
 * <p>Implementation of ipc-core, not API: this package is not exported and may change in any
 * release. It depends on {@code internal.connection} and {@code internal.wire}.
 */
package dev.localipc.core.internal.server;
