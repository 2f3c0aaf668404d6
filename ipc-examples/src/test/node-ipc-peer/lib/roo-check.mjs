// What Roo Code's IpcClient / IpcServer (packages/ipc, with @roo-code/types 1.115.0) do with one
// received node-ipc frame, as WIRE.md sections 2, 3 and 6 describe it, decided with the zod
// schemas of @roo-code/types itself (never a copy of them).

import { ipcMessageSchema, taskEventSchema, taskCommandSchema } from "@roo-code/types";

/**
 * The verdict on one received frame, for the receiving `side` ("client" or "server"):
 *   accepted   - Roo acts on it; `message` is the schema-parsed IpcMessage (unknown keys stripped);
 *   ignored    - valid for the schema, but Roo does nothing with it and logs nothing
 *                (a TaskCommand sent to a client, an envelope type other than "message"...);
 *   dropped    - Roo logs "invalid data" / "invalid payload" and drops it;
 *   crash      - node-ipc throws inside the socket's data handler (envelope type not a string):
 *                an uncaught TypeError that ends Roo's process;
 *   disconnect - an envelope of type "disconnect" sent to a client: Roo's client runs its
 *                Disconnect path although the socket stays open.
 * `why` says it in words; `issues` holds zod's issues for "dropped".
 */
export function checkReceived(side, envelope) {
  if (envelope === null) {
    return { verdict: "ignored", why: "the frame is JSON null: js-message fails to read it and node-ipc raises a local error event" };
  }
  const type = envelope.type;
  if (typeof type !== "string") {
    return {
      verdict: "crash",
      why: "envelope type is " + (type === undefined ? "missing" : JSON.stringify(type))
        + ": node-ipc 12 (event-pubsub) throws a TypeError in the socket data handler; Roo's process dies",
    };
  }
  if (type !== "message") {
    if (side === "client" && type === "disconnect") {
      return { verdict: "disconnect", why: "envelope type \"disconnect\": Roo's client runs its Disconnect path" };
    }
    if (side === "server" && type === "connect") {
      return { verdict: "crash", why: "envelope type \"connect\": Roo's server calls onConnect with a non-socket and throws" };
    }
    return { verdict: "ignored", why: "envelope type " + JSON.stringify(type) + " has no listener in Roo's " + side };
  }
  const data = envelope.data;
  if (typeof data !== "object") {
    return { verdict: "dropped", why: "invalid data: envelope data is " + typeof data + ", not an object" };
  }
  const parsed = ipcMessageSchema.safeParse(data);
  if (!parsed.success) {
    return { verdict: "dropped", why: "invalid payload (ipcMessageSchema)", issues: parsed.error.issues };
  }
  const message = parsed.data;
  if (side === "client") {
    if (message.origin === "server" && (message.type === "Ack" || message.type === "TaskEvent")) {
      return { verdict: "accepted", why: message.type, message };
    }
    return { verdict: "ignored", why: "a " + message.type + " from origin " + message.origin + " is not acted on by Roo's client" };
  }
  if (message.origin === "client" && message.type === "TaskCommand") {
    return { verdict: "accepted", why: message.type, message };
  }
  return { verdict: "ignored", why: "a " + message.type + " from origin " + message.origin + " is not acted on by Roo's server" };
}

/** Throws if `event` (a TaskEvent, the IpcMessage's data) is not one Roo's client accepts. */
export function assertValidTaskEvent(event) {
  return assertValid(taskEventSchema, event, "TaskEvent Roo's client");
}

/** Throws if `command` (a TaskCommand) is not one Roo's server accepts. */
export function assertValidTaskCommand(command) {
  return assertValid(taskCommandSchema, command, "TaskCommand Roo's server");
}

function assertValid(schema, value, what) {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new Error("this peer built a " + what + " would drop: " + JSON.stringify(value) + " -> "
      + JSON.stringify(parsed.error.issues));
  }
  return value;
}

/** zod issues in one short line: "data.payload.1.contextTokens: Required; ...". */
export function issuesText(issues) {
  return (issues || []).map((issue) => (issue.path.length ? issue.path.join(".") : "(root)") + ": " + issue.message).join("; ");
}
