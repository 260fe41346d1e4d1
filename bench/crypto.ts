/**
 * Cost of the crypto family's bridge: ops/s of `crypto.subtle.digest('SHA-256', 1 KB)` awaited one
 * after another, and of `crypto.getRandomValues` (16 bytes come from the isolate's pool, 1 KB is one
 * crossing to the host each) and `crypto.randomUUID()`, inside an isolate (a real Sandbox, as
 * `nano run` uses) against the same loops in plain Node.
 * Run: node bench/crypto.ts [seconds per case, default 1]
 */
import { Sandbox } from '../pool/sandbox.ts';

const seconds = Number(process.argv[2] ?? 1);

/** Each case counts how many operations fit in `ms` milliseconds and returns ops/s. */
const CASES = `
async function digestLoop(ms) {
  const data = new Uint8Array(1024).fill(7);
  let count = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await crypto.subtle.digest('SHA-256', data);
    count++;
  }
  return (count * 1000) / ms;
}
function syncLoop(ms, operation) {
  let count = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (let i = 0; i < 100; i++) operation();
    count += 100;
  }
  return (count * 1000) / ms;
}
async function runCases(ms) {
  const bytes = new Uint8Array(16);
  const large = new Uint8Array(1024);
  return {
    'digest SHA-256 1 KB': await digestLoop(ms),
    'getRandomValues 16 B': syncLoop(ms, () => crypto.getRandomValues(bytes)),
    'getRandomValues 1 KB': syncLoop(ms, () => crypto.getRandomValues(large)),
    randomUUID: syncLoop(ms, () => crypto.randomUUID()),
  };
}
`;

type Results = Record<string, number>;

async function inIsolate(ms: number): Promise<Results> {
  const output: string[] = [];
  const failures: string[] = [];
  const sandbox = new Sandbox({
    console: { write: (_level, text) => output.push(text) },
    onFailure: (failure) => failures.push(failure.text),
  });
  try {
    sandbox.runSource(
      `${CASES}\nconsole.log(JSON.stringify(await runCases(${ms})));`,
      'file:///bench-crypto.mjs',
      true,
    );
    await sandbox.loop.whenIdle();
  } finally {
    sandbox.dispose();
  }
  if (failures.length > 0) throw new Error(`the isolate failed: ${failures.join('\n')}`);
  return JSON.parse(output.at(-1) ?? '{}') as Results;
}

async function inNode(ms: number): Promise<Results> {
  const runCases = new Function(`${CASES}\nreturn runCases;`)() as (ms: number) => Promise<Results>;
  return runCases(ms);
}

const ms = seconds * 1000;
// A short warm-up of each side, so both are measured with optimised code.
await inIsolate(100);
await inNode(100);
const isolate = await inIsolate(ms);
const node = await inNode(ms);
console.log(`node ${process.version}, ${seconds} s per case`);
console.log('| Operation | NANO isolate (ops/s) | plain Node (ops/s) | ratio |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, nodeRate] of Object.entries(node)) {
  const isolateRate = isolate[name] ?? 0;
  const format = (rate: number) => Math.round(rate).toLocaleString('en-US');
  console.log(
    `| ${name} | ${format(isolateRate)} | ${format(nodeRate)} | ${(isolateRate / nodeRate).toFixed(2)} |`,
  );
}
