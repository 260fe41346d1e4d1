/**
 * Scheduled events (Workers "Scheduled Handler"): the host calls the `app_scheduled` entry once per cron
 * firing, and the app's handler runs as
 *   - an ES module's (or `__setDefault`'s) `scheduled(controller, env, ctx)`, or
 *   - the service worker's `addEventListener('scheduled', (event) => event.waitUntil(…))`.
 * The run ends once the handler's returned promise and every `waitUntil` promise have settled; its
 * outcome is `exception` if any of them threw or rejected (as workerd reports `waitUntil` failures for
 * scheduled events). `noRetry()` is recorded and reported with the outcome.
 *
 * A listener that throws is reported like any listener exception (the DOM dispatch catches it), so for
 * the service-worker format only `waitUntil` rejections make the outcome `exception`.
 */
import { inspect } from '../console/isolate-inspect.ts';
import { Event } from '../events/isolate-event.ts';
import { fireGlobalEvent, hasGlobalListeners } from '../events/isolate-global-scope.ts';
import type { IsolateScope } from '../isolate-scope.ts';
import { SCHEDULED_ENTRY } from './bridge.ts';
import { ExecutionContext } from './isolate-execution-context.ts';

/** One scheduled event in progress: what it must wait for and how it is going. */
interface ScheduledRun {
  readonly cron: string;
  readonly scheduledTime: number;
  /** Settles (never rejects) once the handler's result or a `waitUntil` promise has. */
  readonly pending: Promise<void>[];
  readonly failures: string[];
  noRetry: boolean;
}

function describeThrown(error: unknown): string {
  try {
    return inspect(error);
  } catch {
    return 'an exception that could not be inspected';
  }
}

/** Waits on `value` for the run; a rejection becomes one of the run's failures. */
function track(run: ScheduledRun, value: unknown): void {
  run.pending.push(
    Promise.resolve(value).then(
      () => undefined,
      (error: unknown) => {
        run.failures.push(describeThrown(error));
      },
    ),
  );
}

function waitUntilFor(run: ScheduledRun, interfaceName: string): (promise: unknown) => void {
  return (promise: unknown) => {
    if (promise === undefined) {
      throw new TypeError(`Failed to execute 'waitUntil' on '${interfaceName}': 1 argument required.`);
    }
    track(run, promise);
  };
}

/** The `controller` of `scheduled(controller, env, ctx)` (workers-types `ScheduledController`). */
export class ScheduledController {
  readonly #run: ScheduledRun;

  constructor(run: ScheduledRun) {
    this.#run = run;
  }

  get cron(): string {
    return this.#run.cron;
  }

  /** When the event was due, in milliseconds since the epoch. */
  get scheduledTime(): number {
    return this.#run.scheduledTime;
  }

  get type(): 'scheduled' {
    return 'scheduled';
  }

  noRetry(): void {
    this.#run.noRetry = true;
  }
}

Object.defineProperty(ScheduledController.prototype, Symbol.toStringTag, {
  value: 'ScheduledController',
  configurable: true,
});

/** The service-worker format's event (workers-types `ScheduledEvent`), fired at the global scope. */
export class ScheduledEvent extends Event {
  readonly #run: ScheduledRun;
  readonly #waitUntil: (promise: unknown) => void;

  constructor(run: ScheduledRun) {
    super('scheduled');
    this.#run = run;
    this.#waitUntil = waitUntilFor(run, 'ScheduledEvent');
  }

  get cron(): string {
    return this.#run.cron;
  }

  get scheduledTime(): number {
    return this.#run.scheduledTime;
  }

  noRetry(): void {
    this.#run.noRetry = true;
  }

  waitUntil(promise: unknown): void {
    this.#waitUntil(promise);
  }
}

Object.defineProperty(ScheduledEvent.prototype, Symbol.toStringTag, {
  value: 'ScheduledEvent',
  configurable: true,
});

function scheduledMethodOf(value: unknown): ((...args: unknown[]) => unknown) | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  const method = (value as { scheduled?: unknown }).scheduled;
  return typeof method === 'function' ? (method as (...args: unknown[]) => unknown) : undefined;
}

export interface ScheduledHandlers {
  /** The object the app exported (ES module default export, or what `__setDefault` received). */
  setExportedHandler(handler: unknown): void;
  /** True when the app handles scheduled events (a cron-only app still loads without a fetch handler). */
  available(): boolean;
}

/** What a request to a cron-only app runs: a 500 and this error in the log, as Workers answers it. */
export function noFetchHandler(): never {
  throw new TypeError('The app has no fetch handler: it handles only scheduled events');
}

/** Registers the `app_scheduled` entry; `env` gives the app's bindings at the time of each event. */
export function installScheduled(scope: IsolateScope, env: () => object): ScheduledHandlers {
  const { ops } = scope;
  let exported: unknown;

  /** Starts the app's handler for `run`; false when the app has none. */
  function invoke(run: ScheduledRun): boolean {
    const handler = exported;
    const scheduled = scheduledMethodOf(handler);
    if (scheduled) {
      const ctx = new ExecutionContext(waitUntilFor(run, 'ExecutionContext'));
      track(run, scheduled.call(handler, new ScheduledController(run), env(), ctx));
      return true;
    }
    if (!hasGlobalListeners('scheduled')) return false;
    fireGlobalEvent(new ScheduledEvent(run));
    return true;
  }

  /** Resolves once everything the run waits for has settled, including work added meanwhile. */
  async function settled(run: ScheduledRun): Promise<void> {
    for (let index = 0; index < run.pending.length; index++) await run.pending[index];
  }

  scope.defineEntry(SCHEDULED_ENTRY, (runId: number, cron: string, scheduledTime: number) => {
    const run: ScheduledRun = { cron, scheduledTime, pending: [], failures: [], noRetry: false };
    try {
      if (!invoke(run)) {
        ops.op_app_scheduled_done(
          runId,
          'no-handler',
          'The app has no scheduled handler: expected export default { scheduled(controller, env, ctx) } or addEventListener("scheduled", …)',
          false,
        );
        return;
      }
    } catch (error) {
      run.failures.push(describeThrown(error));
    }
    void settled(run).then(() =>
      ops.op_app_scheduled_done(
        runId,
        run.failures.length === 0 ? 'ok' : 'exception',
        run.failures.join('\n'),
        run.noRetry,
      ),
    );
  });

  return {
    setExportedHandler(handler: unknown) {
      exported = handler;
    },
    available: () => scheduledMethodOf(exported) !== undefined || hasGlobalListeners('scheduled'),
  };
}
