/**
 * ES modules from local files: `import` resolved relative to the importer (with the extensions a
 * Workers bundler would try), TypeScript stripped of its types in place (line and column unchanged),
 * and a clear error for what a bundle would have to provide (bare packages, `node:` built-ins).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type ivm from 'isolated-vm';

const TYPESCRIPT = /\.(?:ts|mts|cts)$/;
const TRY_EXTENSIONS = ['', '.ts', '.js', '.mjs', '.mts', '/index.ts', '/index.js', '/index.mjs'];

export class ModuleLoadError extends Error {
  override name = 'ModuleLoadError';
}

/** Reads a source file as JavaScript: TypeScript files lose their type annotations, nothing else. */
export function readSource(path: string): string {
  const source = readFileSync(path, 'utf8');
  if (!TYPESCRIPT.test(path)) return source;
  try {
    return stripTypeScriptTypes(source, { mode: 'strip' });
  } catch (error) {
    throw new ModuleLoadError(
      `${path}: TypeScript that is not erasable (enums, namespaces, parameter properties) needs a bundle: ${(error as Error).message}`,
    );
  }
}

/** True when a `.js` file reads as an ES module (it has a top-level import or export). */
export function looksLikeModule(path: string, source: string): boolean {
  if (/\.(?:mjs|mts|ts)$/.test(path)) return true;
  if (/\.cjs$/.test(path)) return false;
  return /^\s*(?:import\s*[\w*{'"]|export\s)/m.test(source);
}

function resolveFile(specifier: string, referrer: string): URL {
  if (specifier.startsWith('node:')) {
    throw new ModuleLoadError(
      `Cannot import "${specifier}" from ${fileURLToPath(referrer)}: Node.js built-in modules are not available in NANO`,
    );
  }
  if (!/^(?:\.{1,2}\/|\/|file:)/.test(specifier)) {
    throw new ModuleLoadError(
      `Cannot import "${specifier}" from ${fileURLToPath(referrer)}: package imports need the app to be bundled (only relative file imports are resolved)`,
    );
  }
  const base = new URL(specifier, referrer);
  for (const extension of TRY_EXTENSIONS) {
    const candidate = new URL(base.href + extension);
    const path = fileURLToPath(candidate);
    if (existsSync(path) && statSync(path).isFile()) return candidate;
  }
  throw new ModuleLoadError(`Cannot find module "${specifier}" imported from ${fileURLToPath(referrer)}`);
}

export class ModuleLoader {
  readonly #isolate: ivm.Isolate;
  readonly #modules = new Map<string, ivm.Module>();
  readonly #urls = new Map<ivm.Module, string>();

  constructor(isolate: ivm.Isolate) {
    this.#isolate = isolate;
  }

  /** Compiles a module from source text already in hand (the entry, or a generated wrapper). */
  compile(source: string, url: string): ivm.Module {
    const module = this.#isolate.compileModuleSync(source, { filename: url });
    this.#modules.set(url, module);
    this.#urls.set(module, url);
    return module;
  }

  /** Compiles the file at `path` and links its whole import graph into `context`. */
  link(module: ivm.Module, context: ivm.Context): void {
    module.instantiateSync(context, (specifier, referrer) => this.#load(specifier, referrer));
  }

  #load(specifier: string, referrer: ivm.Module): ivm.Module {
    const referrerUrl = this.#urls.get(referrer) ?? pathToFileURL(process.cwd()).href;
    const url = resolveFile(specifier, referrerUrl).href;
    const cached = this.#modules.get(url);
    if (cached) return cached;
    return this.compile(readSource(fileURLToPath(url)), url);
  }
}
