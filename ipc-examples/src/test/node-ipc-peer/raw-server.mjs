#!/usr/bin/env node
// A Roo-style server on a plain `net` socket (no node-ipc), for tests of a client's framing and of
// its handling of hostile frames: the same fake task as roo-server.mjs (lib/fake-roo.mjs), but
// frames can be written whole, coalesced, split or byte by byte (--frames), and --hostile sends
// frames from lib/hostile.mjs right after the Ack, so a client that drops them cleanly still sees
// the task that follows. Received frames are read with node-ipc's algorithm and judged with
// @roo-code/types' zod schemas. stdout: the same JSON lines as roo-server.mjs.

import { randomBytes } from "node:crypto";
import net from "node:net";
import fs from "node:fs";
import { parseArgs } from "./lib/args.mjs";
import { checkReceived, issuesText } from "./lib/roo-check.mjs";
import { FakeRoo } from "./lib/fake-roo.mjs";
import { out } from "./lib/output.mjs";
import { SERVER_OPTIONS, fakeOptions } from "./lib/server-options.mjs";
import { FRAME_MODES, FrameReader, FrameWriter, messageFrame } from "./lib/wire.mjs";
import { DEFAULT_LARGE_BYTES, pick, toClient } from "./lib/hostile.mjs";

const hostileNames = Object.keys(toClient({}));
const options = parseArgs("raw-server.mjs", "a Roo-style server on a plain socket, for framing and hostile-frame tests", {
  ...SERVER_OPTIONS,
  frames: { kind: "string", default: "whole", choices: FRAME_MODES, help: "how frames are written: " + FRAME_MODES.join(", ") },
  "delay-ms": { kind: "int", default: 1, help: "pause between the pieces of split / bytewise writes" },
  hostile: { kind: "list", default: [], choices: hostileNames, help: "hostile frames to send after the Ack: " + hostileNames.join(", ") },
  "large-bytes": { kind: "int", default: DEFAULT_LARGE_BYTES, help: "size of the large frame, delimiter included" },
  "no-ack": { kind: "bool", help: "never send the Ack" },
});

const log = (text) => process.stderr.write("raw-server: " + text + "\n");
const HOSTILE_TASK_ID = "00000000-0000-4000-8000-000000000000";
/** clientId -> {socket, writer, number}: Roo-style routing by the clientId a command carries. */
const clients = new Map();
let connections = 0;

const send = (client, event) => client.writer.send(messageFrame({ type: "TaskEvent", origin: "server", data: event }));

function exit(why) {
  out({ exiting: why });
  fake.stop();
  Promise.all([...clients.values()].map((client) => client.writer.flushed())).then(() => {
    for (const client of clients.values()) {
      client.socket.destroy();
    }
    server.close();
    fs.rmSync(options.socket, { force: true });
    setTimeout(() => process.exit(0), 20);
  });
}

const fake = new FakeRoo(fakeOptions(options), {
  broadcast: (event) => {
    for (const client of clients.values()) {
      send(client, event);
    }
    out({ sent: event.eventName, to: "all" });
  },
  unicast: (clientId, event) => {
    const client = clients.get(clientId);
    if (!client) {
      out({ sent: event.eventName, to: clientId, delivered: false });
      return;
    }
    send(client, event);
    out({ sent: event.eventName, to: clientId, connection: client.number });
  },
  onCloseTask: () => {
    if (!options["stay-on-close"]) {
      exit("CloseTask");
    }
  },
  onDisconnectAtStep: () => exit("--disconnect-at-step " + options["disconnect-at-step"]),
  log,
});

fs.rmSync(options.socket, { force: true });
const server = net.createServer((socket) => {
  const number = ++connections;
  const clientId = randomBytes(6).toString("hex");
  const client = { socket, number, writer: new FrameWriter(socket, options.frames, options["delay-ms"],
    (error) => log("connection " + number + ": a write failed: " + error.message)) };
  clients.set(clientId, client);
  out({ connected: number, clientId });
  if (!options["no-ack"]) {
    client.writer.send(messageFrame({ type: "Ack", origin: "server", data: { clientId, pid: process.pid, ppid: process.ppid } }));
    for (const entry of pick(toClient({ taskId: HOSTILE_TASK_ID, largeBytes: options["large-bytes"] }), options.hostile)) {
      log("sending hostile frame " + entry.name + " (" + entry.bytes.length + " bytes; Roo's client: " + entry.roo + ")");
      client.writer.send(entry.bytes);
    }
  }
  const reader = new FrameReader();
  socket.on("data", (chunk) => {
    for (const frame of reader.push(chunk)) {
      if (frame.invalid !== undefined) {
        out({ rejected: "dropped", why: frame.invalid === "" ? "an empty frame" : "invalid JSON", connection: number });
        continue;
      }
      const check = checkReceived("server", frame.envelope);
      if (check.verdict !== "accepted") {
        out({ rejected: check.verdict, why: check.why + (check.issues ? ": " + issuesText(check.issues) : ""), connection: number });
        continue;
      }
      out({ received: check.message.data, clientId: check.message.clientId, connection: number, connectionClientId: clientId });
      fake.handle(check.message.clientId, check.message.data);
    }
  });
  socket.on("error", (error) => log("connection " + number + ": " + error.message));
  socket.on("close", () => {
    clients.delete(clientId);
    out({ disconnected: number, clientId });
  });
});
server.listen({ path: options.socket }, () => out({ ready: options.socket, pid: process.pid }));

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => exit(signal));
}
