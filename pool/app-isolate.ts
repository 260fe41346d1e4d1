/**
 * One tenant app in one isolate: a Sandbox, the app loaded into it, and the requests it is answering.
 * The isolate serves many requests at once (an async handler awaiting a timer does not hold up the
 * next request), and module-level state persists between requests, as in Workers.
 *
 * An ES-module app is loaded through a generated wrapper module (apis/app/bridge.ts) whose body runs
 * only once the app has fully evaluated, top-level `await` included; a classic script has finished when
 * its top level returns. Either way the isolate then reports which handler format it found.
 */
import { pathToFileURL } from 'node:url';
import {
  DISPATCH_ENTRY,
  type DispatchFailure,
  type HandlerFormat,
  moduleWrapperSource,
  PREPARE_MODULE_ENTRY,
  SCRIPT_LOADED_ENTRY,
} from '../apis/app/bridge.ts';
import { type AppReceiver, receiveAppCalls } from '../apis/app/host.ts';
import { withoutServerOwnedHeaders } from '../apis/app/host-response-headers.ts';
import type { ConsoleLevel } from '../apis/console/bridge.ts';
import type { Entry } from './bootstrap.ts';
import type { EntryFailureKind } from './event-loop.ts';
import { looksLikeModule, readSource } from './module-loader.ts';
import { Sandbox, type SandboxFailure } from './sandbox.ts';
import { type AppSpec, plainTextResult, type RequestTask, type ResponseResult } from './task.ts';

/** Where an app's output and failures go (the thread's logger, tagged with the app's name). */
export interface AppLog {
  console(level: ConsoleLevel, text: string): void;
  error(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

export type LoadOutcome = { ok: true; format: HandlerFormat } | { ok: false; error: string };

type State = 'loading' | 'ready' | 'failed' | 'disposed';

interface PendingRequest {
  method: string;
  url: string;
  resolve(result: ResponseResult): void;
}

const COPY_ARGUMENTS = { copy: true } as const;

const FAILURE_STATUS: Record<DispatchFailure, [number, string, string]> = {
  exception: [500, 'Internal Server Error', 'Internal Server Error'],
  'invalid-response': [500, 'Internal Server Error', 'Internal Server Error'],
  'no-response': [500, 'Internal Server Error', 'Internal Server Error'],
  'bad-request': [400, 'Bad Request', 'Bad Request'],
};

const FAILURE_LOG: Record<DispatchFailure, string> = {
  exception: 'fetch handler threw an exception',
  'invalid-response': 'fetch handler did not produce a Response',
  'no-response': 'fetch handler produced no response',
  'bad-request': 'request could not be given to the app',
};

function unavailable(): ResponseResult {
  return plainTextResult(503, 'Service Unavailable', 'Service Unavailable: the app is not available');
}

export class AppIsolate {
  readonly spec: AppSpec;
  readonly #log: AppLog;
  readonly #sandbox: Sandbox;
  readonly #pending = new Map<number, PendingRequest>();
  readonly #loaded = Promise.withResolvers<LoadOutcome>();
  #state: State = 'loading';
  #nextRequestId = 1;
  #lastFailure: EntryFailureKind | undefined;
  #dispatchEntry: Entry | undefined;
  #startupTimer: NodeJS.Timeout | undefined;

  constructor(spec: AppSpec, log: AppLog, startupTimeoutMs: number) {
    this.spec = spec;
    this.#log = log;
    this.#sandbox = new Sandbox({
      console: { write: (level, text) => log.console(level, text) },
      onFailure: (failure) => this.#onFailure(failure),
    });
    receiveAppCalls(this.#sandbox.isolate, this.#receiver());
    this.#startupTimer = setTimeout(
      () =>
        this.#finishLoading({
          ok: false,
          error: `${spec.entry} did not finish loading within ${startupTimeoutMs} ms (a top-level await that never settles?)`,
        }),
      startupTimeoutMs,
    );
    this.#load();
  }

  get state(): State {
    return this.#state;
  }

  /** Settles once the app has loaded or failed to; never rejects. */
  get loaded(): Promise<LoadOutcome> {
    return this.#loaded.promise;
  }

  dispatch(task: RequestTask): Promise<ResponseResult> {
    const entry = this.#dispatchEntry;
    if (this.#state !== 'ready' || entry === undefined) return Promise.resolve(unavailable());
    const requestId = this.#nextRequestId++;
    const { promise, resolve } = Promise.withResolvers<ResponseResult>();
    this.#pending.set(requestId, { method: task.method, url: task.url, resolve });
    const args = [requestId, task.method, task.url, task.headers, task.body] as never[];
    this.#lastFailure = undefined;
    const entered = this.#sandbox.loop.enter((timeout) => {
      entry.applySync(undefined, args, { arguments: COPY_ARGUMENTS, timeout });
      return true;
    });
    // An unhandled rejection surfacing at the end of the entry does not concern this request; a
    // timeout or a disposed isolate means it will never be answered.
    if (entered === undefined && this.#lastFailure !== 'rejection') this.#settle(requestId, unavailable());
    return promise;
  }

  dispose(): void {
    if (this.#state === 'disposed') return;
    this.#state = 'disposed';
    clearTimeout(this.#startupTimer);
    for (const requestId of [...this.#pending.keys()]) this.#settle(requestId, unavailable());
    this.#sandbox.dispose();
    this.#loaded.resolve({ ok: false, error: `${this.spec.entry}: the isolate was disposed while loading` });
  }

  #load(): void {
    const { entry } = this.spec;
    let source: string;
    try {
      source = readSource(entry);
    } catch (error) {
      this.#finishLoading({ ok: false, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    const url = pathToFileURL(entry).href;
    const loop = this.#sandbox.loop;
    if (looksLikeModule(entry, source)) {
      loop.enter((timeout) =>
        this.#sandbox.entry(PREPARE_MODULE_ENTRY).applySync(undefined, [], { timeout }),
      );
      this.#sandbox.runSource(moduleWrapperSource(url), new URL('nano-app-loader.mjs', url).href, true);
    } else if (this.#sandbox.runSource(source, url, false)) {
      loop.enter((timeout) => this.#sandbox.entry(SCRIPT_LOADED_ENTRY).applySync(undefined, [], { timeout }));
    }
  }

  #finishLoading(outcome: LoadOutcome): void {
    if (this.#state !== 'loading') return;
    clearTimeout(this.#startupTimer);
    this.#state = outcome.ok ? 'ready' : 'failed';
    if (outcome.ok) this.#dispatchEntry = this.#sandbox.entry(DISPATCH_ENTRY);
    // Not at once: this may run inside a callback from the isolate itself (`op_app_loaded`).
    else setImmediate(() => this.#sandbox.dispose());
    this.#loaded.resolve(outcome);
  }

  #onFailure(failure: SandboxFailure): void {
    this.#lastFailure = failure.kind;
    if (this.#state === 'loading') {
      this.#finishLoading({ ok: false, error: failure.text });
      return;
    }
    this.#log.error(
      failure.kind === 'memory' ? 'app isolate exceeded its memory limit' : 'uncaught exception in app',
      { error: failure.text },
    );
    if (failure.kind === 'memory') this.dispose();
  }

  #settle(requestId: number, result: ResponseResult): void {
    const request = this.#pending.get(requestId);
    if (!request) return;
    this.#pending.delete(requestId);
    request.resolve(result);
  }

  #receiver(): AppReceiver {
    return {
      loaded: (format, problem) =>
        this.#finishLoading(
          format === null
            ? { ok: false, error: `${this.spec.entry} cannot serve requests: ${problem}` }
            : { ok: true, format },
        ),
      respond: (requestId, status, statusText, headers, body) =>
        this.#settle(requestId, { status, statusText, headers: withoutServerOwnedHeaders(headers), body }),
      fail: (requestId, reason, detail) => {
        const request = this.#pending.get(requestId);
        if (!request) return;
        const fields = { method: request.method, url: request.url, error: detail };
        if (reason === 'bad-request') this.#log.warn(FAILURE_LOG[reason], fields);
        else this.#log.error(FAILURE_LOG[reason], fields);
        const [status, statusText, message] = FAILURE_STATUS[reason];
        this.#settle(requestId, plainTextResult(status, statusText, message));
      },
    };
  }
}
