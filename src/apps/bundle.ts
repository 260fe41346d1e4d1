/**
 * An app's entry bundled as `wrangler deploy` bundles it: esbuild, ES module output, `platform:
 * neutral`, the `workerd`/`worker`/`browser` export conditions and `browser`/`module`/`main` package
 * fields, so `.ts` sources and packages from the app's own `node_modules` work. The bundle ends by
 * handing the entry's namespace to the app module hook (apis/app/bridge.ts), so it needs no loader.
 *
 * Bundling happens once per process, on the main thread; threads get the code in the app spec.
 * Bundles are cached in memory by the content of every input file: a reload re-bundles only apps
 * whose files changed. A bundle over the script size limit is refused with both sizes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build, type Message } from 'esbuild';
import { MODULE_HOOK_GLOBAL } from '../../apis/app/bridge.ts';
import type { AppBundle } from '../../pool/task.ts';

export class BundleError extends Error {
  override name = 'BundleError';
}

export interface BundleRequest {
  app: string;
  /** The app's directory: where packages are looked up from. */
  dir: string;
  entry: string;
  maxScriptBytes: number;
}

interface CachedBundle {
  /** Absolute input path → sha256 of its content when bundled. */
  inputs: Map<string, string>;
  bundle: AppBundle;
  /** Milliseconds the esbuild run took. */
  buildMs: number;
}

const cache = new Map<string, CachedBundle>();

function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function contentHash(path: string): string | undefined {
  try {
    return sha256(readFileSync(path));
  } catch {
    return undefined;
  }
}

function unchanged(cached: CachedBundle): boolean {
  for (const [path, hash] of cached.inputs) if (contentHash(path) !== hash) return false;
  return true;
}

function describeMessages(messages: readonly Message[], dir: string): string {
  return messages
    .map((message) => {
      const at = message.location;
      const where = at ? `${resolve(dir, at.file)}:${at.line}:${at.column + 1}: ` : '';
      return `${where}${message.text}`;
    })
    .join('\n');
}

/**
 * `"dependencies": { "x": "file:./vendor/x" }` in the app's package.json: `x` resolves to that
 * directory even before `npm install` has linked it into node_modules. The links npm would make are
 * made in a directory of NANO's own (never in the app) that esbuild searches after the app's
 * node_modules, so the package's `exports` and conditions apply as they would after an install.
 */
function fileDependencyPaths(dir: string): string[] {
  let pkg: { dependencies?: Record<string, unknown> };
  try {
    pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch {
    return [];
  }
  const links = Object.entries(pkg.dependencies ?? {}).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].startsWith('file:'),
  );
  if (links.length === 0) return [];
  const root = join(tmpdir(), `nano-file-deps-${sha256(dir).slice(0, 16)}`);
  for (const [name, spec] of links) {
    const link = join(root, name);
    mkdirSync(dirname(link), { recursive: true });
    rmSync(link, { force: true });
    symlinkSync(resolve(dir, spec.slice('file:'.length)), link, 'dir');
  }
  return [root];
}

/** The wrapper esbuild starts from: the entry, then the hook call once it (top-level await too) has run. */
function entrySource(entry: string): string {
  return `import * as app from ${JSON.stringify(entry)};\n${MODULE_HOOK_GLOBAL}(app);\n`;
}

export interface BundleOutcome {
  bundle: AppBundle;
  /** False when an unchanged cached bundle was used. */
  built: boolean;
  buildMs: number;
}

export async function bundleApp(request: BundleRequest): Promise<BundleOutcome> {
  const key = `${request.app}\0${request.entry}`;
  const cached = cache.get(key);
  if (cached !== undefined && unchanged(cached)) return { bundle: cached.bundle, built: false, buildMs: 0 };
  const started = performance.now();
  const outfile = join(request.dir, `${request.app}.bundle.js`);
  let result: Awaited<ReturnType<typeof build>>;
  try {
    result = await build({
      stdin: {
        contents: entrySource(request.entry),
        resolveDir: request.dir,
        sourcefile: 'nano-app-entry.js',
        loader: 'js',
      },
      absWorkingDir: request.dir,
      nodePaths: fileDependencyPaths(request.dir),
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
      target: 'esnext',
      keepNames: true,
      sourcemap: 'external',
      sourcesContent: false,
      metafile: true,
      write: false,
      outfile,
      logLevel: 'silent',
    });
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    const detail = errors ? describeMessages(errors, request.dir) : (error as Error).message;
    throw new BundleError(`app "${request.app}" could not be bundled:\n${detail}`);
  }
  const buildMs = performance.now() - started;
  const code = (result.outputFiles ?? []).find((file) => file.path.endsWith('.js'))?.text ?? '';
  const sourceMap = (result.outputFiles ?? []).find((file) => file.path.endsWith('.map'))?.text ?? '';
  const size = Buffer.byteLength(code);
  if (size > request.maxScriptBytes) {
    throw new BundleError(
      `app "${request.app}": its bundle is ${size} bytes, over the script size limit of ${request.maxScriptBytes} bytes (--max-script-size)`,
    );
  }
  const inputs = new Map<string, string>();
  for (const input of Object.keys(result.metafile?.inputs ?? {})) {
    const path = resolve(request.dir, input);
    const hash = contentHash(path);
    if (hash !== undefined) inputs.set(path, hash);
  }
  const bundle: AppBundle = {
    code,
    url: `nano-app://${encodeURIComponent(request.app)}/${sha256(code).slice(0, 12)}/bundle.js`,
    sourceMap: rebaseSources(sourceMap, dirname(outfile)),
  };
  cache.set(key, { inputs, bundle, buildMs });
  return { bundle, built: true, buildMs };
}

/** Source paths made absolute, so mapped stack frames name the files as they are on disk. */
function rebaseSources(sourceMap: string, base: string): string {
  const map = JSON.parse(sourceMap) as { sources: string[] };
  map.sources = map.sources.map((source) => resolve(base, source));
  return JSON.stringify(map);
}
