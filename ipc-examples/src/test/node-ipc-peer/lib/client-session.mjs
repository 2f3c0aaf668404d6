// What a Roo-style client does after the Ack, with no transport: the commands it sends, the
// TaskEvents it prints (one JSON line each on stdout), and when it ends with which exit code.
// roo-client.mjs (node-ipc) and raw-client.mjs (plain net) both drive it.

import { EXIT } from "./exit-codes.mjs";
import { assertValidTaskCommand } from "./roo-check.mjs";

const RESPONSES = { GetModes: "modesResponse", GetCommands: "commandsResponse", GetModels: "modelsResponse" };
export const QUERY_NAMES = Object.keys(RESPONSES);

export class ClientSession {
  #options;
  #write;
  #finish;
  #log;
  #clientId = null;
  #acked = false;
  #taskId = null;
  #pending = new Map();
  #cancelled = false;
  #messaged = false;
  #ended = false;
  /** How many of each eventName arrived, for the summary. */
  counts = {};

  /**
   * @param options {text, configuration, queries, resume, noStart, cancelOn, sendMessage, close, clientId}
   * @param write (ipcMessage) => void: sends one IpcMessage in a "message" envelope
   * @param finish (exitCode, why) => void
   * @param log (text) => void: a diagnostic line (stderr)
   */
  constructor(options, write, finish, log) {
    this.#options = options;
    this.#write = write;
    this.#finish = finish;
    this.#log = log;
  }

  get clientId() {
    return this.#clientId;
  }

  get taskId() {
    return this.#taskId;
  }

  /** The Ack arrived: remember the clientId, then send the queries and the task (as Roo's evals runner does). */
  onAck(ack) {
    if (this.#clientId !== null) {
      this.#log("a second Ack (clientId " + ack.clientId + ", was " + this.#clientId + "); Roo's client takes the new id");
    }
    this.#clientId = ack.clientId;
    this.#log("Ack: clientId " + ack.clientId + ", server pid " + ack.pid + ", ppid " + ack.ppid);
    if (this.#acked) {
      return;
    }
    this.#acked = true;
    for (const query of this.#options.queries) {
      this.#pending.set(RESPONSES[query], query);
      this.send({ commandName: query });
    }
    if (this.#options.resume) {
      this.#taskId = this.#options.resume;
      this.send({ commandName: "ResumeTask", data: this.#options.resume });
    } else if (!this.#options.noStart) {
      this.send({ commandName: "StartNewTask", data: { configuration: this.#options.configuration, text: this.#options.text } });
    } else if (this.#pending.size === 0) {
      this.#end(EXIT.COMPLETED, "connected and acknowledged; nothing else to do (--no-start)");
    }
  }

  /** Sends one TaskCommand under the Ack's clientId (or --client-id's). */
  send(command) {
    assertValidTaskCommand(command);
    this.#write({ type: "TaskCommand", origin: "client", clientId: this.#options.clientId || this.#clientId, data: command });
  }

  /** A TaskEvent Roo's client accepted (schema-parsed). */
  onTaskEvent(event) {
    process.stdout.write(JSON.stringify(event) + "\n");
    this.counts[event.eventName] = (this.counts[event.eventName] || 0) + 1;
    if (this.#pending.has(event.eventName)) {
      this.#pending.delete(event.eventName);
      if (this.#options.noStart && this.#pending.size === 0) {
        this.#end(EXIT.COMPLETED, "every query was answered");
      }
      return;
    }
    const taskId = Array.isArray(event.payload) && typeof event.payload[0] === "string" ? event.payload[0] : null;
    if (this.#taskId === null && (event.eventName === "taskCreated" || event.eventName === "taskStarted")) {
      this.#taskId = taskId;
      this.#log("following task " + taskId);
    }
    if (taskId === null || taskId !== this.#taskId) {
      return;
    }
    if (event.eventName === "taskStarted" && this.#options.sendMessage !== undefined && !this.#messaged) {
      this.#messaged = true;
      this.send({ commandName: "SendMessage", data: { text: this.#options.sendMessage } });
    }
    if (event.eventName === this.#options.cancelOn && !this.#cancelled) {
      this.#cancelled = true;
      this.send({ commandName: "CancelTask" });
    }
    if (event.eventName === "taskCompleted") {
      this.#end(EXIT.COMPLETED, "taskCompleted " + taskId);
    } else if (event.eventName === "taskAborted") {
      this.#end(EXIT.ABORTED, "taskAborted " + taskId);
    }
  }

  /** The connection closed. */
  onDisconnect() {
    if (!this.#ended) {
      this.#ended = true;
      this.#finish(EXIT.DISCONNECTED, this.#clientId === null ? "the server closed the connection before its Ack"
        : "the server disconnected before the task ended" + (this.#taskId ? " (task " + this.#taskId + ")" : ""));
    }
  }

  #end(code, why) {
    if (this.#ended) {
      return;
    }
    this.#ended = true;
    if (this.#pending.size > 0) {
      code = EXIT.QUERY_FAILED;
      why = "no " + [...this.#pending.keys()].join(", ") + " arrived for " + [...this.#pending.values()].join(", ")
        + " before the end (" + why + ")";
    }
    if (this.#options.close) {
      this.send({ commandName: "CloseTask" });
    }
    this.#finish(code, why);
  }
}
