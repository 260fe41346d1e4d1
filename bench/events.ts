/**
 * Events, abort signals, DOMException and performance.now() inside a NANO isolate against the same
 * calls in plain Node. `performance.now()` is one crossing to the host's monotonic clock; the rest runs
 * inside the isolate. Prints ops/s per case and NANO's ratio.
 *
 *   ../shared/tools/debian13 node bench/events.ts [--ms 1000]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const NODE_FLAGS = ['--no-node-snapshot', '--disable-warning=ExperimentalWarning'];
const { values: flags } = parseArgs({ options: { ms: { type: 'string', default: '1000' } } });

/** Each case runs for about --ms milliseconds, timed with Date.now (the same clock in both runtimes). */
const BENCHMARK = `
const target = new EventTarget();
target.addEventListener('x', () => {});
const longLived = new AbortController().signal;
const cases = {
  'performance.now()': () => performance.now(),
  'dispatchEvent(new Event(type)), one listener': () => target.dispatchEvent(new Event('x')),
  'new AbortController().abort()': () => new AbortController().abort(),
  'AbortSignal.any([longLived, new signal])': () => AbortSignal.any([longLived, new AbortController().signal]),
  "new DOMException('m', 'AbortError')": () => new DOMException('m', 'AbortError'),
};
const results = {};
let sink = 0;
for (const [name, fn] of Object.entries(cases)) {
  let operations = 0;
  const start = Date.now();
  while (Date.now() - start < ${Number(flags.ms)}) {
    for (let i = 0; i < 100; i++) sink += fn() ? 1 : 0;
    operations += 100;
  }
  results[name] = Math.round((operations * 1000) / (Date.now() - start));
}
console.log(JSON.stringify(results), sink > 0 ? '' : ' ');
`;

async function opsPerSecond(command: string[]): Promise<Record<string, number>> {
  const { stdout } = await run(process.execPath, command, { cwd: root, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim()) as Record<string, number>;
}

const dir = mkdtempSync(join(tmpdir(), 'nano-bench-events-'));
try {
  const script = join(dir, 'events.js');
  writeFileSync(script, BENCHMARK);
  const node = await opsPerSecond([...NODE_FLAGS, script]);
  const nano = await opsPerSecond([...NODE_FLAGS, 'bin/nano.ts', 'run', script]);
  const column = (value: number) => value.toLocaleString('en-US').padStart(13);
  console.log(`${'case'.padEnd(46)}${'NANO ops/s'.padStart(13)}${'Node ops/s'.padStart(13)}   NANO/Node`);
  for (const [name, nodeOps] of Object.entries(node)) {
    const nanoOps = nano[name] ?? 0;
    console.log(`${name.padEnd(46)}${column(nanoOps)}${column(nodeOps)}   ${(nanoOps / nodeOps).toFixed(2)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
