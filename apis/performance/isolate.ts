/**
 * `performance` per High Resolution Time §5: `now()`, `timeOrigin` and `toJSON()`, on a Performance that
 * is an EventTarget. Like Workers, NANO offers no user timing (`mark`/`measure`) or other entry types.
 */
import { EventTarget } from '../events/isolate-event-target.ts';
import { defineInterface } from '../fetch/isolate-webidl.ts';
import type { IsolateScope } from '../isolate-scope.ts';
import { now, startClock, timeOrigin } from './isolate-clock.ts';
import { installDate } from './isolate-date.ts';

let creating = false;

export class Performance extends EventTarget {
  /** Only for the brand check: a Performance has no state of its own (the clock is the isolate's). */
  readonly #brand = true;

  constructor() {
    if (!creating) throw new TypeError("Failed to construct 'Performance': Illegal constructor");
    creating = false;
    super();
  }

  static #check(value: unknown, member: string): void {
    if (typeof value !== 'object' || value === null || !(#brand in value)) {
      throw new TypeError(`Illegal invocation: '${member}' needs a Performance as its receiver`);
    }
  }

  now(): number {
    Performance.#check(this, 'now');
    return now();
  }

  get timeOrigin(): number {
    Performance.#check(this, 'timeOrigin');
    return timeOrigin();
  }

  /** Web IDL [Default] toJSON: the interface's attributes of JSON types (only `timeOrigin`). */
  toJSON(): { timeOrigin: number } {
    Performance.#check(this, 'toJSON');
    return { timeOrigin: timeOrigin() };
  }
}

defineInterface(Performance, 'Performance');

export function install(scope: IsolateScope): void {
  startClock(scope.ops);
  creating = true;
  scope.defineGlobal('performance', new Performance());
  scope.defineGlobal('Performance', Performance);
  installDate(scope);
}
