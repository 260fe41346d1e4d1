/**
 * `nano serve` with an ES-module app (test/server/apps/kitchen): requests and bodies, errors, concurrency,
 * metrics, JSON logs and SIGTERM — all against one real server with 2 threads.
 */
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { appPath, startServer } from './serve-helpers.ts';

const server = await startServer(['--app', appPath('kitchen'), '--threads', '2']);
t.teardown(() => server.stop('SIGKILL'));

function metric(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : Number.NaN;
}

t.test('the start-up line names the URL, the app and the thread count', async (t) => {
  const listening = server.jsonLines().find((line) => line.msg === 'listening');
  t.match(listening, { url: server.origin, app: 'kitchen', threads: 2 });
});

t.test('a sync handler, an async one awaiting a timer, and an unknown route', async (t) => {
  t.same(await server.text('/hello').then((r) => [r.status, r.body]), [200, 'hello']);
  t.same(await server.text('/async-timer').then((r) => [r.status, r.body]), [200, 'waited']);
  const unknown = await server.text('/no/such/route?x=1');
  t.same([unknown.status, unknown.body], [404, 'not found in the app']);
});

t.test('the request reaches the app with an absolute URL, its method, headers and body', async (t) => {
  const response = await server.fetch('/request-info?q=1', {
    method: 'PUT',
    headers: { 'x-custom': 'value' },
    body: 'payload',
  });
  t.same(await response.json(), {
    method: 'PUT',
    url: `${server.origin}/request-info?q=1`,
    host: `127.0.0.1:${server.port}`,
    custom: 'value',
    body: 'payload',
  });
});

t.test('env is an empty object; ctx has waitUntil and passThroughOnException', async (t) => {
  t.same(await (await server.fetch('/env')).json(), { env: {}, waitUntil: 'function', pass: 'function' });
});

t.test('module state persists across requests in one isolate', async (t) => {
  const counts = [];
  for (let i = 0; i < 6; i++) counts.push(Number((await server.text('/count')).body));
  // Two threads, one isolate each: every isolate counts its own requests upwards.
  t.ok(
    counts.some((count) => count > 1),
    `counts ${counts}`,
  );
});

t.test('a 5 MB binary body is echoed byte for byte', async (t) => {
  const body = randomBytes(5 * 1024 * 1024);
  const response = await server.fetch('/echo', { method: 'POST', body });
  t.equal(response.status, 200);
  t.ok(Buffer.from(await response.arrayBuffer()).equals(body), 'echoed bytes are identical');
});

t.test('100 parallel requests are all answered correctly', async (t) => {
  const results = await Promise.all(
    Array.from({ length: 100 }, (_, index) =>
      server.fetch('/request-info', { method: 'POST', body: `request ${index}` }).then((r) => r.json()),
    ),
  );
  t.same(
    results.map((result) => (result as { body: string }).body),
    Array.from({ length: 100 }, (_, index) => `request ${index}`),
  );
});

t.test(
  'a throwing handler gets a generic 500, the log gets the stack, the next request is fine',
  async (t) => {
    const thrown = await server.text('/throw');
    t.equal(thrown.status, 500);
    t.equal(thrown.body, 'Internal Server Error\n');
    t.notMatch(thrown.body, /boom|at /);
    const rejected = await server.text('/reject');
    t.equal(rejected.status, 500);
    t.same(await server.text('/hello').then((r) => [r.status, r.body]), [200, 'hello']);
    await server.waitFor(/async boom/);
    const failures = server.jsonLines().filter((line) => line.msg === 'fetch handler threw an exception');
    t.match(failures[0], {
      level: 'error',
      app: 'kitchen',
      method: 'GET',
      url: `${server.origin}/throw`,
      error: /Error: boom from the handler\n\s+at .*kitchen\/index\.js:\d+:\d+/,
    });
    t.match(failures[1], { url: `${server.origin}/reject`, error: /TypeError: async boom/ });
  },
);

t.test(
  'a handler returning something other than a Response: 500, and the log says what it was',
  async (t) => {
    const response = await server.text('/not-response');
    t.equal(response.status, 500);
    await server.waitFor(/did not produce a Response/);
    const line = server.jsonLines().find((entry) => entry.msg === 'fetch handler did not produce a Response');
    t.match(line, { app: 'kitchen', error: 'Handler returned a plain object instead of a Response' });
  },
);

t.test('a handler sleeping 2 s delays no other request, on either thread', async (t) => {
  const started = performance.now();
  const sleeping = server.text('/sleep?ms=2000');
  const others = await Promise.all(
    Array.from({ length: 10 }, async () => {
      const response = await server.text('/hello');
      return { status: response.status, ms: performance.now() - started };
    }),
  );
  t.ok(
    others.every((other) => other.status === 200 && other.ms < 1000),
    `others answered at ${others.map((o) => Math.round(o.ms)).join(', ')} ms`,
  );
  t.equal((await sleeping).body, 'slept');
});

t.test('waitUntil work runs after the response; its rejection is logged', async (t) => {
  t.equal((await server.text('/wait-until')).body, 'sent before waitUntil settled');
  await server.waitFor(/late failure in waitUntil/);
  t.pass('the rejection reached the log');
});

t.test('server-owned response headers are dropped, the rest kept', async (t) => {
  const response = await server.text('/server-owned-headers');
  t.equal(response.body, 'abc');
  t.equal(response.headers.get('content-length'), '3');
  t.equal(response.headers.get('x-kept'), 'yes');
  t.equal(response.headers.get('keep-alive'), null);
});

t.test('HEAD gets the headers and length without a body; 204 has neither', async (t) => {
  const head = await server.fetch('/hello', { method: 'HEAD' });
  t.equal(head.status, 200);
  t.equal(head.headers.get('content-length'), '5');
  t.equal(await head.text(), '');
  const noContent = await server.fetch('/no-content');
  t.equal(noContent.status, 204);
  t.equal(noContent.headers.get('content-length'), null);
});

t.test("the app's console output is logged with its name and level", async (t) => {
  await server.text('/console');
  await server.waitFor(/error line from the app/);
  const lines = server.jsonLines().filter((line) => line.source === 'console');
  t.match(lines, [
    { level: 'info', app: 'kitchen', msg: 'log line from the app { n: 1 }' },
    { level: 'error', app: 'kitchen', msg: 'error line from the app' },
  ]);
});

t.test('/metrics counters rise by exactly the number of requests sent', async (t) => {
  const before = await server.text('/metrics');
  t.equal(before.status, 200);
  t.match(before.headers.get('content-type'), /^text\/plain/);
  for (let i = 0; i < 7; i++) await server.text('/hello');
  await server.text('/throw');
  const after = (await server.text('/metrics')).body;
  t.equal(metric(after, 'nano_requests_total') - metric(before.body, 'nano_requests_total'), 8);
  t.equal(metric(after, 'nano_errors_total') - metric(before.body, 'nano_errors_total'), 1);
  t.equal(
    metric(after, 'nano_request_duration_seconds_count') -
      metric(before.body, 'nano_request_duration_seconds_count'),
    8,
  );
  t.ok(metric(after, 'nano_latency_seconds_avg') > 0);
  t.ok(metric(after, 'nano_uptime_seconds') > 0);
  t.match(after, /^process_cpu_user_seconds_total /m);
});

t.test('/health, /healthz and /readyz answer on the main thread', async (t) => {
  for (const path of ['/health', '/healthz']) {
    const response = await server.text(path);
    t.same([response.status, response.body], [200, '{"status":"ok"}'], path);
  }
  const ready = await server.text('/readyz');
  t.same([ready.status, ready.body], [200, '{"status":"ready"}']);
});

t.test('one JSON access line per request: method, path, status, bytes, duration, app', async (t) => {
  await server.text('/hello?from=access-test');
  await server.waitFor(/from=access-test/);
  const line = server.jsonLines().find((entry) => entry.path === '/hello?from=access-test');
  t.match(line, { level: 'info', msg: 'request', method: 'GET', status: 200, bytes: 5, app: 'kitchen' });
  t.type(line?.durationMs, 'number');
});

t.test('SIGTERM stops the server with exit code 0', async (t) => {
  const exit = await server.stop('SIGTERM');
  t.same(exit, { code: 0, signal: null });
  t.match(server.stdout, /"msg":"stopped"/);
});
