/**
 * The app family's contract: how the host loads a tenant's app, hands it requests and takes its answers.
 * A request crosses once each way: the `app_dispatch` entry in, then `op_app_respond` or `op_app_fail`
 * out (from the same entry for a synchronous handler, from a later one for an asynchronous handler).
 * A response whose body is a ReadableStream answers with `op_app_respond_stream` instead, and its body
 * follows chunk by chunk, each read only when the host asks for it (`app_stream_pull`): the host's
 * credit is the stream's backpressure.
 */

/** How the app registered its handler (see the README's "Handler formats"). */
export type HandlerFormat = 'module' | 'service-worker' | 'set-default';

/**
 * Why a request got no response from the app: `exception` — the handler threw or rejected;
 * `invalid-response` — it produced something other than a usable Response; `no-response` — no fetch
 * listener called `respondWith()`; `bad-request` — the request could not be turned into a Request.
 */
export type DispatchFailure = 'exception' | 'invalid-response' | 'no-response' | 'bad-request';

export interface AppOps {
  /** Loading finished: the format found, or `null` and what is missing. */
  op_app_loaded(format: HandlerFormat | null, problem: string): void;
  op_app_respond(
    requestId: number,
    status: number,
    statusText: string,
    headers: string[],
    body: ArrayBuffer | null,
  ): void;
  /**
   * The response's head, its body to follow as a stream (`op_app_stream_*`, one chunk per
   * `app_stream_pull`); `length` is the body's byte count when known (a FixedLengthStream), else -1.
   */
  op_app_respond_stream(
    requestId: number,
    status: number,
    statusText: string,
    headers: string[],
    length: number,
  ): void;
  /** The next chunk of a streamed body, as an ArrayBuffer of exactly its bytes (never empty). */
  op_app_stream_chunk(requestId: number, chunk: ArrayBuffer): void;
  /** The streamed body ended normally. */
  op_app_stream_end(requestId: number): void;
  /** The streamed body errored (the text is for the log); the client's connection is aborted. */
  op_app_stream_error(requestId: number, detail: string): void;
  /** `detail` is the text for the log (an error with the tenant's stack); never shown to the client. */
  op_app_fail(requestId: number, reason: DispatchFailure, detail: string): void;
  /** `ctx.waitUntil(promise)` started: the host keeps the isolate's work alive until it settles. */
  op_app_wait_until_start(): void;
  /** A `waitUntil` promise settled; `failure` is the rejection's text, or `null` when it fulfilled. */
  op_app_wait_until_end(failure: string | null): void;
  /** A scheduled event finished: its handler and every `waitUntil` promise settled. */
  op_app_scheduled_done(
    runId: number,
    outcome: ScheduledEventOutcome,
    detail: string,
    noRetry: boolean,
  ): void;
}

/**
 * How a scheduled event ended inside the isolate: `exception` — the handler threw or rejected, or a
 * `waitUntil` promise rejected (`detail` has the text); `no-handler` — the app has no scheduled handler.
 */
export type ScheduledEventOutcome = 'ok' | 'exception' | 'no-handler';

/** Runs the app's scheduled handler once: `(runId, cron, scheduledTime)`. */
export const SCHEDULED_ENTRY = 'app_scheduled';

/** Reads the next chunk of a streamed response body: `(requestId)`; answered by an `op_app_stream_*`. */
export const STREAM_PULL_ENTRY = 'app_stream_pull';

/** Cancels a streamed response body (the client went away, or it stalled): `(requestId, reason)`. */
export const STREAM_CANCEL_ENTRY = 'app_stream_cancel';

/** Gives the app its `env` before it loads: `(env)`, a copy of the app's vars and secrets (src/apps/). */
export const CONFIGURE_ENTRY = 'app_configure';

/** Handles one request: `(requestId, method, url, flatHeaders, body)`. */
export const DISPATCH_ENTRY = 'app_dispatch';

/** Makes the module hook available for the wrapper module about to be evaluated: `()`. */
export const PREPARE_MODULE_ENTRY = 'app_prepare_module';

/** Finds the handler of a classic-script app once its top level has run: `()`. */
export const SCRIPT_LOADED_ENTRY = 'app_script_loaded';

/**
 * The one-shot global the generated wrapper module calls with the app's module namespace once the
 * app's evaluation, top-level `await` included, has finished. It removes itself when called.
 */
export const MODULE_HOOK_GLOBAL = '__nano_app_module';

/** The wrapper module that loads an ES-module app: its body runs only after the app fully evaluated. */
export function moduleWrapperSource(entryUrl: string): string {
  return `import * as app from ${JSON.stringify(entryUrl)};\n${MODULE_HOOK_GLOBAL}(app);\n`;
}
