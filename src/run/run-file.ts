/**
 * `nano run`: one sandbox, the file's top level, then the event loop until nothing is pending.
 * Console output goes to the terminal (errors and warnings to stderr); the first uncaught exception or
 * unhandled rejection is printed with the isolate's stack and ends the run with exit 1, as in Node.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConsoleSink } from '../../apis/family.ts';
import { configureOutbound } from '../../apis/fetch/host-settings.ts';
import { Sandbox, type SandboxFailure } from '../../pool/sandbox.ts';
import { ExitCode, UsageError } from '../cli/exit-codes.ts';
import type { OutboundSettings } from '../net/outbound-options.ts';

export interface RunOptions {
  timeoutMs?: number;
  /** fetch()'s allow list and limits; the whole script counts as one request. */
  outbound?: OutboundSettings;
}

export const terminalConsole: ConsoleSink = {
  write(level, text) {
    const stream =
      level === 'error' || level === 'warn' || level === 'trace' ? process.stderr : process.stdout;
    stream.write(`${text}\n`);
  },
};

/** Runs `file` (a path, or `-` for stdin) to completion and returns the exit code. */
export async function runFile(file: string, options: RunOptions = {}): Promise<number> {
  const fromStdin = file === '-';
  const path = fromStdin ? resolve('[stdin].mjs') : resolve(file);
  if (!fromStdin && !existsSync(path)) throw new UsageError(`Cannot find file ${file}`);
  configureOutbound(options.outbound);
  const deadline = options.timeoutMs === undefined ? undefined : performance.now() + options.timeoutMs;
  const { promise: finished, resolve: finish } = Promise.withResolvers<number>();
  const fail = (failure: SandboxFailure) => {
    if (failure.kind === 'timeout' && deadline !== undefined) return finish(timedOut(options.timeoutMs ?? 0));
    process.stderr.write(`${failure.text}\n`);
    finish(ExitCode.failure);
  };
  const sandbox = new Sandbox({
    console: terminalConsole,
    entryBudget: () => (deadline === undefined ? undefined : deadline - performance.now()),
    onFailure: fail,
  });
  const wallClock =
    deadline === undefined
      ? undefined
      : setTimeout(() => finish(timedOut(options.timeoutMs ?? 0)), options.timeoutMs);
  try {
    const loaded = fromStdin
      ? sandbox.runSource(readFileSync(0, 'utf8'), pathToFileURL(path).href, true)
      : sandbox.runFile(path);
    if (loaded) void sandbox.loop.whenIdle().then(() => finish(ExitCode.ok));
    return await finished;
  } finally {
    clearTimeout(wallClock);
    sandbox.dispose();
  }
}

function timedOut(timeoutMs: number): number {
  process.stderr.write(`nano run: timed out after ${timeoutMs} ms (--timeout)\n`);
  return ExitCode.timeout;
}
