/**
 * {@code localipc bench}: the workloads W1-W5 of docs/PERFORMANCE.md, run through the public
 * API of ipc-core with a server and a client in separate JVMs, with the counts, payload and
 * verification of the reference peers in {@code ../shared/bench-peers}. Not API.
 */
package dev.localipc.examples.bench;
