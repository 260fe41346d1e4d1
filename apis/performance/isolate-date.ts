/**
 * `Date` on the isolate's clock (isolate-clock.ts): `Date.now()`, `new Date()` and `Date()` read the
 * same clock as `performance.now()`, so when the host freezes it during an entry (as Workers does in
 * production, against timing attacks) every way of reading the time stands still until the next I/O.
 *
 * The replacement is a constructor around V8's own: same prototype (so `instanceof Date`, subclasses
 * and every method keep working), same statics; only a reading of "now" differs (ECMA-262 §21.4.2.1
 * step 3.a "Let now be the time value (UTC) identifying the current time").
 */
import type { IsolateScope } from '../isolate-scope.ts';
import { wallClockNow as currentTimeValue } from './isolate-clock.ts';

const IntrinsicDate = Date;

export function installDate(scope: IsolateScope): void {
  // biome-ignore lint/suspicious/noShadowRestrictedNames: the replacement is `Date` (its `name` shows)
  const ClockDate = function Date(this: unknown, ...values: unknown[]): unknown {
    // §21.4.2.1 step 1: called as a function, the current time as a string.
    if (new.target === undefined) return new IntrinsicDate(currentTimeValue()).toString();
    const args = values.length === 0 ? [currentTimeValue()] : values;
    return Reflect.construct(IntrinsicDate, args, new.target);
  } as unknown as DateConstructor;
  Object.defineProperties(ClockDate, {
    length: { value: 7, configurable: true },
    prototype: { value: IntrinsicDate.prototype, writable: false, enumerable: false, configurable: false },
    now: {
      value: function now() {
        return currentTimeValue();
      },
      writable: true,
      configurable: true,
    },
    parse: { value: IntrinsicDate.parse, writable: true, configurable: true },
    UTC: { value: IntrinsicDate.UTC, writable: true, configurable: true },
  });
  Object.defineProperty(IntrinsicDate.prototype, 'constructor', {
    value: ClockDate,
    writable: true,
    configurable: true,
  });
  scope.defineGlobal('Date', ClockDate);
}
