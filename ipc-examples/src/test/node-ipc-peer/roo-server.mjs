#!/usr/bin/env node
// A Roo-style server on node-ipc 12: serves an explicit socket path the way Roo Code's IpcServer
// does, writes the Ack (clientId = 6 random bytes in hex, pid, ppid) as soon as a client connects,
// judges every received frame with @roo-code/types' zod schemas, and answers TaskCommands as Roo's
// extension would for a fake task (lib/fake-roo.mjs). Like Roo's server it routes the query
// responses by the clientId written in the command, not by the socket it came on.
// stdout: one JSON line per thing that happened ({"ready"}, {"connected"}, {"received"},
// {"rejected"}, {"sent"}, {"disconnected"}), for tests to read. Written from WIRE.md.

import { randomBytes } from "node:crypto";
import net from "node:net";
import fs from "node:fs";
import ipc from "node-ipc";
import { parseArgs } from "./lib/args.mjs";
import { checkReceived, issuesText } from "./lib/roo-check.mjs";
import { FakeRoo } from "./lib/fake-roo.mjs";
import { out } from "./lib/output.mjs";
import { SERVER_OPTIONS, fakeOptions } from "./lib/server-options.mjs";

const options = parseArgs("roo-server.mjs", "a Roo-style node-ipc server with a fake task", SERVER_OPTIONS);

const log = (text) => process.stderr.write("roo-server: " + text + "\n");
/** clientId -> socket, as Roo's server keeps it; and each socket's number for the output. */
const clients = new Map();
const numbers = new Map();
let connections = 0;

function exit(why) {
  out({ exiting: why });
  fake.stop();
  for (const socket of clients.values()) {
    socket.destroy();
  }
  ipc.server.stop();
  fs.rmSync(options.socket, { force: true });
  setTimeout(() => process.exit(0), 20);
}

const fake = new FakeRoo(fakeOptions(options), {
  broadcast: (event) => {
    ipc.server.broadcast("message", { type: "TaskEvent", origin: "server", data: event });
    out({ sent: event.eventName, to: "all" });
  },
  unicast: (clientId, event) => {
    const socket = clients.get(clientId);
    if (!socket) {
      log("no client " + clientId + " for " + event.eventName + "; the response goes nowhere (as in Roo)");
      out({ sent: event.eventName, to: clientId, delivered: false });
      return;
    }
    ipc.server.emit(socket, "message", { type: "TaskEvent", origin: "server", data: event });
    out({ sent: event.eventName, to: clientId, connection: numbers.get(socket) });
  },
  onCloseTask: () => {
    if (!options["stay-on-close"]) {
      exit("CloseTask");
    }
  },
  onDisconnectAtStep: () => exit("--disconnect-at-step " + options["disconnect-at-step"]),
  log,
});

ipc.config.silent = true;
ipc.config.id = "roo-peer-server";
ipc.serve(options.socket, () => {
  // Every event node-ipc publishes: a peer's frame arrives as (type, data, socket).
  ipc.server.on("*", (type, data, socket) => {
    if (type === "connect" && data instanceof net.Socket && socket === undefined) {
      const clientId = randomBytes(6).toString("hex");
      clients.set(clientId, data);
      numbers.set(data, ++connections);
      ipc.server.emit(data, "message", { type: "Ack", origin: "server",
        data: { clientId, pid: process.pid, ppid: process.ppid } });
      out({ connected: connections, clientId });
      return;
    }
    if (type === "socket.disconnected") {
      for (const [clientId, known] of clients) {
        if (known === data) {
          clients.delete(clientId);
          out({ disconnected: numbers.get(data), clientId });
        }
      }
      return;
    }
    if (!(socket instanceof net.Socket)) {
      return; // start, close, error: local events
    }
    if (type === "error" && data && data.message === "Invalid JSON response format") {
      log("frame not accepted (dropped): not JSON");
      out({ rejected: "dropped", why: data.response === "" ? "an empty frame" : "invalid JSON", connection: numbers.get(socket) });
      return;
    }
    const check = checkReceived("server", { type, data });
    if (check.verdict !== "accepted") {
      const why = check.why + (check.issues ? ": " + issuesText(check.issues) : "");
      log("frame not accepted (" + check.verdict + "): " + why);
      out({ rejected: check.verdict, why, connection: numbers.get(socket) });
      return;
    }
    const connectionClientId = [...clients].find(([, known]) => known === socket)?.[0];
    out({ received: check.message.data, clientId: check.message.clientId, connection: numbers.get(socket),
      connectionClientId });
    fake.handle(check.message.clientId, check.message.data);
  });
  out({ ready: options.socket, pid: process.pid });
});
ipc.server.start();

// A frame whose envelope type is not a string makes node-ipc throw in the socket's data handler;
// Roo's extension host would die of it. This peer reports it and goes on.
process.on("uncaughtException", (error) => {
  log("uncaught: " + error.message);
  out({ rejected: "crash", why: "node-ipc threw " + JSON.stringify(String(error.message))
    + " (an envelope type that is not a string); Roo's process would die" });
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => exit(signal));
}
