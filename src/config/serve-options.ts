/**
 * `nano serve`'s configuration: command-line flags over NANO_* variables over defaults, merged into one
 * frozen object. Every default lives in SERVE_DEFAULTS; the README's tables list the same values.
 */
import { availableParallelism } from 'node:os';
import { DEFAULT_RECYCLE_SETTINGS, type RecycleSettings } from '../../pool/recycle-policy.ts';
import { type AppsFlags, type AppsOptions, resolveAppsOptions } from '../apps/apps-options.ts';
import { CronExpression, CronSyntaxError } from '../cron/cron-expression.ts';
import type { LogSettings } from '../log/logger.ts';
import { type OutboundFlags, type OutboundSettings, resolveOutbound } from '../net/outbound-options.ts';
import { processLayout } from '../supervisor/process-layout.ts';
import { LOG_FORMATS, LOG_LEVELS, type NanoEnv } from './env.ts';
import { type LimitFlags, type ResolvedLimits, resolveLimits } from './limit-options.ts';
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

/** `--crons` / `NANO_CRONS`: expressions separated by `;` (cron syntax never uses one). */
function parseCronList(subject: string, text: string): string[] {
  const crons = text
    .split(';')
    .map((cron) => cron.trim())
    .filter((cron) => cron !== '');
  for (const cron of crons) {
    try {
      CronExpression.parse(cron);
    } catch (error) {
      if (error instanceof CronSyntaxError) throw new ConfigError(`${subject}: ${error.message}`);
      throw error;
    }
  }
  return crons;
}

export const SERVE_DEFAULTS = Object.freeze({
  port: 3000,
  host: '0.0.0.0',
  /** `undefined`: one thread per CPU the process may use (`os.availableParallelism()`). */
  threads: undefined as number | undefined,
  /** 16 MiB: at most 1/8 of an isolate's 128 MB, so `text()` plus `JSON.parse` copies still fit. */
  maxBodyBytes: 16 * 1024 * 1024,
  /** Request line + headers; uWS's own default is 4 KiB, Node's 16 KiB. */
  maxHeaderBytes: 16 * 1024,
  responseTimeoutMs: 30_000,
  /** Requests waiting for a thread once every thread has `threadConcurrency` in flight. */
  maxQueue: 1024,
  threadConcurrency: 256,
  /** Built-in endpoints at the root: /health, /healthz, /readyz, /metrics. */
  builtinsPrefix: '',
  logFormat: 'json' as const,
  logLevel: 'info' as const,
  /** Time an app's top level (top-level `await` included) may take to load. */
  startupTimeoutMs: 10_000,
  /** `undefined`: see src/supervisor/process-layout.ts. */
  processes: undefined as number | undefined,
  /** After SIGTERM: `/readyz` is 503 but requests are still served, so load balancers notice first. */
  shutdownDelayMs: 5000,
  /** Then: how long in-flight requests and their `waitUntil` work may take before they get 503. */
  drainTimeoutMs: 20_000,
  recycle: DEFAULT_RECYCLE_SETTINGS,
});

export interface ServeOptions {
  /** Which apps, routing, app config environment, bundling and reloading (src/apps/apps-options.ts). */
  readonly apps: AppsOptions;
  readonly port: number;
  readonly host: string;
  readonly threads: number;
  readonly maxBodyBytes: number;
  readonly maxHeaderBytes: number;
  readonly responseTimeoutMs: number;
  readonly maxQueue: number;
  readonly threadConcurrency: number;
  readonly builtinsPrefix: string;
  readonly log: Readonly<LogSettings>;
  readonly startupTimeoutMs: number;
  readonly processes: number;
  readonly shutdownDelayMs: number;
  readonly drainTimeoutMs: number;
  readonly recycle: Readonly<RecycleSettings>;
  /** CPU, memory, URL length, eval and clock policy (src/config/limit-options.ts). */
  readonly limits: ResolvedLimits;
  /** The app's cron triggers (src/cron/). */
  readonly crons: readonly string[];
  /** fetch()'s allow list and subrequest limits (src/net/outbound-options.ts). */
  readonly outbound: OutboundSettings;
  /** Real milliseconds per cron minute: 60 000, or 1000 with the NANO_CRON_TEST_SECONDS test hook. */
  readonly cronMinuteMs: number;
}

/** The flags as citty hands them over: strings, absent when not given. */
export interface ServeFlags extends LimitFlags, AppsFlags, OutboundFlags {
  port?: string;
  host?: string;
  threads?: string;
  'max-body-size'?: string;
  'max-header-size'?: string;
  'response-timeout'?: string;
  'max-queue'?: string;
  'thread-concurrency'?: string;
  'builtins-prefix'?: string;
  'log-format'?: string;
  'log-level'?: string;
  processes?: string;
  'shutdown-delay'?: string;
  'drain-timeout'?: string;
  'recycle-after-requests'?: string;
  'recycle-after'?: string;
  'recycle-heap-fraction'?: string;
  'max-isolates-per-thread'?: string;
  'isolate-idle-timeout'?: string;
  crons?: string;
}

function flag<T>(
  flags: ServeFlags,
  name: Exclude<keyof ServeFlags, keyof LimitFlags | keyof AppsFlags | keyof OutboundFlags>,
  parse: (subject: string, text: string) => T,
): T | undefined {
  const text = flags[name];
  return text === undefined ? undefined : parse(`--${name} ${text}`, text);
}

const atLeast = (min: number) => (subject: string, text: string) =>
  parseInteger(subject, text, min, Number.MAX_SAFE_INTEGER);

export function resolveServeOptions(
  flags: ServeFlags,
  env: NanoEnv,
  cwd = process.cwd(),
  variables: NodeJS.ProcessEnv = process.env,
): ServeOptions {
  const defaults = SERVE_DEFAULTS;
  const responseTimeoutMs =
    flag(flags, 'response-timeout', parseSeconds) ?? env.responseTimeoutMs ?? defaults.responseTimeoutMs;
  return Object.freeze({
    apps: resolveAppsOptions(flags, env.apps ?? {}, cwd),
    port: flag(flags, 'port', parsePort) ?? env.port ?? defaults.port,
    host: flags.host ?? env.host ?? defaults.host,
    ...processLayout(
      availableParallelism(),
      flag(flags, 'processes', atLeast(1)) ?? env.processes ?? defaults.processes,
      flag(flags, 'threads', atLeast(1)) ?? env.threads ?? defaults.threads,
    ),
    maxBodyBytes: flag(flags, 'max-body-size', atLeast(0)) ?? env.maxBodyBytes ?? defaults.maxBodyBytes,
    maxHeaderBytes:
      flag(flags, 'max-header-size', atLeast(1024)) ?? env.maxHeaderBytes ?? defaults.maxHeaderBytes,
    responseTimeoutMs,
    maxQueue: flag(flags, 'max-queue', atLeast(0)) ?? env.maxQueue ?? defaults.maxQueue,
    threadConcurrency:
      flag(flags, 'thread-concurrency', atLeast(1)) ?? env.threadConcurrency ?? defaults.threadConcurrency,
    builtinsPrefix:
      flag(flags, 'builtins-prefix', parsePathPrefix) ?? env.builtinsPrefix ?? defaults.builtinsPrefix,
    log: Object.freeze({
      format:
        flag(flags, 'log-format', (subject, text) => parseOneOf(subject, text, LOG_FORMATS)) ??
        env.logFormat ??
        defaults.logFormat,
      level:
        flag(flags, 'log-level', (subject, text) => parseOneOf(subject, text, LOG_LEVELS)) ??
        env.logLevel ??
        defaults.logLevel,
    }),
    startupTimeoutMs: defaults.startupTimeoutMs,
    shutdownDelayMs:
      flag(flags, 'shutdown-delay', parseSecondsOrZero) ?? env.shutdownDelayMs ?? defaults.shutdownDelayMs,
    drainTimeoutMs:
      flag(flags, 'drain-timeout', parseSeconds) ?? env.drainTimeoutMs ?? defaults.drainTimeoutMs,
    recycle: Object.freeze({
      afterRequests:
        flag(flags, 'recycle-after-requests', atLeast(0)) ??
        env.recycleAfterRequests ??
        defaults.recycle.afterRequests,
      afterMs:
        flag(flags, 'recycle-after', parseSecondsOrZero) ?? env.recycleAfterMs ?? defaults.recycle.afterMs,
      heapFraction:
        flag(flags, 'recycle-heap-fraction', parseFraction) ??
        env.recycleHeapFraction ??
        defaults.recycle.heapFraction,
      maxIsolates:
        flag(flags, 'max-isolates-per-thread', atLeast(1)) ??
        env.maxIsolatesPerThread ??
        defaults.recycle.maxIsolates,
      idleTimeoutMs:
        flag(flags, 'isolate-idle-timeout', parseSecondsOrZero) ??
        env.isolateIdleTimeoutMs ??
        defaults.recycle.idleTimeoutMs,
    }),
    limits: resolveLimits(flags, env.limits ?? {}, responseTimeoutMs),
    crons: Object.freeze(
      flag(flags, 'crons', parseCronList) ??
        (env.crons === undefined ? [] : parseCronList(`NANO_CRONS=${env.crons}`, env.crons)),
    ),
    cronMinuteMs: env.cronTestSeconds ? 1000 : 60_000,
    outbound: resolveOutbound(flags, variables),
  });
}
