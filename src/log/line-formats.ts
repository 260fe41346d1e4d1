/**
 * Lines NANO formats itself: `text` for people at a terminal, Apache's "combined" access log format
 * (httpd mod_log_config: `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"`) for tools that read
 * web-server logs, and the JSON access line (the hot path, in pino's shape).
 */
import type { AccessRecord } from './logger.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (value: number) => (value < 10 ? `0${value}` : String(value));

/** `%t`: `[25/Nov/2026:06:02:35 +0000]`, in UTC. */
function apacheTime(date: Date): string {
  return `[${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(
    date.getUTCHours(),
  )}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000]`;
}

/** mod_log_config escapes `"` and `\` with a backslash and other non-printable bytes as `\xhh`. */
function apacheQuoted(value: string): string {
  if (value === '') return '"-"';
  return `"${value.replace(/[\\"]|[^\x20-\x7e]/g, (char) => {
    if (char === '\\' || char === '"') return `\\${char}`;
    return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  })}"`;
}

export function apacheCombinedLine(record: AccessRecord, date: Date): string {
  const bytes = record.bytes === 0 ? '-' : String(record.bytes);
  const requestLine = apacheQuoted(`${record.method} ${record.path} HTTP/1.1`);
  return `${record.remoteAddress || '-'} - - ${apacheTime(date)} ${requestLine} ${record.status} ${bytes} ${apacheQuoted(
    record.referer,
  )} ${apacheQuoted(record.userAgent)}\n`;
}

function textValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

/**
 * `2026-11-25T06:02:35.123Z INFO  message key=value …`; an `error` field (a stack, usually) follows on
 * its own indented lines so it stays readable.
 */
export function textLine(
  date: Date,
  level: string,
  message: string,
  fields?: Record<string, unknown>,
): string {
  let line = `${date.toISOString()} ${level.toUpperCase().padEnd(5)} ${message}`;
  let error = '';
  if (fields) {
    for (const key of Object.keys(fields)) {
      const value = fields[key];
      if (value === undefined) continue;
      if (key === 'error' && typeof value === 'string') error = `\n  ${value.replaceAll('\n', '\n  ')}`;
      else line += ` ${key}=${textValue(value)}`;
    }
  }
  return `${line}${error}\n`;
}

/** The JSON access line, in the shape pino gives every other line (level label, ISO time, pid, msg). */
export function jsonAccessLine(record: AccessRecord, date: Date, pid: number): string {
  return `{"level":"info","time":"${date.toISOString()}","pid":${pid},"method":${JSON.stringify(
    record.method,
  )},"path":${JSON.stringify(record.path)},"status":${record.status},"bytes":${record.bytes},"durationMs":${
    Math.round(record.durationMs * 1000) / 1000
  },"app":${JSON.stringify(record.app)},"msg":"request"}\n`;
}

export function textAccessLine(record: AccessRecord, date: Date): string {
  return textLine(
    date,
    'info',
    `${record.method} ${record.path} ${record.status} ${record.bytes}B ${record.durationMs.toFixed(2)}ms`,
    { app: record.app },
  );
}
