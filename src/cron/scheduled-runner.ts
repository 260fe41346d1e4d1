/**
 * Runs one scheduled event through the pool and accounts for it: one log line per run (info when it
 * succeeded, error with the app's stack otherwise) and `nano_scheduled_runs_total{app,outcome}`. It
 * never rejects: a pool failure (the thread died) is an `unavailable` outcome.
 */
import { Counter, type Registry } from 'prom-client';
import type { ScheduledResult, ScheduledTask } from '../../pool/task.ts';
import type { Logger } from '../log/logger.ts';
import { SCHEDULED_LIMIT_MS } from './limits.ts';

/** Where scheduled tasks go: the server's RequestPool, or a supervisor's link to a server process. */
export interface ScheduledDispatch {
  runScheduled(task: ScheduledTask): Promise<ScheduledResult>;
}

const RUNS_METRIC = 'nano_scheduled_runs_total';

export class ScheduledRunner {
  readonly #dispatch: ScheduledDispatch;
  readonly #logger: Logger;
  readonly #runs: Counter<'app' | 'outcome'>;
  readonly #limitMs: number;

  constructor(dispatch: ScheduledDispatch, logger: Logger, registry: Registry, limitMs = SCHEDULED_LIMIT_MS) {
    this.#dispatch = dispatch;
    this.#logger = logger;
    this.#limitMs = limitMs;
    // A runner made again for new jobs (apps reloaded) keeps counting on the same series.
    this.#runs =
      (registry.getSingleMetric(RUNS_METRIC) as Counter<'app' | 'outcome'> | undefined) ??
      new Counter({
        name: RUNS_METRIC,
        help: 'Scheduled events run, by app and outcome (ok, exception, no-handler, timeout, unavailable)',
        labelNames: ['app', 'outcome'],
        registers: [registry],
      });
  }

  async run(app: string, cron: string, scheduledTime: number): Promise<ScheduledResult> {
    const started = performance.now();
    const task: ScheduledTask = { kind: 'scheduled', app, cron, scheduledTime, limitMs: this.#limitMs };
    let result: ScheduledResult;
    try {
      result = await this.#dispatch.runScheduled(task);
    } catch (error) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      result = { outcome: 'unavailable', noRetry: false, detail };
    }
    this.#runs.inc({ app, outcome: result.outcome });
    const fields = {
      app,
      cron,
      scheduledTime: new Date(scheduledTime).toISOString(),
      outcome: result.outcome,
      noRetry: result.noRetry,
      durationMs: Math.round(performance.now() - started),
    };
    if (result.outcome === 'ok') this.#logger.info('scheduled event', fields);
    else this.#logger.error('scheduled event failed', { ...fields, error: result.detail });
    return result;
  }
}
