#!/usr/bin/env node
// A Roo-style client on a plain `net` socket (no node-ipc), for tests of a server's framing and of
// its handling of hostile frames: the same behaviour and exit codes as roo-client.mjs, but frames
// can be written whole, coalesced, split or byte by byte (--frames), and --hostile sends frames
// from lib/hostile.mjs right after the Ack, before the queries and the task, so a server that
// drops them cleanly still answers what follows. Received frames are read with node-ipc's own
// algorithm (lib/wire.mjs) and judged with @roo-code/types' zod schemas, strictly unless --lenient.

import net from "node:net";
import { parseArgs } from "./lib/args.mjs";
import { checkReceived, issuesText } from "./lib/roo-check.mjs";
import { ClientSession } from "./lib/client-session.mjs";
import { CLIENT_OPTIONS, ClientRun, sessionOptions } from "./lib/client-run.mjs";
import { EXIT } from "./lib/exit-codes.mjs";
import { FRAME_MODES, FrameReader, FrameWriter, messageFrame } from "./lib/wire.mjs";
import { DEFAULT_LARGE_BYTES, pick, toServer } from "./lib/hostile.mjs";

const hostileNames = Object.keys(toServer({}));
const options = parseArgs("raw-client.mjs", "a Roo-style client on a plain socket, for framing and hostile-frame tests", {
  ...CLIENT_OPTIONS,
  frames: { kind: "string", default: "whole", choices: FRAME_MODES, help: "how frames are written: " + FRAME_MODES.join(", ") },
  "delay-ms": { kind: "int", default: 1, help: "pause between the pieces of split / bytewise writes" },
  hostile: { kind: "list", default: [], choices: hostileNames, help: "hostile frames to send after the Ack: " + hostileNames.join(", ") },
  "victim-client-id": { kind: "string", default: "0123456789ab", help: "the clientId the spoofed-client-id frame claims" },
  "large-bytes": { kind: "int", default: DEFAULT_LARGE_BYTES, help: "size of the large frame, delimiter included" },
  "linger-ms": { kind: "int", default: 0, help: "after the end, keep reading (and counting) frames this long before exiting" },
});

let acked = false;
const socket = net.connect({ path: options.socket });
const run = new ClientRun("raw-client", options.lenient, (code) => writer.flushed().then(() => {
  socket.end();
  process.exit(code);
}), (code) => (code === EXIT.TIMEOUT || code === EXIT.DISCONNECTED ? 0 : options["linger-ms"]));
const { log, badFrame, finish } = run;
const writer = new FrameWriter(socket, options.frames, options["delay-ms"], (error) => log("a write failed: " + error.message));
const session = run.session = new ClientSession(sessionOptions("raw-client.mjs", options),
  (message) => writer.send(messageFrame(message)), finish, log);

socket.on("connect", () => log("connected to " + options.socket + " (frames " + options.frames + ")"));
socket.on("error", (error) => {
  if (!acked) {
    finish(error.code === "ENOENT" || error.code === "ECONNREFUSED" ? EXIT.TIMEOUT : EXIT.DISCONNECTED,
      "cannot connect to " + options.socket + ": " + error.message);
  } else {
    log("socket error: " + error.message);
  }
});
socket.on("close", () => session.onDisconnect());

const reader = new FrameReader();
socket.on("data", (chunk) => {
  for (const frame of reader.push(chunk)) {
    if (run.exiting && !options.lenient && options["linger-ms"] === 0) {
      return;
    }
    if (frame.invalid !== undefined) {
      badFrame("dropped", (frame.invalid === "" ? "an empty frame" : "invalid JSON (" + frame.error + ")")
        + ": node-ipc raises a local error event and Roo's client ignores it", frame.invalid);
      continue;
    }
    const check = checkReceived("client", frame.envelope);
    if (check.verdict !== "accepted") {
      badFrame(check.verdict, check.why + (check.issues ? ": " + issuesText(check.issues) : ""), frame.envelope);
      continue;
    }
    if (check.message.type === "Ack") {
      if (acked) {
        badFrame("second-ack", "a second Ack on the same connection: Roo's client would take its clientId "
          + check.message.data.clientId, frame.envelope);
        continue;
      }
      acked = true;
      const hostile = pick(toServer({ clientId: check.message.data.clientId, victimClientId: options["victim-client-id"],
        largeBytes: options["large-bytes"] }), options.hostile);
      for (const entry of hostile) {
        log("sending hostile frame " + entry.name + " (" + entry.bytes.length + " bytes; Roo's server: " + entry.roo + ")");
        writer.send(entry.bytes);
      }
      session.onAck(check.message.data);
    } else if (!acked) {
      badFrame("out-of-order", "a TaskEvent before the Ack", frame.envelope);
      session.onTaskEvent(check.message.data);
    } else {
      session.onTaskEvent(check.message.data);
    }
  }
});

setTimeout(() => finish(EXIT.TIMEOUT, !acked ? "no Ack from " + options.socket + " within " + options["timeout-ms"] + " ms"
  : "not done (task end or query answers) within " + options["timeout-ms"] + " ms"), options["timeout-ms"]);
