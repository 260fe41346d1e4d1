/**
 * The ordered registry of API families. `pool/bootstrap.ts` installs their isolate halves into every
 * context in this order (a family may use what an earlier one installed) and gives each host half its
 * ops. Adding a family = one line here plus its folder.
 */
import { consoleHost } from './console/host.ts';
import type { ApiFamily } from './family.ts';
import { runtimeHost } from './runtime/host.ts';
import { timersHost } from './timers/host.ts';

export const apiFamilies: readonly ApiFamily[] = [
  { name: 'runtime', isolate: 'runtime/isolate.ts', host: runtimeHost },
  { name: 'dom-exception', isolate: 'dom-exception/isolate.ts' },
  { name: 'console', isolate: 'console/isolate.ts', host: consoleHost },
  { name: 'timers', isolate: 'timers/isolate.ts', host: timersHost },
];
