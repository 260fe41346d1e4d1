/**
 * Run as a child (`node --no-node-snapshot bench/lib/isolate-costs.ts <apps>`): what one app isolate
 * costs in a pool thread, measured in-process on the classes the threads use (pool/app-isolate.ts):
 * the first request to a never-seen app (create the isolate, load the app, answer) against a request
 * to a warm one, and the resident memory of `apps` idle app isolates. Prints one JSON line.
 */
import { fileURLToPath } from 'node:url';
import { AppIsolate } from '../../pool/app-isolate.ts';
import type { RequestTask } from '../../pool/task.ts';
import { median } from './stats.ts';

const apps = Number(process.argv[2] ?? 200);
const entry = fileURLToPath(new URL('../apps/scenarios.js', import.meta.url));
const silent = { console() {}, error() {}, warn() {} };
const hello: RequestTask = {
  app: 'bench',
  method: 'GET',
  url: 'http://localhost/hello',
  headers: [],
  body: null,
};

async function firstRequest(name: string): Promise<{ isolate: AppIsolate; ms: number }> {
  const start = performance.now();
  const isolate = new AppIsolate({ name, entry }, silent, 10_000);
  const outcome = await isolate.loaded;
  if (!outcome.ok) throw new Error(outcome.error);
  const response = await isolate.dispatch(hello);
  if (response.status !== 200)
    throw new Error(`${name}: the app answered ${response.status} ${JSON.stringify(response.headers)}`);
  return { isolate, ms: performance.now() - start };
}

async function warmRequest(isolate: AppIsolate): Promise<number> {
  const start = performance.now();
  await isolate.dispatch(hello);
  return performance.now() - start;
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();

// The first isolate of the process also compiles NANO's bundle: not what a new tenant costs later.
const first = await firstRequest('bench-0');
for (let i = 0; i < 50; i++) await warmRequest(first.isolate);
const cold: number[] = [];
const warm: number[] = [];
for (let i = 1; i <= 20; i++) {
  const { isolate, ms } = await firstRequest(`bench-cold-${i}`);
  cold.push(ms);
  warm.push(await warmRequest(first.isolate));
  isolate.dispose();
}
gc();
await new Promise((resolve) => setTimeout(resolve, 200));
const before = process.memoryUsage().rss;
const idle: AppIsolate[] = [];
for (let i = 0; i < apps; i++) idle.push((await firstRequest(`bench-idle-${i}`)).isolate);
gc();
await new Promise((resolve) => setTimeout(resolve, 500));
const after = process.memoryUsage().rss;
console.log(
  JSON.stringify({
    coldFirstRequestMs: median(cold),
    warmRequestMs: median(warm),
    rssPerIdleIsolateMiB: (after - before) / apps / 1024 / 1024,
    idleIsolates: apps,
  }),
);
for (const isolate of idle) isolate.dispose();
first.isolate.dispose();
