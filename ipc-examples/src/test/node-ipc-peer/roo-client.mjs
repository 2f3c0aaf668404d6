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
import { ClientSession } from "./lib/client-session.mjs";
import { CLIENT_OPTIONS, ClientRun, sessionOptions } from "./lib/client-run.mjs";
import { EXIT } from "./lib/exit-codes.mjs";

const options = parseArgs("roo-client.mjs", "a strict Roo-style node-ipc client", CLIENT_OPTIONS);
const run = new ClientRun("roo-client", options.lenient, (code) => {
  ipc.config.stopRetrying = true;
  // Let the last command (CloseTask) reach the socket before it is destroyed.
  setTimeout(() => {
    if (ipc.of.server) {
      ipc.disconnect("server");
    }
    process.exit(code);
  }, 50);
});
const { log, badFrame, finish } = run;
const session = run.session = new ClientSession(sessionOptions("roo-client.mjs", options),
  (message) => ipc.of.server.emit("message", message), finish, log);

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
