/**
 * Builds a context from the API registry: runs the isolate bundle, hands it every family's host ops
 * as isolated-vm Callbacks (plain functions inside, arguments copied), keeps references to the entry
 * points it returns, and removes what a Workers global scope does not have.
 */
import ivm from 'isolated-vm';
import type { HostScope } from '../apis/family.ts';
import { apiFamilies } from '../apis/index.ts';
import { INTERNAL_FILENAME } from '../apis/runtime/bridge.ts';
import { BOOTSTRAP_GLOBAL, isolateBundle } from './isolate-bundle.ts';

export type Entry = ivm.Reference<(...args: never[]) => unknown>;

/** Globals V8 gives a bare context that Workers does not offer (see SECURITY.md: no shared memory). */
const REMOVED_GLOBALS = ['SharedArrayBuffer'];

/** The bundle's compiled form, per isolate thread: V8's code cache for our own code, never a user's. */
let codeCache: ivm.ExternalCopy<ArrayBuffer> | undefined;

/** isolated-vm sets `cachedDataRejected` on the script (README "CachedDataOptions"); its .d.ts omits it. */
type CompiledBundle = ivm.Script & ivm.CachedDataResult & { cachedDataRejected?: boolean };

/** The code cache this thread produced for the bundle, to hand to pool threads (`undefined` if none yet). */
export function bundleCodeCache(): ArrayBuffer | undefined {
  return codeCache?.copy();
}

/** Starts this thread with another thread's code cache for the same bundle (V8 rejects a mismatch). */
export function useBundleCodeCache(cache: ArrayBuffer): void {
  codeCache = new ivm.ExternalCopy(cache);
}

function compileBundle(isolate: ivm.Isolate): ivm.Script {
  const code = isolateBundle();
  const options = { filename: INTERNAL_FILENAME };
  if (codeCache) {
    const script: CompiledBundle = isolate.compileScriptSync(code, {
      ...options,
      cachedData: codeCache,
    });
    if (!script.cachedDataRejected) return script;
  }
  const script: CompiledBundle = isolate.compileScriptSync(code, {
    ...options,
    produceCachedData: true,
  });
  codeCache = script.cachedData;
  return script;
}

/**
 * Creates a context with every family installed. `makeScope` receives the entry lookup (entries resolve
 * lazily, by name, once the bootstrap has returned them).
 */
export function bootstrapContext(
  isolate: ivm.Isolate,
  makeScope: (entry: (name: string) => Entry) => HostScope,
): ivm.Context {
  const context = isolate.createContextSync();
  let entryTable: ivm.Reference<Record<string, unknown>> | undefined;
  const entries = new Map<string, Entry>();
  const scope = makeScope((name) => {
    let entry = entries.get(name);
    if (!entry) {
      if (entryTable?.typeof !== 'object') throw new Error(`Isolate entry "${name}" used before bootstrap`);
      entry = entryTable.getSync(name, { reference: true }) as Entry;
      if (entry.typeof !== 'function')
        throw new Error(`No isolate entry named "${name}" (is its family registered?)`);
      entries.set(name, entry);
    }
    return entry;
  });
  const ops: Record<string, ivm.Callback> = {};
  for (const family of apiFamilies) {
    if (!family.host) continue;
    for (const [name, op] of Object.entries(family.host(scope))) ops[name] = new ivm.Callback(op);
  }
  compileBundle(isolate).runSync(context);
  const global = context.global;
  const bootstrap = global.getSync(BOOTSTRAP_GLOBAL, { reference: true }) as ivm.Reference<
    (ops: unknown) => Record<string, unknown>
  >;
  global.deleteSync(BOOTSTRAP_GLOBAL);
  for (const name of REMOVED_GLOBALS) global.deleteSync(name);
  entryTable = bootstrap.applySync(undefined, [ops], {
    arguments: { copy: true },
    result: { reference: true },
  }) as unknown as ivm.Reference<Record<string, unknown>>;
  bootstrap.release();
  return context;
}
