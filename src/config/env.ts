/**
 * Every NANO_* environment variable is read here and nowhere else, so the README's table can be
 * checked against one file. Values are validated when read: a bad value is an error naming the variable.
 * Variables that are not set are `undefined` here; src/config/serve-options.ts applies the defaults.
 */
import { ConfigError, parseInteger, parseOneOf, parsePathPrefix, parsePort, parseSeconds } from './values.ts';

export { ConfigError };

export type LogFormat = 'json' | 'text' | 'apache';
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export const LOG_FORMATS: readonly LogFormat[] = ['json', 'text', 'apache'];
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export interface NanoEnv {
  port?: number;
  host?: string;
  app?: string;
  threads?: number;
  logFormat?: LogFormat;
  logLevel?: LogLevel;
  maxBodyBytes?: number;
  maxHeaderBytes?: number;
  responseTimeoutMs?: number;
  maxQueue?: number;
  threadConcurrency?: number;
  builtinsPrefix?: string;
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
    threads: read(env, 'NANO_THREADS', count(1)),
    logFormat: read(env, 'NANO_LOG_FORMAT', (subject, text) => parseOneOf(subject, text, LOG_FORMATS)),
    logLevel: read(env, 'NANO_LOG_LEVEL', (subject, text) => parseOneOf(subject, text, LOG_LEVELS)),
    maxBodyBytes: read(env, 'NANO_MAX_BODY_SIZE', count(0)),
    maxHeaderBytes: read(env, 'NANO_MAX_HEADER_SIZE', count(1024)),
    responseTimeoutMs: read(env, 'NANO_RESPONSE_TIMEOUT', parseSeconds),
    maxQueue: read(env, 'NANO_MAX_QUEUE', count(0)),
    threadConcurrency: read(env, 'NANO_THREAD_CONCURRENCY', count(1)),
    builtinsPrefix: read(env, 'NANO_BUILTINS_PREFIX', parsePathPrefix),
  };
}
