/**
 * The limits as a client and an operator see them through `nano serve`: 503 with `x-nano-limit`, the
 * log line, the metric, a fresh isolate after the memory limit, 504 for a handler that never settles,
 * 414 for a long URL, and the other requests answered throughout. One server for all of it.
 */
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { startServer } from '../server/serve-helpers.ts';

const app = fileURLToPath(new URL('./apps/limits.js', import.meta.url));
const CPU_LIMIT_MS = 200;

t.test('limits through nano serve', async (t) => {
  const server = await startServer([
    '--app',
    app,
    '--threads',
    '2',
    '--cpu-limit',
    String(CPU_LIMIT_MS),
    '--memory-limit',
    '24',
    // Requests queued behind the spinning one on its thread wait up to the CPU limit (wall time on a
    // loaded machine can be several times that).
    '--response-timeout',
    '3',
    '--max-url-length',
    '1024',
  ]);
  t.teardown(() => server.stop());

  // A spinning request and ordinary ones at the same time: only the spinner is stopped.
  const spinning = server.fetch('/spin');
  const ordinary = await Promise.all(Array.from({ length: 8 }, () => server.text('/count')));
  t.same(
    ordinary.map((response) => response.status),
    Array(8).fill(200),
    'requests made while another spins are answered',
  );
  const stopped = await spinning;
  t.equal(stopped.status, 503);
  t.equal(stopped.headers.get('x-nano-limit'), 'cpu', 'the header names the limit');
  t.match(await stopped.text(), /CPU time limit/);
  t.equal((await server.text('/count')).status, 200, 'the isolate serves the next request');

  const line = server.jsonLines().find((entry) => entry.msg === 'request exceeded its CPU time limit');
  t.match(line, { app: 'limits', url: /\/spin$/, requestId: Number, limitMs: CPU_LIMIT_MS });
  t.ok(
    (line?.cpuMs as number) <= CPU_LIMIT_MS + 20,
    `stopped after ${line?.cpuMs} ms of CPU: within the limit + 20 ms`,
  );

  const bomb = await server.fetch('/allocate');
  t.equal(bomb.status, 503, 'an allocation bomb that V8 can stop: 503');
  t.equal(bomb.headers.get('x-nano-limit'), 'memory');
  await bomb.text();
  let fresh = false;
  for (let attempt = 0; attempt < 8 && !fresh; attempt++) {
    // Two threads: the request after the bomb may land on either; the bombed one starts from 1 again.
    fresh = (await server.text('/count')).body === '1';
  }
  t.ok(fresh, 'the next request on that thread gets a fresh isolate');

  const hung = await server.fetch('/hang');
  t.equal(hung.status, 504, 'a handler that never settles: 504 at the response deadline');
  await hung.text();

  const long = await server.fetch(`/count?${'q'.repeat(2000)}`);
  t.equal(long.status, 414, 'a request target over --max-url-length: 414');
  await long.text();

  const metrics = (await server.text('/metrics')).body;
  t.match(metrics, /nano_limit_terminations_total\{reason="cpu"\} 1\b/, 'metric: cpu');
  t.match(metrics, /nano_limit_terminations_total\{reason="memory"\} 1\b/, 'metric: memory');
});
