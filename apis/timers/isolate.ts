/**
 * setTimeout / setInterval / clearTimeout / clearInterval per HTML "timer initialisation steps":
 * one id space for both, extra arguments passed to the callback, nesting level > 5 clamps to 4 ms.
 * Each firing is its own entry into the isolate, so microtasks queued by one callback run before the next.
 */
import type { IsolateScope } from '../isolate-scope.ts';
import { reportException } from '../runtime/isolate.ts';
import { FIRE_ENTRY } from './bridge.ts';
import { fireInternalTimer, useTimerOps } from './isolate-internal.ts';

interface Timer {
  callback: (...args: unknown[]) => void;
  args: unknown[];
  delay: number;
  repeat: boolean;
  nesting: number;
}

const MAX_NESTING_BEFORE_CLAMP = 5;
const CLAMPED_DELAY_MS = 4;

export function install(scope: IsolateScope): void {
  const { ops } = scope;
  useTimerOps(ops);
  const timers = new Map<number, Timer>();
  let nextId = 1;
  let currentNesting = 0;

  // HTML timer initialisation steps 10–11: the clamp looks at the nesting level of the task that sets
  // the timer (0 outside timer tasks); the new timer's task is one level deeper.
  const clampedDelay = (delay: number, nesting: number) =>
    nesting > MAX_NESTING_BEFORE_CLAMP && delay < CLAMPED_DELAY_MS ? CLAMPED_DELAY_MS : delay;

  function start(name: string, handler: unknown, timeout: unknown, args: unknown[], repeat: boolean): number {
    if (typeof handler !== 'function') {
      throw new TypeError(
        `Failed to execute '${name}': the handler must be a function (code generation from strings is disallowed).`,
      );
    }
    // Web IDL `long`: ToInt32, then negative means 0.
    const delay = Math.max(0, Number(timeout ?? 0) | 0);
    const id = nextId++;
    timers.set(id, {
      callback: handler as Timer['callback'],
      args,
      delay,
      repeat,
      nesting: currentNesting + 1,
    });
    ops.op_timers_start(id, clampedDelay(delay, currentNesting));
    return id;
  }

  function clear(id: unknown): void {
    const key = Number(id);
    if (timers.delete(key)) ops.op_timers_clear(key);
  }

  scope.defineEntry(FIRE_ENTRY, (id: number) => {
    if (fireInternalTimer(id)) return;
    const timer = timers.get(id);
    if (!timer) return;
    if (!timer.repeat) timers.delete(id);
    currentNesting = timer.nesting;
    try {
      timer.callback.apply(globalThis, timer.args);
    } catch (error) {
      reportException(error);
    } finally {
      currentNesting = 0;
    }
    if (timer.repeat && timers.get(id) === timer) {
      ops.op_timers_start(id, clampedDelay(timer.delay, timer.nesting));
      timer.nesting++;
    }
  });

  scope.defineGlobal(
    'setTimeout',
    function setTimeout(handler: unknown, timeout?: unknown, ...args: unknown[]) {
      return start('setTimeout', handler, timeout, args, false);
    },
  );
  scope.defineGlobal(
    'setInterval',
    function setInterval(handler: unknown, timeout?: unknown, ...args: unknown[]) {
      return start('setInterval', handler, timeout, args, true);
    },
  );
  scope.defineGlobal('clearTimeout', function clearTimeout(id?: unknown) {
    clear(id);
  });
  scope.defineGlobal('clearInterval', function clearInterval(id?: unknown) {
    clear(id);
  });
  scope.defineGlobal('queueMicrotask', function queueMicrotask(callback: unknown) {
    if (typeof callback !== 'function') {
      throw new TypeError("Failed to execute 'queueMicrotask': parameter 1 is not of type 'Function'.");
    }
    void Promise.resolve().then(() => {
      try {
        callback();
      } catch (error) {
        reportException(error);
      }
    });
  });
}
