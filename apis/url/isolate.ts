/**
 * The url family: URL and URLSearchParams (URL Standard) and URLPattern (URL Pattern Standard). Parsing
 * crosses to the host's URL parser; everything else runs here.
 */
import type { IsolateScope } from '../isolate-scope.ts';
import { setUrlOps } from './isolate-host.ts';
import { URLPattern } from './isolate-pattern.ts';
import { URLSearchParams } from './isolate-search-params.ts';
import { URL } from './isolate-url.ts';

export { URLSearchParams } from './isolate-search-params.ts';
export { URL } from './isolate-url.ts';

export function install(scope: IsolateScope): void {
  setUrlOps(scope.ops);
  scope.defineGlobal('URL', URL);
  scope.defineGlobal('URLSearchParams', URLSearchParams);
  scope.defineGlobal('URLPattern', URLPattern);
}
