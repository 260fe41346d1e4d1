/**
 * Which apps `nano serve` hosts and how they are found, configured and reloaded: flags over NANO_*
 * variables over defaults (README "Hosting many apps").
 *
 *   --app <dir|file>  NANO_APP      one app: every request goes to it
 *   --apps <dir>      NANO_APPS     every subdirectory is an app
 *   --route-by        NANO_ROUTE_BY host, path or both (default both)
 *   --env <name>      NANO_APP_ENV  the `[env.<name>]` section of each app's config
 *   --allow-missing-bindings  NANO_ALLOW_MISSING_BINDINGS=1  start apps whose bindings NANO lacks
 *   --max-script-size NANO_MAX_SCRIPT_SIZE  bytes of one app's bundle (default 10 MiB)
 *   --watch           NANO_WATCH=1  reload apps when files in their directories change
 *   NANO_ADMIN_TOKEN  enables POST <prefix>/reload with `Authorization: Bearer <token>`
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveApp } from '../config/app-loader.ts';
import { ConfigError, parseInteger, parseOneOf } from '../config/values.ts';
import { ROUTE_BY, type RouteBy } from '../server/router.ts';
import type { AppsSource } from './registry.ts';

/** Workers' paid-plan script size of old (compressed); NANO counts the uncompressed bundle. */
export const DEFAULT_MAX_SCRIPT_BYTES = 10 * 1024 * 1024;

/** `nano serve`'s flags for the apps (citty argument definitions; `--app` stays in src/cli/serve.ts). */
export const APPS_ARGS = {
  apps: {
    type: 'string',
    description: 'Directory whose subdirectories are apps, routed by Host and path (NANO_APPS)',
    valueHint: 'dir',
  },
  'route-by': {
    type: 'string',
    description: 'With --apps: route by host, path or both (NANO_ROUTE_BY, both)',
    valueHint: 'host|path|both',
  },
  env: {
    type: 'string',
    description: "The [env.<name>] section of each app's wrangler config (NANO_APP_ENV)",
    valueHint: 'name',
  },
  'allow-missing-bindings': {
    type: 'boolean',
    description: 'Start apps whose KV/D1/R2/… bindings NANO does not provide (NANO_ALLOW_MISSING_BINDINGS=1)',
  },
  'max-script-size': {
    type: 'string',
    description: `Largest app bundle, else the app is refused (NANO_MAX_SCRIPT_SIZE, ${DEFAULT_MAX_SCRIPT_BYTES})`,
    valueHint: 'bytes',
  },
  watch: {
    type: 'boolean',
    description: 'Reload apps when their files change (NANO_WATCH=1); SIGHUP always reloads',
  },
} as const;

export interface AppsFlags {
  app?: string;
  apps?: string;
  'route-by'?: string;
  env?: string;
  'allow-missing-bindings'?: boolean;
  'max-script-size'?: string;
  watch?: boolean;
}

export interface AppsEnv {
  app?: string;
  apps?: string;
  routeBy?: RouteBy;
  environment?: string;
  allowMissingBindings?: boolean;
  maxScriptBytes?: number;
  watch?: boolean;
  adminToken?: string;
}

export interface AppsOptions {
  readonly source: AppsSource;
  readonly routeBy: RouteBy;
  readonly environment: string | undefined;
  readonly allowMissingBindings: boolean;
  readonly maxScriptBytes: number;
  readonly watch: boolean;
  /** `undefined`: the admin reload endpoint is off. */
  readonly adminToken: string | undefined;
}

function text(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function switchedOn(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const value = text(env, name);
  return value === undefined ? undefined : parseOneOf(`${name}=${value}`, value, ['0', '1']) === '1';
}

function scriptBytes(subject: string, value: string): number {
  return parseInteger(subject, value, 1, Number.MAX_SAFE_INTEGER);
}

export function readAppsEnv(env: NodeJS.ProcessEnv): AppsEnv {
  const routeBy = text(env, 'NANO_ROUTE_BY');
  const maxScript = text(env, 'NANO_MAX_SCRIPT_SIZE');
  return {
    app: text(env, 'NANO_APP'),
    apps: text(env, 'NANO_APPS'),
    routeBy: routeBy === undefined ? undefined : parseOneOf(`NANO_ROUTE_BY=${routeBy}`, routeBy, ROUTE_BY),
    environment: text(env, 'NANO_APP_ENV'),
    allowMissingBindings: switchedOn(env, 'NANO_ALLOW_MISSING_BINDINGS'),
    maxScriptBytes:
      maxScript === undefined ? undefined : scriptBytes(`NANO_MAX_SCRIPT_SIZE=${maxScript}`, maxScript),
    watch: switchedOn(env, 'NANO_WATCH'),
    adminToken: text(env, 'NANO_ADMIN_TOKEN'),
  };
}

function resolveSource(flags: AppsFlags, env: AppsEnv, cwd: string): AppsSource {
  const single = flags.app ?? (flags.apps === undefined ? env.app : undefined);
  const dir = flags.apps ?? (flags.app === undefined ? env.apps : undefined);
  if (single !== undefined && dir !== undefined) {
    throw new ConfigError('nano serve takes --app <dir|file> or --apps <dir>, not both');
  }
  if (dir !== undefined) {
    const path = resolve(cwd, dir);
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      throw new ConfigError(`apps directory ${dir} does not exist or is not a directory`);
    }
    return { kind: 'dir', path };
  }
  if (single === undefined) {
    throw new ConfigError('nano serve needs an app: --app <dir|file> (NANO_APP) or --apps <dir> (NANO_APPS)');
  }
  // Checked now, so a wrong path is a usage error before anything starts.
  resolveApp(single, cwd);
  return { kind: 'app', path: resolve(cwd, single) };
}

export function resolveAppsOptions(flags: AppsFlags, env: AppsEnv, cwd: string): AppsOptions {
  const routeBy = flags['route-by'];
  const maxScript = flags['max-script-size'];
  return Object.freeze({
    source: Object.freeze(resolveSource(flags, env, cwd)),
    routeBy:
      (routeBy === undefined ? undefined : parseOneOf(`--route-by ${routeBy}`, routeBy, ROUTE_BY)) ??
      env.routeBy ??
      'both',
    environment: flags.env ?? env.environment,
    allowMissingBindings: flags['allow-missing-bindings'] === true || (env.allowMissingBindings ?? false),
    maxScriptBytes:
      (maxScript === undefined ? undefined : scriptBytes(`--max-script-size ${maxScript}`, maxScript)) ??
      env.maxScriptBytes ??
      DEFAULT_MAX_SCRIPT_BYTES,
    watch: flags.watch === true || (env.watch ?? false),
    adminToken: env.adminToken,
  });
}

/** The entry file of `app` when it is the one `--app` (the supervisor watches it); `undefined` otherwise. */
export function singleAppEntry(options: AppsOptions, app: string): string | undefined {
  if (options.source.kind !== 'app') return undefined;
  const spec = resolveApp(options.source.path);
  return spec.name === app ? spec.entry : undefined;
}
