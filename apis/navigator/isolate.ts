/**
 * `navigator`, a WorkerNavigator (HTML §8.9.1) with the members Workers offers: `userAgent`
 * (`NANO/<version>`), `hardwareConcurrency` (1, as in Workers: an isolate runs on one thread at a time
 * and the host's core count is not the tenant's business), `language` and `languages`.
 */
import { defineInterface } from '../fetch/isolate-webidl.ts';
import type { IsolateScope } from '../isolate-scope.ts';

const LANGUAGES = Object.freeze(['en']);

let creating = false;

export class WorkerNavigator {
  readonly #userAgent: string;

  constructor(userAgent: string) {
    if (!creating) throw new TypeError("Failed to construct 'WorkerNavigator': Illegal constructor");
    creating = false;
    this.#userAgent = userAgent;
  }

  static #check(value: unknown, member: string): WorkerNavigator {
    if (typeof value !== 'object' || value === null || !(#userAgent in value)) {
      throw new TypeError(`Illegal invocation: '${member}' needs a WorkerNavigator as its receiver`);
    }
    return value as WorkerNavigator;
  }

  get userAgent(): string {
    return WorkerNavigator.#check(this, 'userAgent').#userAgent;
  }

  get hardwareConcurrency(): number {
    WorkerNavigator.#check(this, 'hardwareConcurrency');
    return 1;
  }

  get language(): string {
    WorkerNavigator.#check(this, 'language');
    return 'en';
  }

  /** HTML: the same frozen array every time, until the languages change (they never do here). */
  get languages(): readonly string[] {
    WorkerNavigator.#check(this, 'languages');
    return LANGUAGES;
  }
}

defineInterface(WorkerNavigator, 'WorkerNavigator');

export function install(scope: IsolateScope): void {
  creating = true;
  scope.defineGlobal('navigator', new WorkerNavigator(scope.ops.op_navigator_user_agent()));
  scope.defineGlobal('WorkerNavigator', WorkerNavigator);
}
