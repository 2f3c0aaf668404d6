/**
 * Roo Code's IPC message model (the schemas of {@code @roo-code/types} 1.115.0, as
 * {@code node-ipc-wire/WIRE.md} describes them) and the mapping between it and the task runner,
 * for the task runner's node-ipc wire mode: {@link dev.localipc.examples.tasks.roo.IpcMessage}
 * (what a node-ipc {@code "message"} envelope carries), {@link dev.localipc.examples.tasks.roo.Ack},
 * {@link dev.localipc.examples.tasks.roo.TaskCommand}, {@link dev.localipc.examples.tasks.roo.RooTaskEvent}
 * with its payload tuples, and the translations
 * {@link dev.localipc.examples.tasks.roo.RooEventTranslator} (task runner events to Roo events),
 * {@link dev.localipc.examples.tasks.roo.RooCommandDispatcher} (Roo commands to task runner
 * operations) and {@link dev.localipc.examples.tasks.roo.RooClientSession} (what a Roo-style
 * client does). No networking here: the node-ipc framing belongs to ipc-core's wire format.
 * Example code, not API.
 */
package dev.localipc.examples.tasks.roo;
