/**
 * TextEncoder/TextDecoder (and atob/btoa, structuredClone, a host-decoded legacy encoding) inside a NANO
 * isolate against the same calls in plain Node. One script runs in both: under `nano run` it uses
 * NANO's isolate implementations, under `node` Node's own. Prints ops/s per case and NANO's ratio.
 *
 *   ../shared/tools/debian13 node bench/encoding.ts [--ms 500]
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

const { values: flags } = parseArgs({ options: { ms: { type: 'string', default: '500' } } });

/** Runs each case for about --ms milliseconds (Date.now: the same clock in both runtimes). */
const BENCHMARK = `
const ms = ${Number(flags.ms)};
const ascii = 'GET /api/items?page=2 HTTP/1.1 '.repeat(40).slice(0, 1024);
const mixed = 'Grüße, 世界! café ✓ '.repeat(60).slice(0, 1024);
const asciiBytes = new TextEncoder().encode(ascii);
const mixedBytes = new TextEncoder().encode(mixed);
const asciiLarge = ascii.repeat(64);
const asciiLargeBytes = new TextEncoder().encode(asciiLarge);
const base64 = btoa(ascii);
const shiftJis = new Uint8Array(1024).map((_, i) => (i % 2 === 0 ? 0x82 : 0xa0));
const record = { id: 42, name: 'item', tags: ['a', 'b'], created: new Date(0), nested: { list: [1, 2, 3] } };
const cases = {
  'TextEncoder.encode 1 KB ASCII': () => new TextEncoder().encode(ascii),
  'TextEncoder.encode 1 KB mixed': () => new TextEncoder().encode(mixed),
  'TextDecoder.decode 1 KB ASCII': () => new TextDecoder().decode(asciiBytes),
  'TextDecoder.decode 1 KB mixed': () => new TextDecoder().decode(mixedBytes),
  'TextEncoder.encode 64 KB ASCII': () => new TextEncoder().encode(asciiLarge),
  'TextDecoder.decode 64 KB ASCII': () => new TextDecoder().decode(asciiLargeBytes),
  'TextDecoder(shift_jis).decode 1 KB': () => new TextDecoder('shift_jis').decode(shiftJis),
  'TextDecoder(windows-1252).decode 1 KB': () => new TextDecoder('windows-1252').decode(mixedBytes),
  'btoa 1 KB': () => btoa(ascii),
  'atob 1.3 KB': () => atob(base64),
  'structuredClone small record': () => structuredClone(record),
};
const results = {};
let sink = 0;
for (const [name, fn] of Object.entries(cases)) {
  for (let i = 0; i < 2000; i++) sink += fn().length ?? 1;
  let operations = 0;
  const start = Date.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 500; i++) sink += fn().length ?? 1;
    operations += 500;
    elapsed = Date.now() - start;
  }
  results[name] = Math.round((operations * 1000) / elapsed);
}
console.log(JSON.stringify(results), sink > 0 ? '' : ' ');
`;

async function measure(command: string[]): Promise<Record<string, number>> {
  const { stdout } = await run(process.execPath, command, { cwd: root, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim()) as Record<string, number>;
}

const dir = mkdtempSync(join(tmpdir(), 'nano-bench-encoding-'));
try {
  const script = join(dir, 'encoding.js');
  writeFileSync(script, BENCHMARK);
  const node = await measure([...NODE_FLAGS, script]);
  const isolate = await measure([...NODE_FLAGS, 'bin/nano.ts', 'run', script]);
  const format = (value: number) => value.toLocaleString('en-US').padStart(12);
  console.log(`${'case'.padEnd(38)}${'NANO ops/s'.padStart(12)}${'Node ops/s'.padStart(12)}   NANO/Node`);
  for (const [name, nodeOps] of Object.entries(node)) {
    const nanoOps = isolate[name] ?? 0;
    console.log(`${name.padEnd(38)}${format(nanoOps)}${format(nodeOps)}   ${(nanoOps / nodeOps).toFixed(2)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
