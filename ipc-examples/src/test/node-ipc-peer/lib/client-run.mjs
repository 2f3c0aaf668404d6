// What roo-client.mjs and raw-client.mjs share: their common options, the ClientSession options
// made from them, and the reporting (BAD FRAME lines, the summary line, the exit).

import { EXIT } from "./exit-codes.mjs";
import { QUERY_NAMES } from "./client-session.mjs";

/** The options both clients take (parseArgs specs). */
export const CLIENT_OPTIONS = {
  socket: { kind: "string", required: true, help: "the server's socket path, used as is" },
  text: { kind: "string", default: "Say hello.", help: "the task's text" },
  config: { kind: "string", default: "{}", help: "StartNewTask's configuration, a JSON object" },
  query: { kind: "list", default: [], choices: QUERY_NAMES,
    help: "queries to send after the Ack, comma-separated: GetModes,GetCommands,GetModels" },
  resume: { kind: "string", help: "send ResumeTask with this task id instead of StartNewTask" },
  "no-start": { kind: "bool", help: "send only the queries; exit 0 once each has its answer" },
  "cancel-on": { kind: "string", help: "send CancelTask when the task's first event of this name arrives (taskStarted, message...)" },
  "send-message": { kind: "string", help: "send SendMessage with this text once the task started" },
  close: { kind: "bool", help: "send CloseTask when the task ended, as Roo's evals runner does" },
  "client-id": { kind: "string", help: "put this clientId in every TaskCommand instead of the Ack's (a spoof)" },
  lenient: { kind: "bool", help: "report bad frames but go on, as Roo's client does" },
  "timeout-ms": { kind: "int", default: 60000, help: "give up after this long (exit 4)" },
};

/** ClientSession's options from the parsed command line; a --config that is not JSON ends the process (usage). */
export function sessionOptions(script, options) {
  let configuration;
  try {
    configuration = JSON.parse(options.config);
  } catch (error) {
    process.stderr.write(script + ": --config is not JSON: " + error.message + "\n");
    process.exit(EXIT.USAGE);
  }
  return { text: options.text, configuration, queries: options.query, resume: options.resume, noStart: options["no-start"],
    cancelOn: options["cancel-on"], sendMessage: options["send-message"], close: options.close, clientId: options["client-id"] };
}

/**
 * One client run's reporting: `log` lines on stderr, `badFrame` (a BAD FRAME line; the end with
 * exit code 2 unless lenient), and `finish`, which ends the run once: after `delayMs(code)` it
 * prints the summary line and calls `exit(code)`.
 */
export class ClientRun {
  #name;
  #lenient;
  #exit;
  #delayMs;
  badFrames = [];
  exiting = false;
  /** The ClientSession, for the summary; set it once made. */
  session = null;

  constructor(name, lenient, exit, delayMs = () => 0) {
    this.#name = name;
    this.#lenient = lenient;
    this.#exit = exit;
    this.#delayMs = delayMs;
  }

  log = (text) => process.stderr.write(this.#name + ": " + text + "\n");

  finish = (code, why) => {
    if (this.exiting) {
      return;
    }
    this.exiting = true;
    setTimeout(() => {
      this.log("exit " + code + ": " + why);
      const session = this.session;
      process.stderr.write(JSON.stringify({ summary: { exit: code, why, clientId: session?.clientId ?? null,
        taskId: session?.taskId ?? null, events: session?.counts ?? {}, badFrames: this.badFrames } }) + "\n");
      this.#exit(code);
    }, this.#delayMs(code));
  };

  badFrame = (verdict, why, frame) => {
    this.badFrames.push({ verdict, why });
    this.log("BAD FRAME (" + verdict + "): " + why + (frame === undefined ? "" : " -> " + excerpt(frame)));
    if (!this.#lenient) {
      this.finish(EXIT.BAD_FRAME, "a frame Roo's client would not accept: " + why);
    }
  };
}

function excerpt(value) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined ? "undefined" : text.length > 300 ? text.slice(0, 300) + "..." : text;
}
