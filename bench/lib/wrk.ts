/**
 * The load generator: wrk (`-t1`, so it takes one core at most of the two the servers share), with a
 * Lua script for scenarios that need a method, a body or changing paths. Latency percentiles come from
 * `--latency`. (autocannon is the fallback the issue names; wrk is in the Debian 13 root, so the
 * harness requires it and says so when it is missing.)
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Load {
  url: string;
  connections: number;
  seconds: number;
  /** Lua for wrk's `-s` (request shaping). */
  script?: string;
}

export interface Measurement {
  requestsPerSecond: number;
  /** Milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  /** Non-2xx/3xx responses plus socket errors. */
  errors: number;
  /** Transfer rate, MiB/s. */
  mibPerSecond: number;
  requests: number;
}

export function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version.
    return (error as { status?: number }).status === 1;
  }
}

const scriptDir = mkdtempSync(join(tmpdir(), 'nano-bench-wrk-'));
let scripts = 0;

function scriptFile(source: string): string {
  const file = join(scriptDir, `script-${++scripts}.lua`);
  writeFileSync(file, source);
  return file;
}

function milliseconds(value: string, unit: string): number {
  const factor = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? Number.NaN;
  return Number(value) * factor;
}

function mib(value: string, unit: string): number {
  const factor = { B: 1 / 1024 / 1024, KB: 1 / 1024, MB: 1, GB: 1024 }[unit] ?? Number.NaN;
  return Number(value) * factor;
}

export async function wrk(load: Load): Promise<Measurement> {
  const args = ['-t1', `-c${load.connections}`, `-d${load.seconds}s`, '--latency'];
  if (load.script) args.push('-s', scriptFile(load.script));
  const { stdout } = await run('wrk', [...args, load.url], { maxBuffer: 1 << 20 });
  const percentile = (p: number) => {
    const match = new RegExp(`^\\s+${p}(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s|m)$`, 'm').exec(stdout);
    return match ? milliseconds(match[1] as string, match[2] as string) : Number.NaN;
  };
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const socketErrors = socket ? socket.slice(1).reduce((sum, value) => sum + Number(value), 0) : 0;
  const transfer = /Transfer\/sec:\s+([\d.]+)(B|KB|MB|GB)/.exec(stdout);
  return {
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]),
    p50: percentile(50),
    p90: percentile(90),
    p99: percentile(99),
    errors: non2xx + socketErrors,
    mibPerSecond: transfer ? mib(transfer[1] as string, transfer[2] as string) : Number.NaN,
    requests: Number(/(\d+) requests in/.exec(stdout)?.[1]),
  };
}
