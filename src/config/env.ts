/**
 * Every NANO_* environment variable is read here and nowhere else (the limit variables through
 * src/config/limit-options.ts, the apps variables through src/apps/apps-options.ts), so the README's table can be checked against these two files. Values
 * are validated when read: a bad value is an error naming the variable.
 * Variables that are not set are `undefined` here; src/config/serve-options.ts applies the defaults.
 */

import { type AppsEnv, readAppsEnv } from '../apps/apps-options.ts';
import { type LimitEnv, readLimitEnv } from './limit-options.ts';
import {
  ConfigError,
  parseFraction,
  parseInteger,
  parseOneOf,
  parsePathPrefix,
  parsePort,
  parseSeconds,
  parseSecondsOrZero,
} from './values.ts';

export { ConfigError };

export type LogFormat = 'json' | 'text' | 'apache';
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export const LOG_FORMATS: readonly LogFormat[] = ['json', 'text', 'apache'];
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export interface NanoEnv {
  port?: number;
  host?: string;
  app?: string;
  /** NANO_APPS, NANO_ROUTE_BY, NANO_APP_ENV, NANO_ALLOW_MISSING_BINDINGS, NANO_MAX_SCRIPT_SIZE, NANO_WATCH, NANO_ADMIN_TOKEN (and NANO_APP). */
  apps?: AppsEnv;
  threads?: number;
  logFormat?: LogFormat;
  logLevel?: LogLevel;
  maxBodyBytes?: number;
  maxHeaderBytes?: number;
  responseTimeoutMs?: number;
  maxQueue?: number;
  threadConcurrency?: number;
  builtinsPrefix?: string;
  /** NANO_CPU_LIMIT_MS, NANO_MEMORY_LIMIT_MB, NANO_MAX_URL_LENGTH, NANO_ALLOW_EVAL, NANO_PRECISE_TIMERS. */
  limits?: LimitEnv;
  /** Supervisor, shutdown and isolate recycling (src/supervisor/, pool/recycle-policy.ts). */
  processes?: number;
  shutdownDelayMs?: number;
  drainTimeoutMs?: number;
  recycleAfterRequests?: number;
  recycleAfterMs?: number;
  recycleHeapFraction?: number;
  maxIsolatesPerThread?: number;
  isolateIdleTimeoutMs?: number;
  /** `NANO_CRONS`: cron expressions for the app, separated by `;`. */
  crons?: string;
  /** Test hook `NANO_CRON_TEST_SECONDS=1`: a cron minute passes every second. */
  cronTestSeconds?: boolean;
}

function read<T>(
  env: NodeJS.ProcessEnv,
  name: string,
  parse: (subject: string, text: string) => T,
): T | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  return parse(`${name}=${text}`, text);
}

const count = (min: number) => (subject: string, text: string) =>
  parseInteger(subject, text, min, Number.MAX_SAFE_INTEGER);

export function readEnv(env: NodeJS.ProcessEnv = process.env): NanoEnv {
  return {
    port: read(env, 'NANO_PORT', parsePort),
    host: read(env, 'NANO_HOST', (_, text) => text),
    app: read(env, 'NANO_APP', (_, text) => text),
    apps: readAppsEnv(env),
    threads: read(env, 'NANO_THREADS', count(1)),
    logFormat: read(env, 'NANO_LOG_FORMAT', (subject, text) => parseOneOf(subject, text, LOG_FORMATS)),
    logLevel: read(env, 'NANO_LOG_LEVEL', (subject, text) => parseOneOf(subject, text, LOG_LEVELS)),
    maxBodyBytes: read(env, 'NANO_MAX_BODY_SIZE', count(0)),
    maxHeaderBytes: read(env, 'NANO_MAX_HEADER_SIZE', count(1024)),
    responseTimeoutMs: read(env, 'NANO_RESPONSE_TIMEOUT', parseSeconds),
    maxQueue: read(env, 'NANO_MAX_QUEUE', count(0)),
    threadConcurrency: read(env, 'NANO_THREAD_CONCURRENCY', count(1)),
    builtinsPrefix: read(env, 'NANO_BUILTINS_PREFIX', parsePathPrefix),
    limits: readLimitEnv(env),
    processes: read(env, 'NANO_PROCESSES', count(1)),
    shutdownDelayMs: read(env, 'NANO_SHUTDOWN_DELAY', parseSecondsOrZero),
    drainTimeoutMs: read(env, 'NANO_DRAIN_TIMEOUT', parseSeconds),
    recycleAfterRequests: read(env, 'NANO_RECYCLE_AFTER_REQUESTS', count(0)),
    recycleAfterMs: read(env, 'NANO_RECYCLE_AFTER', parseSecondsOrZero),
    recycleHeapFraction: read(env, 'NANO_RECYCLE_HEAP_FRACTION', parseFraction),
    maxIsolatesPerThread: read(env, 'NANO_MAX_ISOLATES_PER_THREAD', count(1)),
    isolateIdleTimeoutMs: read(env, 'NANO_ISOLATE_IDLE_TIMEOUT', parseSecondsOrZero),
    crons: read(env, 'NANO_CRONS', (_, text) => text),
    cronTestSeconds:
      read(env, 'NANO_CRON_TEST_SECONDS', (subject, text) => parseOneOf(subject, text, ['0', '1'])) === '1',
  };
}
