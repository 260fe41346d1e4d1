/**
 * One request/response pair on the front door. uWS invalidates an HttpResponse when the client goes
 * away (onAborted) or once it has been ended, and touching it afterwards throws; `open` is the one
 * check every writer makes. The constructor registers `onAborted`, so creating the exchange must be the
 * first thing a route handler does (a handler that returns without it kills the process, uWS #18 in
 * the reliability notes).
 */
import type { HttpResponse } from 'uWebSockets.js';

export interface IncomingRequest {
  /** As sent (uWS keeps the case). */
  method: string;
  /** Absolute, from the Host header and the target. */
  url: string;
  /** The request target (path and query), for the log. */
  path: string;
  /** Flat `[name, value, …]`, lower-case names, in arrival order. */
  headers: string[];
  body: ArrayBuffer | null;
  /** The client's address, read only when the log format shows it. */
  remoteAddress: string;
  /** The app it is for: empty until the dispatcher has routed it (src/server/router.ts). */
  app: string;
}

export class Exchange {
  readonly res: HttpResponse;
  readonly startedAt = performance.now();
  aborted = false;
  /** A response has been started (by the app, or by NANO: 4xx, 5xx). */
  answered = false;
  /** Runs if the client goes away (a streamed response cancels its source). */
  onAbort: (() => void) | undefined;

  constructor(res: HttpResponse) {
    this.res = res;
    res.onAborted(() => {
      this.aborted = true;
      this.onAbort?.();
    });
  }

  /** True while a response may still be written. */
  get open(): boolean {
    return !this.aborted && !this.answered;
  }
}
