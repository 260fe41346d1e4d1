/**
 * Runs inside the isolate, once per context: installs every family in registry order and returns the
 * entry points the host may call. The bundle built by `pool/isolate-bundle.ts` calls it.
 */

import type { AllOps } from './isolate-ops.ts';
import { defineGlobal, type IsolateScope } from './isolate-scope.ts';

export type Install = (scope: IsolateScope) => void;

export function bootstrap(ops: AllOps, installs: readonly Install[]): Record<string, unknown> {
  const entries: Record<string, unknown> = Object.create(null);
  const scope: IsolateScope = {
    ops,
    defineEntry(name, fn) {
      entries[name] = fn;
    },
    defineGlobal,
  };
  for (const install of installs) install(scope);
  return entries;
}
