// The node-ipc 12 frame format as WIRE.md section 2 describes it, for the raw peers (plain `net`
// sockets, no node-ipc): a frame is JSON.stringify({type, data}) followed by a form feed, UTF-8.
// The reader follows node-ipc's receive algorithm exactly, quirks included, so a raw peer sees
// what a node-ipc peer would see.

import { StringDecoder } from "node:string_decoder";

export const DELIMITER = "\f";

/** One frame as a Buffer: the envelope's JSON (keys in node-ipc's order: type, data) + "\f". */
export function encodeFrame(type, data) {
  return Buffer.from(JSON.stringify({ type, data }) + DELIMITER, "utf8");
}

/** A frame for a node-ipc "message" event: what Roo's client and server send. */
export function messageFrame(ipcMessage) {
  return encodeFrame("message", ipcMessage);
}

/**
 * node-ipc's receiver (dao/client.js and dao/socketServer.js): text accumulates per socket and is
 * parsed only when the accumulated text ends with "\f"; then it is split on "\f", the last (empty)
 * piece dropped, and each piece JSON-parsed. A piece that is not JSON (an empty frame, say) is
 * what node-ipc turns into a local "error" event; here it is reported as {invalid: text, error}.
 */
export class FrameReader {
  #decoder = new StringDecoder("utf8");
  #buffer = "";

  /** Feeds bytes; returns the frames that are complete now: {envelope} or {invalid, error}. */
  push(chunk) {
    this.#buffer += typeof chunk === "string" ? chunk : this.#decoder.write(chunk);
    if (!this.#buffer.endsWith(DELIMITER)) {
      return [];
    }
    const pieces = this.#buffer.split(DELIMITER);
    pieces.pop();
    this.#buffer = "";
    return pieces.map((text) => {
      try {
        return { envelope: JSON.parse(text), bytes: Buffer.byteLength(text) + 1 };
      } catch (error) {
        return { invalid: text.length > 200 ? text.slice(0, 200) + "..." : text, error: String(error.message) };
      }
    });
  }

  /** Characters waiting for a frame end. */
  get pending() {
    return this.#buffer.length;
  }
}

export const FRAME_MODES = ["whole", "coalesce", "split", "bytewise"];

/**
 * Writes frames (Buffers) the way the mode says, waiting `delayMs` between writes so that the
 * pieces reach the peer in separate reads:
 *   whole    - one write per frame (what node-ipc does);
 *   coalesce - every frame of the batch in a single write;
 *   split    - each frame in two writes, cut in the middle of its bytes (a multi-byte character
 *              may be cut too);
 *   bytewise - one write per byte.
 * Frames larger than 1 MiB are always written in 64 KiB pieces, whatever the mode.
 */
export async function writeFrames(socket, frames, mode, delayMs) {
  const pieces = [];
  if (mode === "coalesce") {
    pieces.push(Buffer.concat(frames));
  } else {
    for (const frame of frames) {
      if (frame.length > 1024 * 1024) {
        for (let at = 0; at < frame.length; at += 64 * 1024) {
          pieces.push(frame.subarray(at, Math.min(frame.length, at + 64 * 1024)));
        }
      } else if (mode === "split" && frame.length > 1) {
        const half = Math.floor(frame.length / 2);
        pieces.push(frame.subarray(0, half), frame.subarray(half));
      } else if (mode === "bytewise") {
        for (let at = 0; at < frame.length; at++) {
          pieces.push(frame.subarray(at, at + 1));
        }
      } else {
        pieces.push(frame);
      }
    }
  }
  for (let i = 0; i < pieces.length; i++) {
    if (socket.destroyed) {
      throw new Error("the socket closed while frames were being written (" + i + " of " + pieces.length + " pieces sent)");
    }
    const flushed = socket.write(pieces[i]);
    if (!flushed) {
      await new Promise((resolve) => socket.once("drain", resolve));
    }
    if (delayMs > 0 && mode !== "whole" && mode !== "coalesce" && i < pieces.length - 1) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/**
 * Queues frames for one socket and writes them in order with writeFrames: frames queued in the
 * same turn of the event loop form one batch (so "coalesce" puts them in one write).
 */
export class FrameWriter {
  #socket;
  #mode;
  #delayMs;
  #batch = [];
  #chain = Promise.resolve();
  #onError;

  /** @param onError (error) => void: a write failed (the socket closed under it) */
  constructor(socket, mode, delayMs, onError) {
    this.#socket = socket;
    this.#mode = mode;
    this.#delayMs = delayMs;
    this.#onError = onError;
  }

  send(frame) {
    this.#batch.push(frame);
    if (this.#batch.length === 1) {
      setImmediate(() => {
        const frames = this.#batch;
        this.#batch = [];
        this.#chain = this.#chain.then(() => writeFrames(this.#socket, frames, this.#mode, this.#delayMs))
          .catch((error) => this.#onError(error));
      });
    }
  }

  /** Resolves once everything queued so far is written or has failed. */
  async flushed() {
    await new Promise((resolve) => setImmediate(resolve));
    await this.#chain;
  }
}
