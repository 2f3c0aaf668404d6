// The options roo-server.mjs and raw-server.mjs share, and FakeRoo's options made from them.

export const SERVER_OPTIONS = {
  socket: { kind: "string", required: true, help: "the socket path to serve, used as is (unlinked first, as node-ipc does)" },
  steps: { kind: "int", default: 2, help: "steps of the fake task" },
  "step-ms": { kind: "int", default: 20, help: "milliseconds between steps" },
  "abort-at-step": { kind: "int", default: 0, help: "end the task with taskAborted at this step" },
  "disconnect-at-step": { kind: "int", default: 0, help: "close every connection and exit at this step" },
  "stay-on-close": { kind: "bool", help: "keep running after CloseTask (Roo closes its window, so by default the server exits)" },
};

export function fakeOptions(options) {
  return { steps: options.steps, stepMs: options["step-ms"], abortAtStep: options["abort-at-step"],
    disconnectAtStep: options["disconnect-at-step"] };
}
