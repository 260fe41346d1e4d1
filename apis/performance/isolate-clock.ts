/**
 * The isolate's clock. Every reading of the current time in NANO's isolate code goes through here
 * (`performance.now()`, `performance.timeOrigin`, `Event.timeStamp`, the wall clock other families
 * need), so that freezing time while a request runs — as Workers does against timing attacks — is a
 * change in this one module.
 *
 * HR-Time §4.4 "coarsen time": without cross-origin isolation (a Worker has none) the resolution must be
 * no finer than 100 µs.
 */
import type { PerformanceOps } from './bridge.ts';

const STEPS_PER_MS = 10;

/** Before the performance family installs the clock (earlier families' install steps), time stands still. */
let readMonotonic: () => number = () => 0;
let origin = 0;
const dateNow = Date.now;
/** The last reading of the host clock, and the wall clock's millisecond when it was taken. */
let lastReading = 0;
let lastReadingWallClock = Number.NaN;
/**
 * While the host freezes the clock, one reading serves until the next microtask checkpoint (which ends
 * every entry). Besides saving crossings, this keeps a loop that polls the clock in the isolate:
 * isolated-vm stops code that is inside host calls late (measured: a 50 ms timeout took 120 ms).
 */
let frozen = false;
let cachedReading: number | undefined;
const settled = Promise.resolve();
const then = Promise.prototype.then;
const forgetReading = () => {
  cachedReading = undefined;
};

function coarsen(milliseconds: number): number {
  return Math.floor(milliseconds * STEPS_PER_MS) / STEPS_PER_MS;
}

export function startClock(ops: PerformanceOps): void {
  readMonotonic = ops.op_performance_now;
  origin = coarsen(ops.op_performance_time_origin());
  frozen = ops.op_performance_clock_frozen();
}

/** HR-Time "current high resolution time", coarsened: milliseconds since the time origin, monotonic. */
export function now(): number {
  if (cachedReading !== undefined) return cachedReading;
  lastReading = coarsen(readMonotonic());
  if (frozen) {
    cachedReading = lastReading;
    Reflect.apply(then, settled, [forgetReading]);
  }
  lastReadingWallClock = dateNow();
  return lastReading;
}

/**
 * `now()` for timestamps taken often (`Event.timeStamp`): while the wall clock is in the millisecond of
 * the last reading, that reading, which spares a crossing to the host (~0.8 µs). Still monotonic, at
 * most a millisecond behind, and never behind a `now()` taken earlier.
 */
export function recentNow(): number {
  return dateNow() === lastReadingWallClock ? lastReading : now();
}

/** HR-Time "time origin": milliseconds since the Unix epoch when this isolate's global was created. */
export function timeOrigin(): number {
  return origin;
}

/** The wall clock (what `Date.now()` gives), for members such as `File.lastModified`. */
export function wallClockNow(): number {
  return Math.floor(origin + now());
}
