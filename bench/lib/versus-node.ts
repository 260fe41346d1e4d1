/**
 * The loop every "NANO isolate against plain Node" micro-benchmark shares: one script runs under `node`
 * (Node's own Web APIs) and under `nano run` (NANO's isolate implementations), prints a JSON object of
 * `case → rate` as its last line, and the two are printed side by side with NANO's ratio.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const NODE_FLAGS = ['--no-node-snapshot', '--disable-warning=ExperimentalWarning'];

export type Rates = Record<string, number>;

/**
 * JavaScript source of `timeCases(cases, ms)`: runs each case for about `ms` milliseconds (timed with
 * Date.now, the same clock in both runtimes) after a short warm-up, and returns operations per second.
 */
export const TIME_CASES_SOURCE = `
function timeCases(cases, ms) {
  const results = {};
  let sink = 0;
  for (const [name, fn] of Object.entries(cases)) {
    for (let i = 0; i < 200; i++) sink += fn() ? 1 : 0;
    let operations = 0;
    const start = Date.now();
    let elapsed = 0;
    while (elapsed < ms) {
      for (let i = 0; i < 100; i++) sink += fn() ? 1 : 0;
      operations += 100;
      elapsed = Date.now() - start;
    }
    results[name] = Math.round((operations * 1000) / elapsed);
  }
  // Kept observable, so the optimiser cannot drop the calls.
  timeCases.sink = sink;
  return results;
}
`;

async function lastJsonLine(command: string[]): Promise<Rates> {
  const { stdout } = await run(process.execPath, command, { cwd: projectRoot, maxBuffer: 1 << 20 });
  const last = stdout.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(last) as Rates;
}

/** Runs `script` under plain Node and under `nano run`; returns both rate tables. */
export async function runInNodeAndNano(script: string): Promise<{ node: Rates; nano: Rates }> {
  const dir = mkdtempSync(join(tmpdir(), 'nano-bench-'));
  try {
    const file = join(dir, 'benchmark.js');
    writeFileSync(file, script);
    const node = await lastJsonLine([...NODE_FLAGS, file]);
    const nano = await lastJsonLine([...NODE_FLAGS, 'bin/nano.ts', 'run', file]);
    return { node, nano };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints `case | NANO | Node | NANO/Node`, rates in `unit`. */
export function printComparison(node: Rates, nano: Rates, unit = 'ops/s'): void {
  const width = Math.max(20, ...Object.keys(node).map((name) => name.length + 2));
  const column = (value: number) => Math.round(value).toLocaleString('en-US').padStart(14);
  console.log(
    `${'case'.padEnd(width)}${`NANO ${unit}`.padStart(14)}${`Node ${unit}`.padStart(14)}   NANO/Node`,
  );
  for (const [name, nodeRate] of Object.entries(node)) {
    const nanoRate = nano[name] ?? 0;
    console.log(
      `${name.padEnd(width)}${column(nanoRate)}${column(nodeRate)}   ${(nanoRate / nodeRate).toFixed(2)}`,
    );
  }
}
