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
  CONFIGURE_ENTRY,
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
import { CpuCharge } from './cpu-charge.ts';
import type { EntryFailureKind } from './event-loop.ts';
import {
  DEFAULT_ISOLATE_LIMITS,
  type IsolateLimits,
  type LimitReason,
  limitResult,
} from './isolate-limits.ts';
import { looksLikeModule, readSource } from './module-loader.ts';
import { ResponseStreams } from './response-stream.ts';
import { Sandbox, type SandboxFailure } from './sandbox.ts';
import { ScheduledRuns, unavailableResult } from './scheduled-runs.ts';
import {
  type AppSpec,
  plainTextResult,
  type RequestTask,
  type ResponseResult,
  type ScheduledResult,
  type ScheduledTask,
} from './task.ts';

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
  /** `performance.now()` after which the front door has answered 504 and the request is let go. */
  deadline: number;
  resolve(result: ResponseResult): void;
}

/** How often requests past their deadline are let go (pool/app-isolate.ts `#releaseExpired`). */
const DEADLINE_SWEEP_MS = 1000;

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

const FAILURE_KIND_LOG: Record<EntryFailureKind, string> = {
  exception: 'uncaught exception in app',
  rejection: 'uncaught exception in app',
  timeout: "app code run on no request's behalf (a timer its top level set) exceeded its CPU time limit",
  memory: 'app isolate exceeded its memory limit and was disposed',
};

function deadlinePassed(): ResponseResult {
  return plainTextResult(504, 'Gateway Timeout', 'Gateway Timeout: the app did not respond in time');
}

function unavailable(): ResponseResult {
  return plainTextResult(503, 'Service Unavailable', 'Service Unavailable: the app is not available');
}

export class AppIsolate {
  readonly spec: AppSpec;
  readonly #log: AppLog;
  readonly #sandbox: Sandbox;
  readonly #pending = new Map<number, PendingRequest>();
  readonly #loaded = Promise.withResolvers<LoadOutcome>();
  readonly #scheduledRuns = new ScheduledRuns();
  readonly #streams: ResponseStreams;
  #state: State = 'loading';
  #nextRequestId = 1;
  #lastFailure: EntryFailureKind | undefined;
  #dispatchEntry: Entry | undefined;
  #startupTimer: NodeJS.Timeout | undefined;
  #deadlineSweep: NodeJS.Timeout | undefined;
  readonly #limits: IsolateLimits;

  constructor(
    spec: AppSpec,
    log: AppLog,
    startupTimeoutMs: number,
    limits: IsolateLimits = DEFAULT_ISOLATE_LIMITS,
  ) {
    this.spec = spec;
    this.#log = log;
    this.#limits = limits;
    const startupDeadline = performance.now() + startupTimeoutMs;
    const loading = () => this.#state === 'loading';
    this.#sandbox = new Sandbox({
      memoryLimitMb: limits.memoryMb,
      // Loading has the start-up time in all; afterwards each entry on nobody's behalf (a timer the
      // top level set) gets one request's CPU budget.
      entryBudget: () => (loading() ? startupDeadline - performance.now() : undefined),
      unattributedCpuMs: () => (loading() ? undefined : limits.cpuMs),
      freezeClock: !limits.preciseTimers,
      refuseCodeGeneration: !limits.allowEval,
      console: { write: (level, text) => log.console(level, text) },
      onFailure: (failure) => this.#onFailure(failure),
    });
    this.#streams = new ResponseStreams(this.#sandbox, log);
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

  /** Work still pending (timers, `ctx.waitUntil`, host operations, streaming bodies): a retired isolate waits for it. */
  get pendingWork(): number {
    return this.#state === 'disposed' ? 0 : this.#sandbox.loop.pending + this.#streams.size;
  }

  /** Bytes of heap in use, for the recycling policy and /metrics (pool/recycle-keeper.ts). */
  heapUsedBytes(): number {
    if (this.#state === 'disposed') return 0;
    return this.#sandbox.isolate.getHeapStatisticsSync().used_heap_size;
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
    const deadline = performance.now() + this.#limits.requestDeadlineMs;
    this.#pending.set(requestId, { method: task.method, url: task.url, deadline, resolve });
    this.#deadlineSweep ??= setInterval(() => this.#releaseExpired(), DEADLINE_SWEEP_MS).unref();
    const args = [requestId, task.method, task.url, task.headers, task.body] as never[];
    this.#lastFailure = undefined;
    const charge = new CpuCharge(this.#limits.cpuMs, (spent) => this.#cpuExceeded(requestId, task, spent));
    const entered = this.#sandbox.loop.enter(
      (timeout) => {
        entry.applySync(undefined, args, { arguments: COPY_ARGUMENTS, timeout });
        return true;
      },
      'rejection',
      charge,
    );
    // An unhandled rejection surfacing at the end of the entry does not concern this request; a
    // timeout or a disposed isolate means it will never be answered.
    if (entered === undefined && this.#lastFailure !== 'rejection') this.#settle(requestId, unavailable());
    return promise;
  }

  /** Runs the app's scheduled handler once (pool/scheduled-runs.ts). */
  scheduled(task: ScheduledTask): Promise<ScheduledResult> {
    if (this.#state !== 'ready') return Promise.resolve(unavailableResult(`the app is ${this.#state}`));
    this.#lastFailure = undefined;
    return this.#scheduledRuns.start(this.#sandbox, task, () => this.#lastFailure);
  }

  dispose(): void {
    this.#disposeFor(undefined);
  }

  /** Disposes the isolate; the requests it was answering get 503 (naming the limit, if one was hit). */
  #disposeFor(limit: LimitReason | undefined): void {
    if (this.#state === 'disposed') return;
    this.#state = 'disposed';
    clearTimeout(this.#startupTimer);
    clearInterval(this.#deadlineSweep);
    this.#scheduledRuns.abandon();
    for (const requestId of [...this.#pending.keys()]) {
      this.#settle(requestId, limit === undefined ? unavailable() : limitResult(limit));
    }
    this.#streams.abandon();
    this.#sandbox.dispose();
    this.#loaded.resolve({ ok: false, error: `${this.spec.entry}: the isolate was disposed while loading` });
  }

  #load(): void {
    const { entry, bundle, env } = this.spec;
    const loop = this.#sandbox.loop;
    if (env !== undefined) {
      loop.enter((timeout) =>
        this.#sandbox
          .entry(CONFIGURE_ENTRY)
          .applySync(undefined, [env as never], { arguments: COPY_ARGUMENTS, timeout }),
      );
    }
    if (bundle !== undefined) {
      // The bundle (src/apps/bundle.ts) ends by handing its namespace to the module hook itself.
      loop.enter((timeout) =>
        this.#sandbox.entry(PREPARE_MODULE_ENTRY).applySync(undefined, [], { timeout }),
      );
      this.#sandbox.runSource(bundle.code, bundle.url, true);
      return;
    }
    let source: string;
    try {
      source = readSource(entry);
    } catch (error) {
      this.#finishLoading({ ok: false, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    const url = pathToFileURL(entry).href;
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
    this.#log.error(FAILURE_KIND_LOG[failure.kind], {
      error: failure.text,
      pendingRequests: this.#pending.size,
    });
    if (failure.kind === 'memory') this.#disposeFor('memory');
  }

  /**
   * A request ran out of CPU time: isolated-vm stopped the entry (the isolate stays usable), the request
   * gets 503 if it has not been answered — else its streamed body, if any, is aborted — and whatever it
   * scheduled is dropped (pool/event-loop.ts).
   */
  #cpuExceeded(requestId: number, task: RequestTask, charge: CpuCharge): void {
    const answered = !this.#pending.has(requestId);
    this.#log.error('request exceeded its CPU time limit', {
      method: task.method,
      url: task.url,
      requestId,
      cpuMs: Math.round(charge.usedMs * 10) / 10,
      limitMs: charge.limitMs,
      afterResponse: answered,
    });
    if (answered) this.#streams.error(requestId, 'the request exceeded its CPU time limit');
    else this.#settle(requestId, limitResult('cpu'));
  }

  /**
   * Lets go of requests past the response deadline (a handler awaiting a promise that never settles):
   * the front door has answered them 504, and a request held forever would hold its pool slot forever.
   * Their timers and continuations may still run later; their answers are ignored.
   */
  #releaseExpired(): void {
    const now = performance.now();
    for (const [requestId, request] of this.#pending) {
      if (request.deadline > now) break;
      this.#settle(requestId, deadlinePassed());
    }
    if (this.#pending.size === 0) {
      clearInterval(this.#deadlineSweep);
      this.#deadlineSweep = undefined;
    }
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
      respondStream: (requestId, status, statusText, headers, length) => {
        const request = this.#pending.get(requestId);
        if (!request) {
          this.#streams.discard(requestId);
          return;
        }
        const stream = this.#streams.open(requestId, request.method, request.url, length);
        this.#settle(requestId, {
          status,
          statusText,
          headers: withoutServerOwnedHeaders(headers),
          body: null,
          stream,
        });
      },
      streamChunk: (requestId, chunk) => this.#streams.chunk(requestId, chunk),
      streamEnd: (requestId) => this.#streams.end(requestId),
      streamError: (requestId, detail) => this.#streams.error(requestId, detail),
      fail: (requestId, reason, detail) => {
        const request = this.#pending.get(requestId);
        if (!request) return;
        const fields = { method: request.method, url: request.url, error: detail };
        if (reason === 'bad-request') this.#log.warn(FAILURE_LOG[reason], fields);
        else this.#log.error(FAILURE_LOG[reason], fields);
        const [status, statusText, message] = FAILURE_STATUS[reason];
        this.#settle(requestId, plainTextResult(status, statusText, message));
      },
      scheduledDone: (runId, outcome, detail, noRetry) =>
        this.#scheduledRuns.done(runId, outcome, detail, noRetry),
    };
  }
}
