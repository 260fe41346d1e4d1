/**
 * The isolate halves of every API family, bundled into one script (in registry order) so that a new
 * context costs one compile, which V8's code cache makes cheap after the first. Built once per process,
 * and handed to the pool threads with their workerData.
 */
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { apiFamilies } from '../apis/index.ts';

/** The global the bundle leaves its bootstrap function on; `pool/bootstrap.ts` takes it and deletes it. */
export const BOOTSTRAP_GLOBAL = '__nano_bootstrap';

const apisDir = fileURLToPath(new URL('../apis/', import.meta.url));

let bundled: string | undefined;

export function isolateBundle(): string {
  bundled ??= build();
  return bundled;
}

/** Takes a bundle built by another thread (pool threads get the main thread's: no esbuild per thread). */
export function useIsolateBundle(code: string): void {
  bundled = code;
}

function build(): string {
  const imports = apiFamilies.map(
    (family, index) => `import { install as install${index} } from ${JSON.stringify(`./${family.isolate}`)};`,
  );
  const installs = apiFamilies.map((_, index) => `install${index}`).join(', ');
  const entry = [
    `import { bootstrap } from './isolate-bootstrap.ts';`,
    ...imports,
    `globalThis.${BOOTSTRAP_GLOBAL} = (ops) => bootstrap(ops, [${installs}]);`,
  ].join('\n');
  const result = buildSync({
    stdin: { contents: entry, resolveDir: apisDir, sourcefile: 'nano-bootstrap.ts', loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    target: 'es2024',
    // Bundling renames classes that share a name with a global (`DOMException` → `_DOMException`);
    // tenants and util.inspect see `.name`, so it must stay the spec name.
    keepNames: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no bundle for the isolate halves of apis/');
  return output.text;
}
