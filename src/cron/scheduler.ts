/**
 * The cron scheduler: wakes at every minute boundary (UTC) and calls `fire(app, cron, scheduledTime)`
 * once for each app cron due since the last wake-up. It keeps no state outside this object, so exactly
 * one scheduler must run per deployment (the supervisor's, or the single server process's) for each
 * event to fire exactly once.
 *
 * - Firings missed while the process could not run (its event loop blocked, the machine suspended) are
 *   caught up when they were due within the last 5 minutes, each once and in order; older ones are
 *   skipped and counted through `onSkipped` (Vixie cron likewise runs the jobs of a short time jump).
 * - The clock going backwards never fires a time twice: due times are only looked for after the latest
 *   time already checked.
 * - A timer that wakes early finds nothing due and sleeps again until the boundary.
 *
 * Test hook: `minuteMs` shortens the minute. With `minuteMs: 1000` the scheduler's cron clock runs 60×
 * faster than the wall clock from the minute it started in, so a cron minute passes every second and
 * `* * * * *` fires once per second (`scheduledTime` is then cron-clock time, not wall time).
 */
import { CronExpression, CronSyntaxError } from './cron-expression.ts';

export interface CronJob {
  app: string;
  crons: readonly string[];
}

export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface CronSchedulerOptions {
  jobs: readonly CronJob[];
  fire(app: string, cron: string, scheduledTime: number): void;
  /** Firings of `cron` missed by more than the catch-up window: they are not fired. */
  onSkipped?(app: string, cron: string, skipped: number): void;
  clock?: SchedulerClock;
  /** Real milliseconds per cron minute: 60 000, or less for tests. */
  minuteMs?: number;
}

interface Schedule {
  app: string;
  expression: CronExpression;
}

const MINUTE_MS = 60_000;
/** Missed firings due this recently (in cron time) are caught up; older ones are skipped. */
const CATCH_UP_MS = 5 * MINUTE_MS;
/** Past this many skipped firings of one cron, counting stops (the count is then a lower bound). */
const SKIPPED_COUNT_LIMIT = 10_000;

const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class CronScheduler {
  readonly #schedules: Schedule[];
  readonly #options: CronSchedulerOptions;
  readonly #clock: SchedulerClock;
  readonly #minuteMs: number;
  /** Wall time the cron clock is anchored at (a wall minute boundary). */
  #anchor = 0;
  /** Cron-clock time up to which every due firing has been handled. */
  #checkedUpTo = 0;
  #timer: unknown;
  #running = false;

  /** Throws a CronSyntaxError naming the app for an invalid expression. */
  constructor(options: CronSchedulerOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#minuteMs = options.minuteMs ?? MINUTE_MS;
    this.#schedules = options.jobs.flatMap((job) =>
      job.crons.map((cron) => {
        try {
          return { app: job.app, expression: CronExpression.parse(cron) };
        } catch (error) {
          if (error instanceof CronSyntaxError)
            throw new CronSyntaxError(`app "${job.app}": ${error.message}`);
          throw error;
        }
      }),
    );
  }

  /** How many app crons this scheduler runs. */
  get size(): number {
    return this.#schedules.length;
  }

  start(): void {
    if (this.#running || this.#schedules.length === 0) return;
    this.#running = true;
    const now = this.#clock.now();
    this.#anchor = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    this.#checkedUpTo = this.#cronTime(now);
    this.#sleep();
  }

  stop(): void {
    this.#running = false;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Fires what is due now. Runs on its own timer; a test with a manual clock may call it directly. */
  tick(): void {
    const now = this.#cronTime(this.#clock.now());
    if (now > this.#checkedUpTo) {
      const since = new Date(this.#checkedUpTo);
      this.#checkedUpTo = now;
      for (const schedule of this.#schedules) this.#fireIfDue(schedule, since, now);
    }
  }

  #fireIfDue({ app, expression }: Schedule, since: Date, now: number): void {
    const recentFrom = new Date(Math.max(since.getTime(), now - CATCH_UP_MS));
    let skipped = 0;
    for (
      let due = expression.nextAfter(since);
      due !== null && due <= recentFrom && skipped < SKIPPED_COUNT_LIMIT;
      due = expression.nextAfter(due)
    ) {
      skipped++;
    }
    if (skipped > 0) this.#options.onSkipped?.(app, expression.source, skipped);
    for (let due = expression.nextAfter(recentFrom); due !== null && due.getTime() <= now; ) {
      this.#options.fire(app, expression.source, due.getTime());
      due = expression.nextAfter(due);
    }
  }

  #sleep(): void {
    if (!this.#running) return;
    const wall = this.#clock.now();
    const elapsed = wall - this.#anchor;
    const untilBoundary = this.#minuteMs - (elapsed % this.#minuteMs);
    this.#timer = this.#clock.setTimeout(() => {
      try {
        this.tick();
      } finally {
        this.#sleep();
      }
    }, untilBoundary);
  }

  /** Wall time → cron-clock time (the same, unless `minuteMs` speeds the cron clock up). */
  #cronTime(wall: number): number {
    return this.#anchor + (wall - this.#anchor) * (MINUTE_MS / this.#minuteMs);
  }
}
