/**
 * Per thread: app name → the isolate of the app's current version. An isolate is created on first use
 * (or by `warm`) and reused for every later request; one that was disposed (memory limit) is replaced by
 * a fresh one on the next request.
 *
 * Versions (src/apps/registry.ts): when the registry brings a new version of an app (or removes it), the
 * isolate of the old version is retired: requests and scheduled events it is running finish on it,
 * new ones go to an isolate of the new version, and the old isolate is disposed once its last piece
 * of work has settled (and its own pending work, see `#disposeWhenIdle`).
 */
import { mappedAppLog } from '../src/apps/stack-map.ts';
import { AppIsolate, type AppLog, type LoadOutcome } from './app-isolate.ts';
import { DEFAULT_ISOLATE_LIMITS, type IsolateLimits } from './isolate-limits.ts';
import { RecycleKeeper } from './recycle-keeper.ts';
import type { RecycleSettings } from './recycle-policy.ts';
import { unavailableResult } from './scheduled-runs.ts';
import {
  type AppSpec,
  plainTextResult,
  type RequestTask,
  type ResponseResult,
  type ScheduledResult,
  type ScheduledTask,
} from './task.ts';

/** How long a retired isolate's own pending work may keep it alive, and how often that is checked. */
const RETIRED_GRACE_MS = 30_000;
const RETIRED_CHECK_MS = 250;

export interface IsolateManagerOptions {
  log(app: AppSpec): AppLog;
  startupTimeoutMs: number;
  limits?: IsolateLimits;
  /** Recycling and eviction (pool/recycle-policy.ts); the defaults when absent. */
  recycle?: RecycleSettings;
}

export class IsolateManager {
  readonly #options: IsolateManagerOptions;
  readonly #apps = new Map<string, AppSpec>();
  readonly #isolates = new Map<string, AppIsolate>();
  /** Requests and scheduled events each isolate is running. */
  readonly #work = new Map<AppIsolate, number>();
  /** Isolates of old versions, disposed when their work reaches zero. */
  readonly #retired = new Set<AppIsolate>();

  readonly #keeper: RecycleKeeper;

  constructor(options: IsolateManagerOptions) {
    this.#options = options;
    this.#keeper = new RecycleKeeper(options.recycle, (options.limits ?? DEFAULT_ISOLATE_LIMITS).memoryMb, {
      table: this.#isolates,
      busy: (isolate) => this.#work.has(isolate),
      evict: (name) => {
        const isolate = this.#isolates.get(name) as AppIsolate;
        this.#isolates.delete(name);
        this.#retire(isolate);
      },
    });
  }

  register(app: AppSpec): void {
    this.#apps.set(app.name, app);
  }

  /** Replaces the registry: isolates of removed apps or of superseded versions are retired. */
  replaceAll(apps: readonly AppSpec[]): void {
    this.#apps.clear();
    for (const app of apps) this.#apps.set(app.name, app);
    for (const [name, isolate] of this.#isolates) {
      if (this.#apps.get(name)?.version === isolate.spec.version) continue;
      this.#isolates.delete(name);
      this.#retire(isolate);
    }
  }

  /** The app's live isolate, created if needed; `undefined` for an app this thread does not know. */
  isolateFor(name: string): AppIsolate | undefined {
    const app = this.#apps.get(name);
    if (app === undefined) return undefined;
    const current = this.#isolates.get(name);
    if (
      current !== undefined &&
      current.state !== 'disposed' &&
      current.spec.version === app.version &&
      !this.#keeper.spent(current)
    ) {
      return current;
    }
    if (current !== undefined) this.#retire(current);
    const created = new AppIsolate(
      app,
      mappedAppLog(app, this.#options.log(app)),
      this.#options.startupTimeoutMs,
      this.#options.limits,
    );
    this.#isolates.set(name, created);
    this.#keeper.created(created);
    return created;
  }

  /** Answers a request on the app's current version (404 for an app this thread does not know). */
  dispatch(task: RequestTask): Promise<ResponseResult> {
    const isolate = this.isolateFor(task.app);
    if (isolate === undefined) {
      return Promise.resolve(plainTextResult(404, 'Not Found', `Not Found: no app named "${task.app}"`));
    }
    this.#keeper.served(isolate);
    return this.#track(isolate, () => isolate.dispatch(task));
  }

  /** Runs the app's scheduled handler once on its current version. */
  scheduled(task: ScheduledTask): Promise<ScheduledResult> {
    const isolate = this.isolateFor(task.app);
    if (isolate === undefined) return Promise.resolve(unavailableResult(`no app named "${task.app}"`));
    return this.#track(isolate, () => isolate.scheduled(task));
  }

  /** Loads the app ahead of its first request. Never throws: the outcome says what happened. */
  warm(name: string): Promise<LoadOutcome> {
    try {
      const isolate = this.isolateFor(name);
      if (isolate === undefined) return Promise.resolve({ ok: false, error: `unknown app "${name}"` });
      return isolate.loaded;
    } catch (error) {
      return Promise.resolve({
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  }

  dispose(): void {
    this.#keeper.dispose();
    for (const isolate of [...this.#isolates.values(), ...this.#retired]) isolate.dispose();
    this.#isolates.clear();
    this.#retired.clear();
    this.#work.clear();
  }

  /** Runs `work` once the isolate has loaded, counting it as the isolate's until it settles. */
  #track<T>(isolate: AppIsolate, work: () => Promise<T>): Promise<T> {
    this.#work.set(isolate, (this.#work.get(isolate) ?? 0) + 1);
    const started = isolate.state === 'loading' ? isolate.loaded.then(work) : work();
    const finished = () => {
      const left = (this.#work.get(isolate) ?? 1) - 1;
      if (left > 0) {
        this.#work.set(isolate, left);
        return;
      }
      this.#work.delete(isolate);
      if (this.#retired.has(isolate)) this.#disposeWhenIdle(isolate);
    };
    started.then(finished, finished);
    return started;
  }

  #retire(isolate: AppIsolate): void {
    this.#keeper.forget(isolate);
    this.#retired.add(isolate);
    if (!this.#work.has(isolate)) this.#disposeWhenIdle(isolate);
  }

  /**
   * A retired isolate with no request left may still have work of its own: a `ctx.waitUntil`, a timer,
   * a response body still streaming. It is disposed once that is done, or after RETIRED_GRACE_MS (the
   * time Workers gives `waitUntil` after a response).
   */
  #disposeWhenIdle(isolate: AppIsolate, retiredAt = performance.now()): void {
    if (!this.#retired.has(isolate) || this.#work.has(isolate)) return;
    if (isolate.pendingWork === 0 || performance.now() - retiredAt >= RETIRED_GRACE_MS) {
      this.#retired.delete(isolate);
      isolate.dispose();
      return;
    }
    setTimeout(() => this.#disposeWhenIdle(isolate, retiredAt), RETIRED_CHECK_MS).unref();
  }
}
