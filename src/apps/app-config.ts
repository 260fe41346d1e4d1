/**
 * An app's configuration file, as wrangler reads it: `wrangler.toml`, `wrangler.jsonc`, `wrangler.json`
 * or NANO's own `nano.json` (same fields), the first of these that exists in the app directory.
 *
 * Read: `name`, `main`, `compatibility_date`, `compatibility_flags`, `vars`, `route`/`routes`,
 * `triggers.crons`, `limits.cpu_ms`, and `[env.<name>]` sections. An environment section overrides
 * the top level key by key; as in wrangler, `vars` and bindings are not inherited: with `--env staging`
 * only `[env.staging.vars]` count. Keys NANO does not use are named in one warning; bindings NANO does
 * not provide yet are an error naming the binding (unless missing bindings are allowed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ParseError, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { ConfigError } from '../config/values.ts';

export const CONFIG_FILES = ['wrangler.toml', 'wrangler.jsonc', 'wrangler.json', 'nano.json'] as const;

export interface AppConfig {
  /** The file read, `undefined` when the app has none. */
  file: string | undefined;
  name?: string;
  main?: string;
  compatibilityDate?: string;
  compatibilityFlags: string[];
  vars: Record<string, unknown>;
  routes: string[];
  crons: string[];
  cpuMs?: number;
  /** Keys present that NANO does not use: one warning line. */
  ignoredKeys: string[];
  /** Bindings present that NANO does not provide (`kv_namespaces: MY_KV`). */
  unsupportedBindings: string[];
}

type Table = Record<string, unknown>;

const USED_KEYS = new Set([
  'name',
  'main',
  'compatibility_date',
  'compatibility_flags',
  'vars',
  'route',
  'routes',
  'triggers',
  'limits',
  'env',
  '$schema',
]);

/** wrangler's binding keys (workers-sdk config "Bindings"): none is provided by NANO yet. */
const BINDING_KEYS = [
  'kv_namespaces',
  'd1_databases',
  'r2_buckets',
  'durable_objects',
  'queues',
  'services',
  'analytics_engine_datasets',
  'vectorize',
  'hyperdrive',
  'ai',
  'browser',
  'workflows',
  'dispatch_namespaces',
  'send_email',
  'mtls_certificates',
  'version_metadata',
  'assets',
];

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseFile(path: string): Table {
  const text = readFileSync(path, 'utf8');
  let parsed: unknown;
  if (path.endsWith('.toml')) {
    try {
      parsed = parseToml(text);
    } catch (error) {
      throw new ConfigError(`${path} is not valid TOML: ${(error as Error).message}`);
    }
  } else {
    const errors: ParseError[] = [];
    parsed = parseJsonc(text, errors, { allowTrailingComma: true });
    const first = errors[0];
    if (first !== undefined) {
      throw new ConfigError(
        `${path} is not valid JSON: ${printParseErrorCode(first.error)} at offset ${first.offset}`,
      );
    }
  }
  if (!isTable(parsed)) throw new ConfigError(`${path} must hold an object`);
  return parsed;
}

function optionalString(file: string, table: Table, key: string): string | undefined {
  const value = table[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ConfigError(`${file}: "${key}" must be a string`);
  return value;
}

function stringList(file: string, value: unknown, key: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new ConfigError(`${file}: "${key}" must be a list of strings`);
  }
  return value as string[];
}

/** `route = "example.com/*"`, `routes = ["…", { pattern = "…", zone_name = "…" }]`. */
function routePatterns(file: string, table: Table): string[] {
  const entries = [
    ...(table.route === undefined ? [] : [table.route]),
    ...((table.routes as unknown[]) ?? []),
  ];
  return entries.map((entry) => {
    if (typeof entry === 'string') return entry;
    if (isTable(entry) && typeof entry.pattern === 'string') return entry.pattern;
    throw new ConfigError(`${file}: each route must be a pattern string or { pattern = "…" }`);
  });
}

/** Binding names for the message: `kv_namespaces (MY_KV, CACHE)`. */
function describeBinding(key: string, value: unknown): string {
  const items = Array.isArray(value) ? value : isTable(value) ? (value.bindings ?? [value]) : [value];
  const names = (items as unknown[])
    .map((item) => (isTable(item) ? (item.binding ?? item.name) : undefined))
    .filter((name): name is string => typeof name === 'string');
  return names.length > 0 ? `${key} (${names.join(', ')})` : key;
}

function presentBinding(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isTable(value) && Array.isArray(value.bindings)) return value.bindings.length > 0;
  return value !== undefined;
}

/** The top level with the selected environment's keys over it; `vars` and bindings only from the environment. */
function selectEnvironment(file: string, top: Table, environment: string | undefined): Table {
  if (environment === undefined) return top;
  const sections = top.env;
  const section = isTable(sections) ? sections[environment] : undefined;
  if (section === undefined) return top;
  if (!isTable(section)) throw new ConfigError(`${file}: [env.${environment}] must be a table`);
  const overridesRoutes = 'route' in section || 'routes' in section;
  const merged: Table = {};
  for (const [key, value] of Object.entries(top)) {
    if (key === 'vars' || BINDING_KEYS.includes(key)) continue;
    if (overridesRoutes && (key === 'route' || key === 'routes')) continue;
    merged[key] = value;
  }
  return { ...merged, ...section };
}

export function findConfigFile(dir: string): string | undefined {
  return CONFIG_FILES.map((file) => join(dir, file)).find((path) => existsSync(path));
}

/** Reads the app directory's config file (an empty config when there is none). */
export function readAppConfig(dir: string, environment: string | undefined): AppConfig {
  const file = findConfigFile(dir);
  if (file === undefined) {
    return {
      file,
      compatibilityFlags: [],
      vars: {},
      routes: [],
      crons: [],
      ignoredKeys: [],
      unsupportedBindings: [],
    };
  }
  const table = selectEnvironment(file, parseFile(file), environment);
  const vars = table.vars ?? {};
  if (!isTable(vars)) throw new ConfigError(`${file}: "vars" must be a table of names and values`);
  const triggers = table.triggers ?? {};
  const limits = table.limits ?? {};
  if (!isTable(triggers) || !isTable(limits)) {
    throw new ConfigError(`${file}: "triggers" and "limits" must be tables`);
  }
  const cpuMs = limits.cpu_ms;
  if (cpuMs !== undefined && !(Number.isSafeInteger(cpuMs) && (cpuMs as number) > 0)) {
    throw new ConfigError(`${file}: "limits.cpu_ms" must be a whole number of milliseconds above 0`);
  }
  const bindingKeys = BINDING_KEYS.filter((key) => presentBinding(table[key]));
  return {
    file,
    name: optionalString(file, table, 'name'),
    main: optionalString(file, table, 'main'),
    compatibilityDate: optionalString(file, table, 'compatibility_date'),
    compatibilityFlags: stringList(file, table.compatibility_flags, 'compatibility_flags'),
    vars: { ...vars },
    routes: routePatterns(file, table),
    crons: stringList(file, triggers.crons, 'triggers.crons'),
    cpuMs: cpuMs as number | undefined,
    ignoredKeys: Object.keys(table).filter((key) => !USED_KEYS.has(key) && !BINDING_KEYS.includes(key)),
    unsupportedBindings: bindingKeys.map((key) => describeBinding(key, table[key])),
  };
}
