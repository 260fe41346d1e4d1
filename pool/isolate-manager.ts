/**
 * Per thread: app name → its AppIsolate. An isolate is created on first use (or by `warm`) and reused
 * for every later request; one that was disposed (memory limit) is replaced by a fresh one on the next
 * request. Recycling and eviction policies arrive with the supervisor.
 */
import { AppIsolate, type AppLog, type LoadOutcome } from './app-isolate.ts';
import type { AppSpec } from './task.ts';

export interface IsolateManagerOptions {
  log(app: AppSpec): AppLog;
  startupTimeoutMs: number;
}

export class IsolateManager {
  readonly #options: IsolateManagerOptions;
  readonly #apps = new Map<string, AppSpec>();
  readonly #isolates = new Map<string, AppIsolate>();

  constructor(options: IsolateManagerOptions) {
    this.#options = options;
  }

  register(app: AppSpec): void {
    this.#apps.set(app.name, app);
  }

  /** The app's live isolate, created if needed; `undefined` for an app this thread does not know. */
  isolateFor(name: string): AppIsolate | undefined {
    const current = this.#isolates.get(name);
    if (current !== undefined && current.state !== 'disposed') return current;
    const app = this.#apps.get(name);
    if (app === undefined) return undefined;
    const created = new AppIsolate(app, this.#options.log(app), this.#options.startupTimeoutMs);
    this.#isolates.set(name, created);
    return created;
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
    for (const isolate of this.#isolates.values()) isolate.dispose();
    this.#isolates.clear();
  }
}
