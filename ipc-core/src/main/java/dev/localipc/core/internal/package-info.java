/**
 * Implementation of ipc-core: framing, JSON-RPC codec, connections, sessions. Not API: this
 * package is not exported and may change in any release.
 */
package dev.localipc.core.internal;
