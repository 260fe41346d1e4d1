/**
 * `--app <dir|file>` → the app's entry file and name. A directory means the file its package.json
 * `main` names, else its index.ts, index.js or index.mjs. The name is the package.json `name`, else the
 * directory's name (for a file: its directory's name when it is an index file, else its own name).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { AppSpec } from '../../pool/task.ts';
import { ConfigError } from './values.ts';

const INDEX_FILES = ['index.ts', 'index.js', 'index.mjs'];

interface PackageJson {
  name?: unknown;
  main?: unknown;
}

function readPackageJson(dir: string): PackageJson | undefined {
  const path = join(dir, 'package.json');
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function appName(dir: string, pkg: PackageJson | undefined): string {
  if (typeof pkg?.name === 'string' && pkg.name !== '') return pkg.name;
  return basename(dir);
}

export function resolveApp(path: string, cwd = process.cwd()): AppSpec {
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) throw new ConfigError(`app ${path} does not exist`);
  if (statSync(absolute).isFile()) {
    const dir = dirname(absolute);
    const file = basename(absolute);
    const name = INDEX_FILES.includes(file)
      ? appName(dir, readPackageJson(dir))
      : basename(file, extname(file));
    return { name, entry: absolute };
  }
  const pkg = readPackageJson(absolute);
  if (typeof pkg?.main === 'string') {
    const entry = resolve(absolute, pkg.main);
    if (!isFile(entry))
      throw new ConfigError(`app ${path}: package.json "main" names ${pkg.main}, which does not exist`);
    return { name: appName(absolute, pkg), entry };
  }
  const index = INDEX_FILES.map((file) => join(absolute, file)).find(isFile);
  if (index === undefined) {
    throw new ConfigError(
      `app ${path} has no entry: expected ${INDEX_FILES.join(', ')} or a package.json "main"`,
    );
  }
  return { name: appName(absolute, pkg), entry: index };
}
