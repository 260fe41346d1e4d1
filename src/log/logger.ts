/**
 * NANO's log: one line per event on stdout, in the format the operator chose (NANO_LOG_FORMAT):
 * `json` — pino's JSON lines; `text` — readable lines; `apache` — access lines in Apache's combined
 * format on stdout and everything else as text on stderr, so access-log tools read stdout unmixed.
 *
 * Every thread has its own logger on the same file descriptors. The main thread gathers the lines of one
 * event-loop turn into one asynchronous write (line-buffer.ts) and flushes on exit; pool threads write
 * synchronously, since piscina may terminate them without warning and app output is rarer.
 */
import pino from 'pino';
import type { ConsoleLevel } from '../../apis/console/bridge.ts';
import type { LogFormat, LogLevel } from '../config/env.ts';
import { LineBuffer, type LineSink } from './line-buffer.ts';
import { apacheCombinedLine, jsonAccessLine, textAccessLine, textLine } from './line-formats.ts';

export interface LogSettings {
  format: LogFormat;
  level: LogLevel;
}

export interface AccessRecord {
  method: string;
  /** The request target: path and query. */
  path: string;
  status: number;
  /** Response body bytes sent. */
  bytes: number;
  durationMs: number;
  app: string;
  /** Only filled in when `needsClientDetails` (the apache format). */
  remoteAddress: string;
  referer: string;
  userAgent: string;
}

type Fields = Record<string, unknown>;
type EventLevel = Exclude<LogLevel, 'silent'>;

export interface Logger {
  /** False when access lines would be filtered out (level above info): callers skip building them. */
  readonly accessEnabled: boolean;
  /** True when access lines show the client address, Referer and User-Agent. */
  readonly needsClientDetails: boolean;
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  fatal(message: string, fields?: Fields): void;
  access(record: AccessRecord): void;
  /** An app's `console.*` output. */
  app(app: string, level: ConsoleLevel, text: string): void;
  /** Writes out what is buffered (before exit). */
  flush(): void;
}

const SEVERITY: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

const CONSOLE_LEVEL: Record<ConsoleLevel, EventLevel> = {
  log: 'info',
  info: 'info',
  warn: 'warn',
  error: 'error',
  debug: 'debug',
  trace: 'trace',
};

export interface LoggerOptions {
  /** Synchronous writes (pool threads); asynchronous, batched writes otherwise. */
  sync: boolean;
}

export function createLogger(settings: LogSettings, options: LoggerOptions): Logger {
  return settings.format === 'json' ? jsonLogger(settings, options) : lineLogger(settings, options);
}

type Destination = ReturnType<typeof pino.destination>;

interface Output {
  sink: LineSink;
  flush(): void;
}

function flushQuietly(destination: Destination): void {
  try {
    destination.flushSync();
  } catch {
    // Nothing buffered, or the descriptor is gone (stdout closed by the reader): nothing to save.
  }
}

/** File descriptor `fd` as pino's destination, behind a LineBuffer unless writes are synchronous. */
function output(fd: number, options: LoggerOptions): Output {
  const destination = pino.destination({ dest: fd, sync: options.sync });
  // A write error (EPIPE: the reader of stdout went away) must not end the server; nothing can be logged.
  destination.on('error', () => {});
  if (options.sync) return { sink: destination, flush: () => flushQuietly(destination) };
  const buffer = new LineBuffer(destination);
  return {
    sink: buffer,
    flush() {
      buffer.flush();
      flushQuietly(destination);
    },
  };
}

function jsonLogger(settings: LogSettings, options: LoggerOptions): Logger {
  const out = output(1, options);
  const log = pino(
    {
      level: settings.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    out.sink,
  );
  const accessEnabled = SEVERITY[settings.level] <= SEVERITY.info;
  return {
    accessEnabled,
    needsClientDetails: false,
    debug: (message, fields) => log.debug(fields ?? {}, message),
    info: (message, fields) => log.info(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    error: (message, fields) => log.error(fields ?? {}, message),
    fatal: (message, fields) => log.fatal(fields ?? {}, message),
    access(record) {
      // The one line per request: formatted directly, in pino's shape (pino's generic path costs
      // about 3 µs more per line).
      if (accessEnabled) out.sink.write(jsonAccessLine(record, new Date(), process.pid));
    },
    app(app, level, text) {
      log[CONSOLE_LEVEL[level]]({ app, source: 'console' }, text);
    },
    flush: out.flush,
  };
}

function lineLogger(settings: LogSettings, options: LoggerOptions): Logger {
  const apache = settings.format === 'apache';
  const stdout = output(1, options);
  const events = apache ? output(2, options) : stdout;
  const threshold = SEVERITY[settings.level];
  const accessEnabled = threshold <= SEVERITY.info;
  const emit = (level: EventLevel, message: string, fields?: Fields) => {
    if (SEVERITY[level] >= threshold) events.sink.write(textLine(new Date(), level, message, fields));
  };
  return {
    accessEnabled,
    needsClientDetails: apache,
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    fatal: (message, fields) => emit('fatal', message, fields),
    access(record) {
      if (!accessEnabled) return;
      stdout.sink.write(apache ? apacheCombinedLine(record, new Date()) : textAccessLine(record, new Date()));
    },
    app(app, level, text) {
      emit(CONSOLE_LEVEL[level], `[${app}] ${text}`);
    },
    flush() {
      stdout.flush();
      if (events !== stdout) events.flush();
    },
  };
}
