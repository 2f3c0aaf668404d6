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
import { ClientSession, QUERY_NAMES } from "./lib/client-session.mjs";
import { EXIT } from "./lib/exit-codes.mjs";
import { FRAME_MODES, FrameReader, FrameWriter, messageFrame } from "./lib/wire.mjs";
import { DEFAULT_LARGE_BYTES, pick, toServer } from "./lib/hostile.mjs";

const hostileNames = Object.keys(toServer({}));
const options = parseArgs("raw-client.mjs", "a Roo-style client on a plain socket, for framing and hostile-frame tests", {
  socket: { kind: "string", required: true, help: "the server's socket path" },
  frames: { kind: "string", default: "whole", choices: FRAME_MODES, help: "how frames are written: " + FRAME_MODES.join(", ") },
  "delay-ms": { kind: "int", default: 1, help: "pause between the pieces of split / bytewise writes" },
  hostile: { kind: "list", default: [], choices: hostileNames, help: "hostile frames to send after the Ack: " + hostileNames.join(", ") },
  "victim-client-id": { kind: "string", default: "0123456789ab", help: "the clientId the spoofed-client-id frame claims" },
  "large-bytes": { kind: "int", default: DEFAULT_LARGE_BYTES, help: "size of the large frame, delimiter included" },
  text: { kind: "string", default: "Say hello.", help: "the task's text" },
  config: { kind: "string", default: "{}", help: "StartNewTask's configuration, a JSON object" },
  query: { kind: "list", default: [], choices: QUERY_NAMES, help: "queries to send after the Ack: GetModes,GetCommands,GetModels" },
  resume: { kind: "string", help: "send ResumeTask with this task id instead of StartNewTask" },
  "no-start": { kind: "bool", help: "send only the queries (and hostile frames); exit 0 once each query has its answer" },
  "cancel-on": { kind: "string", help: "send CancelTask on the task's first event of this name" },
  "send-message": { kind: "string", help: "send SendMessage with this text once the task started" },
  close: { kind: "bool", help: "send CloseTask when the task ended" },
  "client-id": { kind: "string", help: "put this clientId in every TaskCommand instead of the Ack's" },
  lenient: { kind: "bool", help: "report bad frames but go on" },
  "linger-ms": { kind: "int", default: 0, help: "after the end, keep reading (and counting) frames this long before exiting" },
  "timeout-ms": { kind: "int", default: 60000, help: "give up after this long (exit 4)" },
});

let configuration;
try {
  configuration = JSON.parse(options.config);
} catch (error) {
  process.stderr.write("raw-client.mjs: --config is not JSON: " + error.message + "\n");
  process.exit(EXIT.USAGE);
}

const log = (text) => process.stderr.write("raw-client: " + text + "\n");
const badFrames = [];
let exiting = false;
let acked = false;

const socket = net.connect({ path: options.socket });
const writer = new FrameWriter(socket, options.frames, options["delay-ms"],
  (error) => log("a write failed: " + error.message));

const session = new ClientSession({
  text: options.text, configuration, queries: options.query, resume: options.resume, noStart: options["no-start"],
  cancelOn: options["cancel-on"], sendMessage: options["send-message"], close: options.close, clientId: options["client-id"],
}, (message) => writer.send(messageFrame(message)), finish, log);

function finish(code, why) {
  if (exiting) {
    return;
  }
  exiting = true;
  setTimeout(() => {
    log("exit " + code + ": " + why);
    process.stderr.write(JSON.stringify({ summary: { exit: code, why, clientId: session.clientId, taskId: session.taskId,
      events: session.counts, badFrames } }) + "\n");
    writer.flushed().then(() => {
      socket.end();
      process.exit(code);
    });
  }, code === EXIT.TIMEOUT || code === EXIT.DISCONNECTED ? 0 : options["linger-ms"]);
}

function badFrame(verdict, why, frame) {
  badFrames.push({ verdict, why });
  log("BAD FRAME (" + verdict + "): " + why + (frame === undefined ? "" : " -> " + excerpt(frame)));
  if (!options.lenient) {
    finish(EXIT.BAD_FRAME, "a frame Roo's client would not accept: " + why);
  }
}

function excerpt(value) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined ? "undefined" : text.length > 300 ? text.slice(0, 300) + "..." : text;
}

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
    if (exiting && !options.lenient && options["linger-ms"] === 0) {
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
