// The behaviour of Roo Code's extension behind its IpcServer, for one fake task at a time, with no
// transport: it answers TaskCommands with TaskEvents through the `broadcast` and `unicast`
// callbacks, the way WIRE.md sections 4.2 and 4.3 describe (task events to every client, the three
// query responses to the asking client only). Every event is checked against @roo-code/types'
// taskEventSchema before it leaves, so a bug here shows up as an exception, not as a bad frame.

import { randomUUID } from "node:crypto";
import { DEFAULT_MODES } from "@roo-code/types";
import { assertValidTaskEvent } from "./roo-check.mjs";

/** The text of the last step: non-ASCII and a form feed inside a JSON string, as the captures have. */
export const LAST_STEP_SUFFIX = " \u2713 \u00e9 \ud83d\ude00 \f form-feed inside JSON string";

export class FakeRoo {
  #options;
  #broadcast;
  #unicast;
  #log;
  #onCloseTask;
  #onDisconnectAtStep;
  #current = null;
  #timer = null;
  #clock = Date.now();

  /**
   * @param options {steps, stepMs, abortAtStep, disconnectAtStep}
   * @param broadcast (event) => void, to every connected client
   * @param unicast (clientId, event) => void, to the client that asked (routed the way the server routes)
   * @param onCloseTask () => void: CloseTask closes Roo's window, which ends the process
   * @param onDisconnectAtStep () => void: called at step `disconnectAtStep` instead of going on
   * @param log (text) => void
   */
  constructor(options, { broadcast, unicast, onCloseTask, onDisconnectAtStep, log }) {
    this.#options = options;
    this.#broadcast = (event) => broadcast(assertValidTaskEvent(event));
    this.#unicast = (clientId, event) => unicast(clientId, assertValidTaskEvent(event));
    this.#onCloseTask = onCloseTask;
    this.#onDisconnectAtStep = onDisconnectAtStep;
    this.#log = log;
  }

  /** Acts on one TaskCommand (already accepted by taskCommandSchema) that came with `clientId`. */
  handle(clientId, command) {
    switch (command.commandName) {
      case "StartNewTask":
        this.#start(randomUUID(), command.data.text, 0);
        break;
      case "ResumeTask":
        this.#start(command.data, null, this.#current && this.#current.taskId === command.data ? this.#current.step : 0);
        break;
      case "CancelTask":
        if (!this.#current) {
          this.#log("CancelTask: no current task; nothing to cancel");
          break;
        }
        this.#stopTimer();
        this.#event("taskAborted", [this.#current.taskId]);
        break;
      case "CloseTask":
        this.#stopTimer();
        this.#onCloseTask();
        break;
      case "SendMessage":
        if (!this.#current) {
          this.#log("SendMessage: no current task; the text is dropped");
          break;
        }
        this.#say("created", "user_feedback", command.data.text ?? "", {});
        this.#say("created", "text", "Noted: " + (command.data.text ?? ""), {});
        break;
      case "DeleteQueuedMessage":
        if (this.#current) {
          this.#event("queuedMessagesUpdated", [this.#current.taskId, []]);
        }
        break;
      case "GetCommands":
        this.#unicast(clientId, { eventName: "commandsResponse", payload: [[
          { name: "init", source: "built-in", description: "Analyze the codebase and write AGENTS.md files" },
          { name: "review", source: "project", filePath: ".roo/commands/review.md", description: "Review the diff",
            argumentHint: "<branch>" },
        ]] });
        break;
      case "GetModes":
        this.#unicast(clientId, { eventName: "modesResponse",
          payload: [DEFAULT_MODES.map((mode) => ({ slug: mode.slug, name: mode.name }))] });
        break;
      case "GetModels":
        this.#unicast(clientId, { eventName: "modelsResponse", payload: [{
          "fake/simulated-model": { maxTokens: 8192, contextWindow: 200000, supportsImages: false, supportsPromptCache: false,
            inputPrice: 0, outputPrice: 0, description: "the node-ipc peer's fake model" },
        }] });
        break;
      default:
        this.#log("unhandled command " + command.commandName);
    }
  }

  /** Stops the running task's timer (the process is ending). */
  stop() {
    this.#stopTimer();
  }

  #start(taskId, text, fromStep) {
    this.#stopTimer();
    this.#current = { taskId, step: fromStep };
    this.#event("taskCreated", [taskId]);
    this.#event("taskStarted", [taskId]);
    if (text !== null) {
      this.#say("created", "text", text, {});
    }
    this.#timer = setInterval(() => this.#step(), this.#options.stepMs);
  }

  #step() {
    const task = this.#current;
    task.step++;
    const { steps, abortAtStep, disconnectAtStep } = this.#options;
    if (task.step === disconnectAtStep) {
      this.#stopTimer();
      this.#onDisconnectAtStep();
      return;
    }
    if (task.step === abortAtStep) {
      this.#stopTimer();
      this.#say("created", "error", "fake failure at step " + task.step, {});
      this.#event("taskAborted", [task.taskId]);
      return;
    }
    const ts = this.#ts();
    const label = "fake step " + task.step + " of " + steps;
    this.#say("created", "text", "partial " + task.step, { ts, partial: true });
    this.#say("updated", "text", label + (task.step === steps ? LAST_STEP_SUFFIX : ""), { ts, partial: false });
    const usage = this.#usage(task.step);
    this.#event("taskTokenUsageUpdated", [task.taskId, usage, {}]);
    if (task.step >= steps) {
      this.#stopTimer();
      this.#say("created", "completion_result", "Done: " + steps + " fake steps.", {});
      this.#message("created", { ts: this.#ts(), type: "ask", ask: "completion_result", text: "" });
      this.#event("taskCompleted", [task.taskId, usage, { attempt_completion: { attempts: 1, failures: 0 } },
        { isSubtask: false }]);
    }
  }

  #usage(step) {
    return { totalTokensIn: 1000 + 100 * step, totalTokensOut: 50 * step, totalCacheWrites: 0, totalCacheReads: 0,
      totalCost: Math.round(step * 12.3) / 1000, contextTokens: 1000 + 150 * step };
  }

  #say(action, say, text, extra) {
    this.#message(action, { ts: extra.ts ?? this.#ts(), type: "say", say, text,
      ...(extra.partial === undefined ? {} : { partial: extra.partial }) });
  }

  #message(action, message) {
    this.#event("message", [{ taskId: this.#current.taskId, action, message }]);
  }

  #event(eventName, payload) {
    this.#broadcast({ eventName, payload });
  }

  /** Message timestamps: milliseconds, strictly increasing (Roo uses ts as a message's identity). */
  #ts() {
    this.#clock = Math.max(this.#clock + 1, Date.now());
    return this.#clock;
  }

  #stopTimer() {
    if (this.#timer) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
  }
}
