/**
 * `nano serve`'s configuration: command-line flags over NANO_* variables over defaults, merged into one
 * frozen object. Every default lives in SERVE_DEFAULTS; the README's tables list the same values.
 */
import { availableParallelism } from 'node:os';
import type { AppSpec } from '../../pool/task.ts';
import type { LogSettings } from '../log/logger.ts';
import { resolveApp } from './app-loader.ts';
import { LOG_FORMATS, LOG_LEVELS, type NanoEnv } from './env.ts';
import { ConfigError, parseInteger, parseOneOf, parsePathPrefix, parsePort, parseSeconds } from './values.ts';

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
  /** After SIGINT/SIGTERM: how long in-flight requests may take to finish before they get 503. */
  shutdownGraceMs: 10_000,
});

export interface ServeOptions {
  readonly app: AppSpec;
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
  readonly shutdownGraceMs: number;
}

/** The flags as citty hands them over: strings, absent when not given. */
export interface ServeFlags {
  app?: string;
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
}

function flag<T>(
  flags: ServeFlags,
  name: keyof ServeFlags,
  parse: (subject: string, text: string) => T,
): T | undefined {
  const text = flags[name];
  return text === undefined ? undefined : parse(`--${name} ${text}`, text);
}

const atLeast = (min: number) => (subject: string, text: string) =>
  parseInteger(subject, text, min, Number.MAX_SAFE_INTEGER);

export function resolveServeOptions(flags: ServeFlags, env: NanoEnv, cwd = process.cwd()): ServeOptions {
  const appPath = flags.app ?? env.app;
  if (appPath === undefined || appPath === '') {
    throw new ConfigError('nano serve needs an app: --app <dir|file> or NANO_APP');
  }
  const defaults = SERVE_DEFAULTS;
  return Object.freeze({
    app: Object.freeze(resolveApp(appPath, cwd)),
    port: flag(flags, 'port', parsePort) ?? env.port ?? defaults.port,
    host: flags.host ?? env.host ?? defaults.host,
    threads: flag(flags, 'threads', atLeast(1)) ?? env.threads ?? defaults.threads ?? availableParallelism(),
    maxBodyBytes: flag(flags, 'max-body-size', atLeast(0)) ?? env.maxBodyBytes ?? defaults.maxBodyBytes,
    maxHeaderBytes:
      flag(flags, 'max-header-size', atLeast(1024)) ?? env.maxHeaderBytes ?? defaults.maxHeaderBytes,
    responseTimeoutMs:
      flag(flags, 'response-timeout', parseSeconds) ?? env.responseTimeoutMs ?? defaults.responseTimeoutMs,
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
    shutdownGraceMs: defaults.shutdownGraceMs,
  });
}
