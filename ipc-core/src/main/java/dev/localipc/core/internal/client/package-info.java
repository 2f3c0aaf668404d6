/**
 * The client: connecting, the handshake, reconnect and resume, subscriptions and sequence checks
 * ({@link ClientEngine}, {@link ClientProtocol}).
 *
 * <p>Implementation of ipc-core, not API: this package is not exported and may change in any
 * release. It depends on {@code internal.connection} and {@code internal.wire}.
 */
package dev.localipc.core.internal.client;
