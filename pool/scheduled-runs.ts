/**
 * The scheduled events one app isolate is running (the isolate half is apis/app/isolate-scheduled.ts).
 * Each run gets `limitMs` in all: the entry that starts the handler may run for that long at most
 * (isolated-vm's `timeout` stops synchronous code), and a run that has not reported back by then ends
 * as `timeout` (its late report is ignored). While a run is open it holds the isolate's event loop, so
 * a drain waits for it.
 */
import { SCHEDULED_ENTRY, type ScheduledEventOutcome } from '../apis/app/bridge.ts';
import type { Entry } from './bootstrap.ts';
import type { EntryFailureKind } from './event-loop.ts';
import type { Sandbox } from './sandbox.ts';
import type { ScheduledResult, ScheduledTask } from './task.ts';

interface OpenRun {
  resolve(result: ScheduledResult): void;
  timer: NodeJS.Timeout;
  release(): void;
}

const COPY_ARGUMENTS = { copy: true } as const;

export function unavailableResult(detail: string): ScheduledResult {
  return { outcome: 'unavailable', noRetry: false, detail };
}

function timedOut(limitMs: number): ScheduledResult {
  return {
    outcome: 'timeout',
    noRetry: false,
    detail: `the scheduled event did not finish within its time limit (${limitMs} ms)`,
  };
}

export class ScheduledRuns {
  readonly #runs = new Map<number, OpenRun>();
  #nextRunId = 1;
  #entry: Entry | undefined;

  /**
   * Starts the app's handler for `task`. `lastFailure` tells how the starting entry failed, if it did
   * (an unhandled rejection left by it does not end the run).
   */
  start(
    sandbox: Sandbox,
    task: ScheduledTask,
    lastFailure: () => EntryFailureKind | undefined,
  ): Promise<ScheduledResult> {
    const runId = this.#nextRunId++;
    const { promise, resolve } = Promise.withResolvers<ScheduledResult>();
    const timer = setTimeout(() => this.#finish(runId, timedOut(task.limitMs)), task.limitMs);
    this.#runs.set(runId, { resolve, timer, release: sandbox.loop.hold() });
    this.#entry ??= sandbox.entry(SCHEDULED_ENTRY);
    const entry = this.#entry;
    const args = [runId, task.cron, task.scheduledTime] as never[];
    const entered = sandbox.loop.enter((timeout) => {
      entry.applySync(undefined, args, {
        arguments: COPY_ARGUMENTS,
        timeout: Math.min(timeout ?? task.limitMs, task.limitMs),
      });
      return true;
    });
    if (entered === undefined) {
      const failure = lastFailure();
      if (failure === 'timeout') this.#finish(runId, timedOut(task.limitMs));
      else if (failure !== 'rejection') this.#finish(runId, unavailableResult('the app isolate failed'));
    }
    return promise;
  }

  /** The isolate reported the run's end. */
  done(runId: number, outcome: ScheduledEventOutcome, detail: string, noRetry: boolean): void {
    this.#finish(runId, { outcome, detail, noRetry });
  }

  /** The isolate is going away: every open run ends as `unavailable`. */
  abandon(): void {
    for (const runId of [...this.#runs.keys()]) {
      this.#finish(runId, unavailableResult('the app isolate was disposed during the scheduled event'));
    }
  }

  #finish(runId: number, result: ScheduledResult): void {
    const run = this.#runs.get(runId);
    if (run === undefined) return;
    this.#runs.delete(runId);
    clearTimeout(run.timer);
    run.release();
    run.resolve(result);
  }
}
