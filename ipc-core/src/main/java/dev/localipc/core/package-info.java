/**
 * The localipc application API: {@link dev.localipc.core.IpcServer} serves JSON-RPC 2.0 methods
 * and topics to local clients; {@link dev.localipc.core.IpcClient} connects to it, calls methods,
 * receives notifications and subscribes to topics, reconnecting and resuming by itself.
 *
 * <pre>{@code
 * try (IpcServer server = IpcServer.builder("orchestrator")
 *         .onRequest("add", Numbers.class, (ctx, p) -> p.a + p.b)
 *         .build().start();
 *      IpcClient client = IpcClient.connect("orchestrator")) {
 *     int sum = client.request("add", new Numbers(1, 2), Integer.class).get();
 * }
 * }</pre>
 */
package dev.localipc.core;
