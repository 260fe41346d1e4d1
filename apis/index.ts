/**
 * The ordered registry of API families. `pool/bootstrap.ts` installs their isolate halves into every
 * context in this order (a family may use what an earlier one installed) and gives each host half its
 * ops. Adding a family = one line here plus its folder.
 */
import { appHost } from './app/host.ts';
import { compressionHost } from './compression/host.ts';
import { consoleHost } from './console/host.ts';
import { cryptoHost } from './crypto/host.ts';
import { encodingHost } from './encoding/host.ts';
import type { ApiFamily } from './family.ts';
import { fetchHost } from './fetch/host.ts';
import { navigatorHost } from './navigator/host.ts';
import { performanceHost } from './performance/host.ts';
import { runtimeHost } from './runtime/host.ts';
import { timersHost } from './timers/host.ts';
import { urlHost } from './url/host.ts';

export const apiFamilies: readonly ApiFamily[] = [
  { name: 'runtime', isolate: 'runtime/isolate.ts', host: runtimeHost },
  { name: 'dom-exception', isolate: 'dom-exception/isolate.ts' },
  { name: 'console', isolate: 'console/isolate.ts', host: consoleHost },
  { name: 'timers', isolate: 'timers/isolate.ts', host: timersHost },
  { name: 'events', isolate: 'events/isolate.ts' },
  { name: 'abort', isolate: 'abort/isolate.ts' },
  { name: 'performance', isolate: 'performance/isolate.ts', host: performanceHost },
  { name: 'navigator', isolate: 'navigator/isolate.ts', host: navigatorHost },
  { name: 'repl', isolate: 'repl/isolate.ts' },
  { name: 'url', isolate: 'url/isolate.ts', host: urlHost },
  { name: 'encoding', isolate: 'encoding/isolate.ts', host: encodingHost },
  { name: 'base64', isolate: 'base64/isolate.ts' },
  { name: 'structured-clone', isolate: 'structured-clone/isolate.ts' },
  { name: 'streams', isolate: 'streams/isolate.ts' },
  { name: 'compression', isolate: 'compression/isolate.ts', host: compressionHost },
  { name: 'blob', isolate: 'blob/isolate.ts' },
  { name: 'form-data', isolate: 'form-data/isolate.ts' },
  { name: 'fetch', isolate: 'fetch/isolate.ts', host: fetchHost },
  { name: 'crypto', isolate: 'crypto/isolate.ts', host: cryptoHost },
  { name: 'app', isolate: 'app/isolate.ts', host: appHost },
];
