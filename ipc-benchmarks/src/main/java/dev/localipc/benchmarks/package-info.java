/**
 * JMH microbenchmarks of ipc-core's frame codec and JSON-RPC encoding and decoding, with the
 * benchmark payload of docs/PERFORMANCE.md. Not API, not released; run them as that page says.
 */
package dev.localipc.benchmarks;
