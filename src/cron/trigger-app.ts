/**
 * `nano trigger`: loads the app in an isolate on this thread, fires one scheduled event at it, waits for
 * the handler and its `waitUntil` work, and reports the outcome — the same isolate code a server runs,
 * without a server (like `wrangler dev --test-scheduled`, minus the HTTP round trip). The app's console
 * output goes to the terminal; the outcome line (and the error, if any) to stderr.
 */
import { AppIsolate } from '../../pool/app-isolate.ts';
import type { AppSpec, ScheduledResult } from '../../pool/task.ts';
import { ExitCode } from '../cli/exit-codes.ts';
import { terminalConsole } from '../run/run-file.ts';
import { SCHEDULED_LIMIT_MS } from './limits.ts';

export interface TriggerOptions {
  app: AppSpec;
  cron: string;
  scheduledTime: number;
  startupTimeoutMs: number;
}

function logLine(message: string, fields: Record<string, unknown>): void {
  const details = Object.entries(fields).map(([key, value]) => `${key}: ${String(value)}`);
  process.stderr.write(`${[message, ...details].join('\n')}\n`);
}

/** Fires the event and returns the exit code: 0 when the handler succeeded. */
export async function triggerScheduled(options: TriggerOptions): Promise<number> {
  const { app, cron, scheduledTime } = options;
  const isolate = new AppIsolate(
    app,
    { console: (level, text) => terminalConsole.write(level, text), error: logLine, warn: logLine },
    options.startupTimeoutMs,
  );
  try {
    const loaded = await isolate.loaded;
    if (!loaded.ok) {
      process.stderr.write(`nano trigger: the app cannot be loaded\n${loaded.error}\n`);
      return ExitCode.failure;
    }
    const started = performance.now();
    const result = await isolate.scheduled({
      kind: 'scheduled',
      app: app.name,
      cron,
      scheduledTime,
      limitMs: SCHEDULED_LIMIT_MS,
    });
    report(app.name, cron, result, performance.now() - started);
    return result.outcome === 'ok' ? ExitCode.ok : ExitCode.failure;
  } finally {
    isolate.dispose();
  }
}

function report(app: string, cron: string, result: ScheduledResult, durationMs: number): void {
  const summary = `nano trigger: ${app} scheduled event (cron "${cron}"): ${result.outcome}${
    result.noRetry ? ', noRetry() called' : ''
  } in ${Math.round(durationMs)} ms\n`;
  process.stderr.write(`${summary}${result.detail ? `${result.detail}\n` : ''}`);
}
