/**
 * How long a new isolate with NANO's bootstrap takes: `new Sandbox()` (an isolated-vm Isolate, a
 * context, the bundled isolate halves of every API family run in it, their host ops wired). The first
 * one also builds the bundle and V8's code cache; the rest reuse both, as an app isolate does.
 *
 *   ../shared/tools/debian13 node --no-node-snapshot bench/isolate-create.ts [--count 100] [--warmup 10]
 */
import { parseArgs } from 'node:util';
import { Sandbox } from '../pool/sandbox.ts';

const { values: flags } = parseArgs({
  options: {
    count: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '10' },
  },
});

const silent = { write() {} };

/** Milliseconds to create one sandbox (its disposal is not counted). */
function createOne(): number {
  const start = performance.now();
  const sandbox = new Sandbox({ console: silent, onFailure() {} });
  const elapsed = performance.now() - start;
  sandbox.dispose();
  return elapsed;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

const format = (ms: number) => `${ms.toFixed(2)} ms`;

const cold = createOne();
for (let i = 0; i < Number(flags.warmup); i++) createOne();
const samples = Array.from({ length: Number(flags.count) }, createOne).sort((a, b) => a - b);

console.log(
  `isolate + NANO bootstrap, ${samples.length} runs after ${flags.warmup} warm-up (Node ${process.version})`,
);
console.log(`  first (builds the bundle and the code cache): ${format(cold)}`);
console.log(`  median: ${format(percentile(samples, 0.5))}`);
console.log(`  p95:    ${format(percentile(samples, 0.95))}`);
console.log(`  min:    ${format(samples[0] ?? Number.NaN)}   max: ${format(samples.at(-1) ?? Number.NaN)}`);
