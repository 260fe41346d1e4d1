/**
 * The cron scheduler of a server process: each due cron becomes one scheduled task on the pool (one
 * thread runs it), logged and counted by ScheduledRunner. Only one process of a deployment may run
 * this (see scheduler.ts): the single `nano serve` process, or the supervisor in front of several.
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../log/logger.ts';
import { type ScheduledDispatch, ScheduledRunner } from './scheduled-runner.ts';
import { type CronJob, CronScheduler } from './scheduler.ts';

export interface ServerCronOptions {
  jobs: readonly CronJob[];
  dispatch: ScheduledDispatch;
  logger: Logger;
  registry: Registry;
  /** Real milliseconds per cron minute (the NANO_CRON_TEST_SECONDS test hook sets 1000). */
  minuteMs: number;
}

/** Starts firing the jobs' crons (nothing to do without any); `stop()` ends it. */
export function startServerCron(options: ServerCronOptions): CronScheduler {
  const runner = new ScheduledRunner(options.dispatch, options.logger, options.registry);
  const scheduler = new CronScheduler({
    jobs: options.jobs,
    minuteMs: options.minuteMs,
    fire: (app, cron, scheduledTime) => void runner.run(app, cron, scheduledTime),
    onSkipped: (app, cron, skipped) =>
      options.logger.warn('scheduled events skipped (the process was not running on time)', {
        app,
        cron,
        skipped,
      }),
  });
  scheduler.start();
  return scheduler;
}
