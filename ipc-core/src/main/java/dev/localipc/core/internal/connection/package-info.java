/**
 * One connection, either side: {@link Connection} owns the reader loop, the outbound queue, the
 * requests waiting for an answer and the dispatch to handlers; the server's and the client's
 * rules come in as a {@link Protocol}. Also the threads everything runs on.
 *
 * <p>Implementation of ipc-core, not API: this package is not exported and may change in any
 * release. It depends on {@code internal.wire} only.
 */
package dev.localipc.core.internal.connection;
