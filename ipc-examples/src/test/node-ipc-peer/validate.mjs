#!/usr/bin/env node
// Judges JSON lines with @roo-code/types' own zod schemas, the way Roo Code's client (or server)
// would judge them on receipt (lib/roo-check.mjs). One JSON line in, one verdict line out:
//   {"line":1,"verdict":"accepted","why":"TaskEvent"}
//   {"line":2,"verdict":"dropped","why":"invalid payload (ipcMessageSchema)","issues":"data.payload: ..."}
// Exit code 0 if every line was accepted, 1 if any was not, 64 on a usage error.
// --enums prints the enum values of the installed @roo-code/types instead, for tests that compare
// another implementation's lists with them.

import readline from "node:readline";
import { RooCodeEventName, TaskCommandName, clineAsks, clineSays, taskEventSchema, toolNames } from "@roo-code/types";
import { parseArgs } from "./lib/args.mjs";
import { checkReceived, issuesText } from "./lib/roo-check.mjs";

const INPUTS = ["envelope", "ipc-message", "task-event", "task-command"];
const options = parseArgs("validate.mjs", "judges JSON lines (stdin) with Roo Code's zod schemas", {
  side: { kind: "string", default: "client", choices: ["client", "server"], help: "the receiving side whose rules apply" },
  input: { kind: "string", default: "ipc-message", choices: INPUTS,
    help: "what each line is: envelope ({type, data} as on the wire), ipc-message (the envelope's data),"
      + " task-event (a TaskEvent, sent as a server's IpcMessage), task-command (a TaskCommand, sent by client \"validator\")" },
  enums: { kind: "bool", help: "print the enum values of @roo-code/types as one JSON object and exit" },
});

if (options.enums) {
  process.stdout.write(JSON.stringify({
    taskCommandNames: Object.values(TaskCommandName),
    rooCodeEventNames: Object.values(RooCodeEventName),
    taskEventNames: taskEventSchema.options.map((option) => option.shape.eventName.value),
    toolNames, clineSays, clineAsks,
  }) + "\n");
  process.exit(0);
}

function envelopeOf(value) {
  switch (options.input) {
    case "envelope":
      return value;
    case "ipc-message":
      return { type: "message", data: value };
    case "task-event":
      return { type: "message", data: { type: "TaskEvent", origin: "server", data: value } };
    default:
      return { type: "message", data: { type: "TaskCommand", origin: "client", clientId: "validator", data: value } };
  }
}

let line = 0;
let rejected = 0;
const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const text of input) {
  line++;
  if (text.trim() === "") {
    continue;
  }
  let verdict;
  try {
    const check = checkReceived(options.side, envelopeOf(JSON.parse(text)));
    verdict = { line, verdict: check.verdict, why: check.why, ...(check.issues ? { issues: issuesText(check.issues) } : {}) };
  } catch (error) {
    verdict = { line, verdict: "dropped", why: "not JSON: " + error.message };
  }
  if (verdict.verdict !== "accepted") {
    rejected++;
  }
  process.stdout.write(JSON.stringify(verdict) + "\n");
}
process.exitCode = rejected === 0 ? 0 : 1;
if (rejected > 0) {
  process.stderr.write("validate.mjs: " + rejected + " of " + line + " lines would not be accepted by Roo's " + options.side + "\n");
}
