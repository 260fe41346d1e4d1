/** `nano serve`: parse the flags, merge them with NANO_* variables, then hand over to src/server/. */
import { defineCommand } from 'citty';
import { APPS_ARGS } from '../apps/apps-options.ts';
import { readEnv } from '../config/env.ts';
import { LIMIT_ARGS } from '../config/limit-options.ts';
import {
  resolveServeOptions,
  SERVE_DEFAULTS,
  type ServeFlags,
  type ServeOptions,
} from '../config/serve-options.ts';
import { ConfigError } from '../config/values.ts';
import { OUTBOUND_ARGS } from '../net/outbound-options.ts';
import { SUPERVISOR_ARGS } from '../supervisor/supervisor-args.ts';
import { UsageError } from './exit-codes.ts';

export const serveCommand = defineCommand({
  meta: {
    name: 'serve',
    description: "Serve an app's fetch handler over HTTP (uWebSockets.js → worker threads → isolates)",
  },
  args: {
    app: {
      type: 'string',
      alias: 'a',
      description: 'App directory or entry file (NANO_APP)',
      valueHint: 'dir|file',
    },
    port: {
      type: 'string',
      alias: 'p',
      description: `Port; 0 picks a free one (NANO_PORT, ${SERVE_DEFAULTS.port})`,
      valueHint: 'port',
    },
    host: {
      type: 'string',
      description: `Address to listen on (NANO_HOST, ${SERVE_DEFAULTS.host})`,
      valueHint: 'address',
    },
    threads: { type: 'string', description: 'Worker threads (NANO_THREADS, the CPU count)', valueHint: 'n' },
    'max-body-size': {
      type: 'string',
      description: `Largest request body, else 413 (NANO_MAX_BODY_SIZE, ${SERVE_DEFAULTS.maxBodyBytes})`,
      valueHint: 'bytes',
    },
    'max-header-size': {
      type: 'string',
      description: `Largest request line + headers, else 431 (NANO_MAX_HEADER_SIZE, ${SERVE_DEFAULTS.maxHeaderBytes})`,
      valueHint: 'bytes',
    },
    'response-timeout': {
      type: 'string',
      description: `Time for the app to respond, else 504 (NANO_RESPONSE_TIMEOUT, ${SERVE_DEFAULTS.responseTimeoutMs / 1000})`,
      valueHint: 'seconds',
    },
    'max-queue': {
      type: 'string',
      description: `Requests waiting for a thread, else 503 (NANO_MAX_QUEUE, ${SERVE_DEFAULTS.maxQueue})`,
      valueHint: 'n',
    },
    'thread-concurrency': {
      type: 'string',
      description: `Requests one thread handles at once (NANO_THREAD_CONCURRENCY, ${SERVE_DEFAULTS.threadConcurrency})`,
      valueHint: 'n',
    },
    'builtins-prefix': {
      type: 'string',
      description: 'Path prefix for /health /healthz /readyz /metrics (NANO_BUILTINS_PREFIX)',
      valueHint: 'path',
    },
    crons: {
      type: 'string',
      description: "Cron triggers for the app's scheduled() handler, separated by ; (NANO_CRONS)",
      valueHint: 'expr;…',
    },
    'log-format': {
      type: 'string',
      description: `json, text or apache (NANO_LOG_FORMAT, ${SERVE_DEFAULTS.logFormat})`,
      valueHint: 'format',
    },
    'log-level': {
      type: 'string',
      description: `trace … fatal, or silent (NANO_LOG_LEVEL, ${SERVE_DEFAULTS.logLevel})`,
      valueHint: 'level',
    },
    ...LIMIT_ARGS,
    ...OUTBOUND_ARGS,
    ...APPS_ARGS,
    ...SUPERVISOR_ARGS,
  },
  async run({ args }) {
    let options: ServeOptions;
    try {
      options = resolveServeOptions(args as ServeFlags, readEnv());
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    // Loaded only now: the supervisor's modules (prom-client, pino) would slow every other command.
    const { supervise } = await import('../supervisor/supervisor.ts');
    process.exit(await supervise(options));
  },
});
