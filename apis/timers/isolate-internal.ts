/**
 * Timers for NANO's own code (HTML "run steps after a timeout", e.g. for `AbortSignal.timeout`). They
 * have negative ids, so tenant code can neither see nor clear them, and they do not keep `nano run`
 * alive (as in browsers and Deno, a pending AbortSignal.timeout does not hold a script open).
 */
import { reportException } from '../runtime/isolate.ts';
import type { TimersOps } from './bridge.ts';

const internalTimers = new Map<number, () => void>();
let nextInternalId = -1;
let timerOps: TimersOps | undefined;

export function useTimerOps(ops: TimersOps): void {
  timerOps = ops;
}

/** Runs `callback` once after `delay` ms (at most 2^31 − 1, Node's limit) in its own entry. */
export function scheduleTimer(callback: () => void, delay: number): number {
  if (!timerOps) throw new Error('Internal timers used before the timers family was installed');
  const id = nextInternalId--;
  internalTimers.set(id, callback);
  timerOps.op_timers_start(id, delay, false);
  return id;
}

export function cancelTimer(id: number): void {
  if (internalTimers.delete(id)) timerOps?.op_timers_clear(id);
}

/** Runs internal timer `id` if it is one; false for the ids of the global timers. */
export function fireInternalTimer(id: number): boolean {
  if (id >= 0) return false;
  const callback = internalTimers.get(id);
  internalTimers.delete(id);
  try {
    callback?.();
  } catch (error) {
    reportException(error);
  }
  return true;
}
