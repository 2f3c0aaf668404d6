// Frames a well-behaved node-ipc peer never sends, from WIRE.md sections 2, 4 and 6, as raw bytes.
// A node-ipc-compatible receiver must log each one and drop it without harming the connection
// (what Roo's own peers do instead is in `roo`). raw-client.mjs sends the "to server" ones,
// raw-server.mjs the "to client" ones, right after the Ack and before the normal exchange.

import { encodeFrame, messageFrame } from "./wire.mjs";

/** The default size of the "large" frame: one byte over ipc-core's default 16 MiB frame limit. */
export const DEFAULT_LARGE_BYTES = 16 * 1024 * 1024 + 1;

const raw = (text) => Buffer.from(text, "utf8");

/** A string of exactly `bytes` UTF-8 bytes once framed by `frameOf(text)`. */
function sized(bytes, frameOf) {
  const overhead = frameOf("").length;
  return frameOf("x".repeat(Math.max(0, bytes - overhead)));
}

/**
 * Hostile frames towards a server. `context` = {clientId, victimClientId, largeBytes}.
 * Each entry: bytes, and roo = what Roo's own server (node-ipc 12 + zod) does with it.
 */
export function toServer(context) {
  const command = (commandName, extra = {}) => ({ type: "TaskCommand", origin: "client", clientId: context.clientId,
    data: { commandName, ...extra } });
  return {
    "notype": { bytes: raw(JSON.stringify({ data: command("GetModes") }) + "\f"),
      roo: "crash: event-pubsub throws TypeError (type is not a string)" },
    "type-number": { bytes: encodeFrame(42, command("GetModes")), roo: "crash: TypeError" },
    "disconnect-type": { bytes: encodeFrame("disconnect", {}), roo: "ignored (no listener)" },
    "connect-type": { bytes: encodeFrame("connect", {}), roo: "crash: onConnect(data) with a non-socket throws" },
    "empty": { bytes: raw("\f"), roo: "ignored: js-message parse error, a local error event nobody hears" },
    "invalid-json": { bytes: raw("{\"type\":\"message\",\"data\":{not json}\f"), roo: "ignored: local error event" },
    "null-data": { bytes: encodeFrame("message", null), roo: "dropped: invalid payload (null fails zod)" },
    "string-data": { bytes: encodeFrame("message", "StartNewTask"), roo: "dropped: invalid data (not an object)" },
    "no-client-id": { bytes: messageFrame({ type: "TaskCommand", origin: "client", data: { commandName: "GetModes" } }),
      roo: "dropped: invalid payload, clientId Required" },
    "wrong-origin": { bytes: messageFrame({ ...command("GetModes"), origin: "server" }), roo: "dropped: invalid payload" },
    "unknown-command": { bytes: messageFrame(command("DeleteEverything")), roo: "dropped: invalid discriminator value" },
    "event-to-server": { bytes: messageFrame({ type: "TaskEvent", origin: "server",
      data: { eventName: "taskAborted", payload: ["00000000-0000-4000-8000-000000000000"] } }),
      roo: "ignored: a valid TaskEvent is not acted on by the server" },
    "spoofed-client-id": { bytes: messageFrame({ ...command("GetModes"), clientId: context.victimClientId }),
      roo: "accepted: Roo's server sends the modesResponse to the client whose id was written (the victim), or nowhere" },
    "large": { bytes: sized(context.largeBytes, (text) => messageFrame(command("SendMessage", { data: { text } }))),
      roo: "accepted whatever its size: node-ipc has no frame limit" },
  };
}

/** Hostile frames towards a client. `context` = {taskId, largeBytes}. */
export function toClient(context) {
  const event = (eventName, payload, extra = {}) => ({ type: "TaskEvent", origin: "server", data: { eventName, payload }, ...extra });
  const usage = { totalTokensIn: 1, totalTokensOut: 1, totalCost: 0, contextTokens: 2 };
  const say = (fields) => event("message", [{ taskId: context.taskId, action: "created",
    message: { ts: 1, type: "say", say: "text", text: "hostile", ...fields } }]);
  return {
    "notype": { bytes: raw(JSON.stringify({ data: event("taskAborted", [context.taskId]) }) + "\f"),
      roo: "crash: event-pubsub throws TypeError; the evals runner dies" },
    "type-number": { bytes: encodeFrame(42, event("taskAborted", [context.taskId])), roo: "crash: TypeError" },
    "disconnect-type": { bytes: encodeFrame("disconnect", {}), roo: "Roo's client runs its Disconnect path" },
    "empty": { bytes: raw("\f"), roo: "ignored: local error event" },
    "invalid-json": { bytes: raw("{\"type\":\"message\",\"data\":{not json}\f"), roo: "ignored: local error event" },
    "null-data": { bytes: encodeFrame("message", null), roo: "dropped: invalid payload" },
    "string-data": { bytes: encodeFrame("message", "taskCompleted"), roo: "dropped: invalid data" },
    "short-tuple": { bytes: messageFrame(event("taskCompleted", [context.taskId, usage, {}])),
      roo: "dropped: taskCompleted needs 4 elements" },
    "not-in-schema": { bytes: messageFrame(event("taskUserMessage", [context.taskId])),
      roo: "dropped: taskUserMessage is in the enum but not in taskEventSchema" },
    "unknown-say": { bytes: messageFrame(say({ say: "thinking" })), roo: "dropped: invalid enum value" },
    "unknown-tool": { bytes: messageFrame(event("taskTokenUsageUpdated", [context.taskId, usage, { rm_rf: { attempts: 1, failures: 0 } }])),
      roo: "dropped: tool name not in toolNames" },
    "string-task-id": { bytes: messageFrame({ type: "TaskEvent", origin: "server",
      data: { eventName: "taskStarted", payload: [context.taskId], taskId: "7" } }), roo: "dropped: taskId must be a number" },
    "wrong-origin": { bytes: messageFrame({ ...event("taskAborted", [context.taskId]), origin: "client" }), roo: "dropped" },
    "second-ack": { bytes: messageFrame({ type: "Ack", origin: "server", data: { clientId: "0000deadbeef", pid: 1, ppid: 1 } }),
      roo: "accepted: Roo's client replaces its clientId with the new one" },
    "large": { bytes: sized(context.largeBytes, (text) => messageFrame(say({ text }))),
      roo: "accepted whatever its size" },
  };
}

/** Picks the named frames; throws naming the unknown one and the known ones. */
export function pick(catalog, names) {
  return names.map((name) => {
    if (!(name in catalog)) {
      throw new Error("unknown hostile frame " + JSON.stringify(name) + "; known: " + Object.keys(catalog).join(", "));
    }
    return { name, ...catalog[name] };
  });
}
