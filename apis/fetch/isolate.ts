/**
 * The Fetch standard's data types as globals: Headers, Request, Response and `fetch()` (isolate-fetch.ts). The classes live in isolate-headers.ts, isolate-request.ts and
 * isolate-response.ts; the server's side of them in isolate-host-bridge.ts.
 */
import type { IsolateScope } from '../isolate-scope.ts';
import { installFetch } from './isolate-fetch.ts';
import { Headers } from './isolate-headers.ts';
import { Request } from './isolate-request.ts';
import { Response } from './isolate-response.ts';

export function install(scope: IsolateScope): void {
  scope.defineGlobal('Headers', Headers);
  scope.defineGlobal('Request', Request);
  scope.defineGlobal('Response', Response);
  installFetch(scope);
}
