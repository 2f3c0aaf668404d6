#!/usr/bin/env node
// A strict Roo-style client on node-ipc 12: connects to a socket path the way Roo Code's IpcClient
// does (ipc.connectTo with an explicit path, silent, node-ipc's default retries), waits for the Ack,
// sends StartNewTask and prints each TaskEvent as one JSON line on stdout. Every received frame is
// judged with @roo-code/types' own zod schemas (lib/roo-check.mjs); a frame Roo's client would drop,
// ignore or crash on is reported on stderr and, unless --lenient, ends the run with exit code 2.
// Exit codes: lib/exit-codes.mjs. Written from WIRE.md; no code of Roo Code's.

import ipc from "node-ipc";
import { parseArgs } from "./lib/args.mjs";
import { checkReceived, issuesText } from "./lib/roo-check.mjs";
import { ClientSession, QUERY_NAMES } from "./lib/client-session.mjs";
import { EXIT } from "./lib/exit-codes.mjs";

const options = parseArgs("roo-client.mjs", "a strict Roo-style node-ipc client", {
  socket: { kind: "string", required: true, help: "the server's socket path, used as is" },
  text: { kind: "string", default: "Say hello.", help: "the task's text" },
  config: { kind: "string", default: "{}", help: "StartNewTask's configuration, a JSON object" },
  query: { kind: "list", default: [], choices: QUERY_NAMES, help: "queries to send after the Ack, comma-separated: GetModes,GetCommands,GetModels" },
  resume: { kind: "string", help: "send ResumeTask with this task id instead of StartNewTask" },
  "no-start": { kind: "bool", help: "send only the queries; exit 0 once each has its answer" },
  "cancel-on": { kind: "string", help: "send CancelTask when the task's first event of this name arrives (taskStarted, message...)" },
  "send-message": { kind: "string", help: "send SendMessage with this text once the task started" },
  close: { kind: "bool", help: "send CloseTask when the task ended, as Roo's evals runner does" },
  "client-id": { kind: "string", help: "put this clientId in every TaskCommand instead of the Ack's (a spoof)" },
  lenient: { kind: "bool", help: "report bad frames but go on, as Roo's client does" },
  "timeout-ms": { kind: "int", default: 60000, help: "give up after this long (exit 4)" },
});

let configuration;
try {
  configuration = JSON.parse(options.config);
} catch (error) {
  process.stderr.write("roo-client.mjs: --config is not JSON: " + error.message + "\n");
  process.exit(EXIT.USAGE);
}

const log = (text) => process.stderr.write("roo-client: " + text + "\n");
const badFrames = [];
let exiting = false;

function finish(code, why) {
  if (exiting) {
    return;
  }
  exiting = true;
  log("exit " + code + ": " + why);
  process.stderr.write(JSON.stringify({ summary: { exit: code, why, clientId: session.clientId, taskId: session.taskId,
    events: session.counts, badFrames } }) + "\n");
  ipc.config.stopRetrying = true;
  // Let the last command (CloseTask) reach the socket before it is destroyed.
  setTimeout(() => {
    if (ipc.of.server) {
      ipc.disconnect("server");
    }
    process.exit(code);
  }, 50);
}

function badFrame(verdict, why, frame) {
  const line = "BAD FRAME (" + verdict + "): " + why + (frame === undefined ? "" : " -> " + excerpt(frame));
  badFrames.push({ verdict, why });
  log(line);
  if (!options.lenient) {
    finish(EXIT.BAD_FRAME, "a frame Roo's client would not accept: " + why);
  }
}

function excerpt(value) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined ? "undefined" : text.length > 300 ? text.slice(0, 300) + "..." : text;
}

const session = new ClientSession({
  text: options.text, configuration, queries: options.query, resume: options.resume, noStart: options["no-start"],
  cancelOn: options["cancel-on"], sendMessage: options["send-message"], close: options.close, clientId: options["client-id"],
}, (message) => ipc.of.server.emit("message", message), finish, log);

// A frame whose envelope type is not a string makes node-ipc throw inside its socket data handler:
// Roo's process would die of it. Here it is reported as what it is.
process.on("uncaughtException", (error) => {
  if (error instanceof TypeError && /string/i.test(String(error.message))) {
    badFrame("crash", "a frame whose envelope type is not a string made node-ipc throw \"" + error.message
      + "\"; Roo's client process would die", undefined);
    if (options.lenient) {
      return;
    }
  } else {
    log("unexpected error: " + (error.stack || error));
  }
  finish(EXIT.BAD_FRAME, "uncaught " + error);
});

ipc.config.silent = true;
ipc.config.id = "roo-peer-client";
ipc.connectTo("server", options.socket, () => {
  const server = ipc.of.server;
  let connected = false;
  // Every event node-ipc publishes, local ones and the peer's frames alike, in arrival order.
  server.on("*", (type, data) => {
    switch (type) {
      case "connect":
        if (data === undefined) {
          connected = true;
          log("connected to " + options.socket);
          return;
        }
        break;
      case "disconnect":
        if (server.socket && !server.socket.destroyed && connected) {
          badFrame("disconnect", "an envelope of type \"disconnect\" while the socket is open: Roo's client would run its"
            + " Disconnect path", { type, data });
          return;
        }
        if (connected) {
          session.onDisconnect();
        }
        return;
      case "error":
        if (data && data.message === "Invalid JSON response format") {
          badFrame("dropped", "a frame that is not JSON (" + (data.response === "" ? "an empty frame" : "invalid JSON")
            + "): node-ipc raises a local error event and Roo's client ignores it", data.response);
        }
        return; // ENOENT / ECONNREFUSED while node-ipc retries: Roo's client ignores them too.
      case "destroy":
      case "socket.disconnected":
        return;
      default:
        break;
    }
    const check = checkReceived("client", { type, data });
    if (check.verdict !== "accepted") {
      badFrame(check.verdict, check.why + (check.issues ? ": " + issuesText(check.issues) : ""), { type, data });
      return;
    }
    if (check.message.type === "Ack") {
      if (session.clientId !== null) {
        badFrame("second-ack", "a second Ack on the same connection: Roo's client would take its clientId "
          + check.message.data.clientId, data);
      }
      session.onAck(check.message.data);
    } else if (session.clientId === null) {
      badFrame("out-of-order", "a TaskEvent before the Ack: Roo's client takes it, but the Ack must be the first frame", data);
      session.onTaskEvent(check.message.data);
    } else {
      session.onTaskEvent(check.message.data);
    }
  });
});

setTimeout(() => finish(EXIT.TIMEOUT, session.clientId === null ? "no Ack from " + options.socket + " within "
  + options["timeout-ms"] + " ms" : "not done (task end or query answers) within " + options["timeout-ms"] + " ms"), options["timeout-ms"]);
