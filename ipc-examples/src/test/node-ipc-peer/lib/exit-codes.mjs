// Exit codes of the peer clients (roo-client.mjs, raw-client.mjs), the same as the Java client's
// `./localipc task --wire node-ipc` is asked to use for the first three.

export const EXIT = Object.freeze({
  /** The task ended with taskCompleted (or, with --no-start, every query was answered). */
  COMPLETED: 0,
  /** The task ended with taskAborted. */
  ABORTED: 1,
  /** A frame arrived that Roo's client would drop, ignore or crash on (strict mode). */
  BAD_FRAME: 2,
  /** The server disconnected (or sent a "disconnect" envelope) before the task ended. */
  DISCONNECTED: 3,
  /** No connection, no Ack, or no end of the task within the time limit. */
  TIMEOUT: 4,
  /** A query (--query) got no answer, or an answer that does not fit what was asked. */
  QUERY_FAILED: 5,
  /** Bad command line. */
  USAGE: 64,
});
