/**
 * The cron scheduler against a manual clock: which events fire, when, and exactly once — through its
 * own timers, across a stalled process, a clock stepped backwards, and the seconds-as-minutes test hook.
 */
import t from 'tap';
import { CronScheduler, type CronSchedulerOptions, type SchedulerClock } from '../../src/cron/scheduler.ts';

class ManualClock implements SchedulerClock {
  time: number;
  #timers = new Map<number, { at: number; callback: () => void }>();
  #nextId = 1;

  constructor(iso: string) {
    this.time = Date.parse(iso);
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.time + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Moves time forward to `iso`, running each timer at its time, in order. */
  advanceTo(iso: string): void {
    const target = Date.parse(iso);
    for (;;) {
      const [id, next] = [...this.#timers].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (id === undefined || next === undefined || next.at > target) break;
      this.#timers.delete(id);
      this.time = Math.max(this.time, next.at);
      next.callback();
    }
    this.time = target;
  }

  get pendingTimers(): number {
    return this.#timers.size;
  }
}

type Fired = string[];

function scheduler(
  clock: ManualClock,
  jobs: CronSchedulerOptions['jobs'],
  extra: Partial<CronSchedulerOptions> = {},
): { fired: Fired; scheduler: CronScheduler } {
  const fired: Fired = [];
  const created = new CronScheduler({
    jobs,
    clock,
    fire: (app, cron, time) => fired.push(`${app} ${cron} ${new Date(time).toISOString()}`),
    ...extra,
  });
  created.start();
  return { fired, scheduler: created };
}

t.test('every minute: one event per minute boundary, with the due minute as scheduledTime', async (t) => {
  const clock = new ManualClock('2026-11-25T08:30:27.000Z');
  const { fired } = scheduler(clock, [{ app: 'a', crons: ['* * * * *'] }]);
  clock.advanceTo('2026-11-25T08:30:59.000Z');
  t.same(fired, []);
  clock.advanceTo('2026-11-25T08:33:30.000Z');
  t.same(fired, [
    'a * * * * * 2026-11-25T08:31:00.000Z',
    'a * * * * * 2026-11-25T08:32:00.000Z',
    'a * * * * * 2026-11-25T08:33:00.000Z',
  ]);
  t.equal(clock.pendingTimers, 1, 'one timer at a time');
});

t.test('several apps and crons each fire on their own schedule', async (t) => {
  const clock = new ManualClock('2026-11-25T08:57:00.000Z');
  const { fired } = scheduler(clock, [
    { app: 'a', crons: ['*/2 * * * *', '0 * * * *'] },
    { app: 'b', crons: ['59 8 * * *'] },
  ]);
  clock.advanceTo('2026-11-25T09:01:00.000Z');
  t.same(fired, [
    'a */2 * * * * 2026-11-25T08:58:00.000Z',
    'b 59 8 * * * 2026-11-25T08:59:00.000Z',
    'a */2 * * * * 2026-11-25T09:00:00.000Z',
    'a 0 * * * * 2026-11-25T09:00:00.000Z',
  ]);
});

t.test('after a stall, the last 5 minutes are caught up in order and older firings skipped', async (t) => {
  const clock = new ManualClock('2026-11-25T08:30:27.000Z');
  const skipped: string[] = [];
  const { fired, scheduler: running } = scheduler(clock, [{ app: 'a', crons: ['* * * * *', '0 * * * *'] }], {
    onSkipped: (app, cron, count) => skipped.push(`${app} ${cron} ${count}`),
  });
  clock.time = Date.parse('2026-11-25T08:32:10.000Z');
  running.tick();
  t.same(fired, ['a * * * * * 2026-11-25T08:31:00.000Z', 'a * * * * * 2026-11-25T08:32:00.000Z']);
  t.same(skipped, []);
  fired.length = 0;
  clock.time = Date.parse('2026-11-25T09:02:30.000Z');
  running.tick();
  t.same(fired, [
    'a * * * * * 2026-11-25T08:58:00.000Z',
    'a * * * * * 2026-11-25T08:59:00.000Z',
    'a * * * * * 2026-11-25T09:00:00.000Z',
    'a * * * * * 2026-11-25T09:01:00.000Z',
    'a * * * * * 2026-11-25T09:02:00.000Z',
    'a 0 * * * * 2026-11-25T09:00:00.000Z',
  ]);
  t.same(skipped, ['a * * * * * 25']);
});

t.test('a clock stepped backwards fires nothing twice', async (t) => {
  const clock = new ManualClock('2026-11-25T08:30:27.000Z');
  const { fired, scheduler: running } = scheduler(clock, [{ app: 'a', crons: ['* * * * *'] }]);
  clock.advanceTo('2026-11-25T08:31:05.000Z');
  clock.time = Date.parse('2026-11-25T08:29:50.000Z');
  running.tick();
  clock.time = Date.parse('2026-11-25T08:31:30.000Z');
  running.tick();
  t.same(fired, ['a * * * * * 2026-11-25T08:31:00.000Z']);
  clock.time = Date.parse('2026-11-25T08:32:00.000Z');
  running.tick();
  t.equal(fired.length, 2);
});

t.test('test hook: with minuteMs 1000, a cron minute passes every second', async (t) => {
  const clock = new ManualClock('2026-11-25T08:30:00.000Z');
  const { fired } = scheduler(clock, [{ app: 'a', crons: ['* * * * *', '*/2 * * * *'] }], {
    minuteMs: 1000,
  });
  clock.advanceTo('2026-11-25T08:30:03.500Z');
  t.same(fired, [
    'a * * * * * 2026-11-25T08:31:00.000Z',
    'a * * * * * 2026-11-25T08:32:00.000Z',
    'a */2 * * * * 2026-11-25T08:32:00.000Z',
    'a * * * * * 2026-11-25T08:33:00.000Z',
  ]);
});

t.test('stop() ends the firing; no crons means no timer', async (t) => {
  const clock = new ManualClock('2026-11-25T08:30:27.000Z');
  const { fired, scheduler: running } = scheduler(clock, [{ app: 'a', crons: ['* * * * *'] }]);
  running.stop();
  clock.advanceTo('2026-11-25T08:40:00.000Z');
  t.same(fired, []);
  t.equal(clock.pendingTimers, 0);
  const idle = scheduler(new ManualClock('2026-11-25T08:30:27.000Z'), [{ app: 'a', crons: [] }]);
  t.equal(idle.scheduler.size, 0);
});

t.test('an invalid cron names the app and the field', async (t) => {
  t.throws(() => new CronScheduler({ jobs: [{ app: 'billing', crons: ['61 * * * *'] }], fire: () => {} }), {
    name: 'CronSyntaxError',
    message:
      'app "billing": Invalid cron expression "61 * * * *": minute field "61": 61 is out of range 0-59',
  });
});
