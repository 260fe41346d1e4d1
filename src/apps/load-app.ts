/**
 * One app directory (or `--app` file) → its AppSpec: the config file read (src/apps/app-config.ts),
 * secrets (src/apps/secrets.ts), the entry bundled (src/apps/bundle.ts), then loaded once in a
 * throw-away isolate on this thread, so a syntax error or a missing handler is found before any
 * thread gets the app. The fingerprint tells a reload whether anything the app runs with changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { AppIsolate, type LoadOutcome } from '../../pool/app-isolate.ts';
import { looksLikeModule } from '../../pool/module-loader.ts';
import type { AppSpec } from '../../pool/task.ts';
import { resolveApp } from '../config/app-loader.ts';
import { ConfigError } from '../config/values.ts';
import { readAppConfig } from './app-config.ts';
import { bundleApp } from './bundle.ts';
import { readSecrets } from './secrets.ts';
import { stackMapperFor } from './stack-map.ts';

export interface AppLoadSettings {
  /** `--env`: the `[env.<name>]` section to use. */
  environment: string | undefined;
  allowMissingBindings: boolean;
  maxScriptBytes: number;
  startupTimeoutMs: number;
  /** One line for the operator (never carries secrets). */
  warn(message: string, fields: Record<string, unknown>): void;
}

export interface LoadedApp {
  spec: AppSpec;
  /** The app's directory (what `--watch` and reloads look at). */
  dir: string;
  /** Changes whenever anything the app runs with changes (code, env, routes, crons, limits). */
  fingerprint: string;
  /** Milliseconds esbuild took (0: no bundle, or an unchanged cached one). */
  bundleMs: number;
}

const discard = () => {};

/** Loads the app in a throw-away isolate on this thread: the same checks every pool thread will make. */
export async function validateApp(spec: AppSpec, startupTimeoutMs: number): Promise<LoadOutcome> {
  const isolate = new AppIsolate(spec, { console: discard, error: discard, warn: discard }, startupTimeoutMs);
  const outcome = await isolate.loaded;
  isolate.dispose();
  if (outcome.ok || spec.bundle === undefined) return outcome;
  return { ok: false, error: stackMapperFor(spec.bundle)(outcome.error) };
}

function fingerprintOf(spec: AppSpec): string {
  const hash = createHash('sha256');
  hash.update(spec.bundle?.code ?? readFileSync(spec.entry));
  const { bundle: _bundle, version: _version, ...rest } = spec;
  hash.update(JSON.stringify(rest));
  return hash.digest('hex');
}

/**
 * `path` is an app directory or an entry file. In an apps directory (`--apps`) an app is named after its
 * directory unless its config has a `name`, and ES-module entries are always bundled; a single `--app`
 * keeps its package.json name and is bundled only when it is a Workers project (has a config file).
 */
export async function loadApp(
  path: string,
  settings: AppLoadSettings,
  inAppsDir: boolean,
): Promise<LoadedApp> {
  const absolute = resolve(path);
  const isDir = existsSync(absolute) && statSync(absolute).isDirectory();
  const dir = isDir ? absolute : dirname(absolute);
  const config = readAppConfig(dir, settings.environment);
  const main = isDir ? config.main : undefined;
  const found = main === undefined ? resolveApp(absolute) : undefined;
  const appName = config.name ?? (inAppsDir || found === undefined ? basename(dir) : found.name);
  if (config.unsupportedBindings.length > 0 && !settings.allowMissingBindings) {
    throw new ConfigError(
      `app "${appName}" (${config.file}) uses bindings NANO does not provide yet: ${config.unsupportedBindings.join('; ')} — remove them, or start with --allow-missing-bindings to run without them`,
    );
  }
  if (config.unsupportedBindings.length > 0) {
    settings.warn('app bindings NANO does not provide are left out of env', {
      app: appName,
      bindings: config.unsupportedBindings,
    });
  }
  if (config.ignoredKeys.length > 0) {
    settings.warn(`app config keys NANO does not use: ${config.ignoredKeys.join(', ')}`, {
      app: appName,
      file: config.file,
    });
  }
  const entry = main === undefined ? (found as AppSpec).entry : resolve(dir, main);
  if (!existsSync(entry))
    throw new ConfigError(`app "${appName}": "main" names ${main}, which does not exist`);
  const spec: AppSpec = {
    name: appName,
    entry,
    env: { ...config.vars, ...readSecrets(dir, appName, settings.environment) },
    routes: config.routes,
    crons: config.crons,
    cpuMs: config.cpuMs,
    compatibilityDate: config.compatibilityDate,
    compatibilityFlags: config.compatibilityFlags,
  };
  let bundleMs = 0;
  const isModule = looksLikeModule(entry, readFileSync(entry, 'utf8'));
  if (isModule && (inAppsDir || config.file !== undefined)) {
    const outcome = await bundleApp({ app: appName, dir, entry, maxScriptBytes: settings.maxScriptBytes });
    spec.bundle = outcome.bundle;
    bundleMs = outcome.buildMs;
  }
  return { spec, dir, fingerprint: fingerprintOf(spec), bundleMs };
}
