/**
 * Start-up and the limits NANO answers itself: readiness while the app loads, the built-ins moved under
 * a prefix, a full queue (503 + Retry-After), the response deadline (504); apps that cannot load, a
 * busy port and bad options end the process with a clear message.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { scratchDir } from '../helpers/nano-cli.ts';
import { appPath, NanoServer, startServer } from './serve-helpers.ts';

t.test('a slow-loading app: /readyz 503 while it loads, 200 after; built-ins under a prefix', async (t) => {
  const server = await startServer(
    [
      '--app',
      appPath('slow-start.js'),
      '--threads',
      '1',
      '--thread-concurrency',
      '1',
      '--max-queue',
      '1',
      '--response-timeout',
      '1',
      '--builtins-prefix',
      '/_nano',
    ],
    {},
    { ready: false },
  );
  t.teardown(() => server.stop('SIGKILL'));

  const before = await server.text('/_nano/readyz');
  t.same([before.status, before.body], [503, '{"status":"starting"}'], 'not ready while the thread loads');
  await server.waitFor(/"msg":"ready"/);
  const after = await server.text('/_nano/readyz');
  t.same([after.status, after.body], [200, '{"status":"ready"}']);

  t.same(await server.text('/_nano/healthz').then((r) => [r.status, r.body]), [200, '{"status":"ok"}']);
  t.match((await server.text('/_nano/metrics')).body, /^nano_requests_total \d+$/m);
  t.same(await server.text('/healthz').then((r) => r.body), 'the app owns /healthz');

  // One request runs (thread concurrency 1), one waits (queue 1), the third is turned away.
  const running = server.text('/sleep?ms=1500');
  await new Promise((resolve) => setTimeout(resolve, 200));
  const queued = server.text('/sleep?ms=10');
  await new Promise((resolve) => setTimeout(resolve, 200));
  const rejected = await server.text('/');
  t.equal(rejected.status, 503);
  t.equal(rejected.headers.get('retry-after'), '1');
  t.match(rejected.body, /at capacity/);

  // Both waited past the 1 s deadline.
  t.same((await running).status, 504);
  t.same((await queued).status, 504);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  t.same(
    await server.text('/').then((r) => [r.status, r.body]),
    [200, 'hello'],
    'served normally afterwards',
  );
  t.same(await server.stop('SIGTERM'), { code: 0, signal: null });
});

async function failedStart(args: string[]): Promise<NanoServer> {
  const server = new NanoServer(args);
  await server.exited;
  return server;
}

t.test('an app with a syntax error: exit 1, the error names the file and line', async (t) => {
  const dir = scratchDir({
    'index.js': 'export default {\n  fetch() {\n    return new Response(;\n  },\n};\n',
  });
  const server = await failedStart(['--app', dir]);
  t.equal(server.child.exitCode, 1);
  t.match(server.stderr, /nano serve: the app cannot be loaded/);
  t.match(server.stderr, `SyntaxError: Unexpected token ';'`);
  t.match(server.stderr, `${join(dir, 'index.js')}:3:`);
});

t.test('an app whose top level throws: exit 1 with the file and line', async (t) => {
  const server = await failedStart(['--app', appPath('top-level-throw.mjs')]);
  t.equal(server.child.exitCode, 1);
  t.match(server.stderr, /TypeError: Cannot set properties of undefined/);
  t.match(server.stderr, /top-level-throw\.mjs:3:/);
});

t.test('an app without a fetch handler: exit 1 saying what is expected', async (t) => {
  const server = await failedStart(['--app', appPath('no-handler.js')]);
  t.equal(server.child.exitCode, 1);
  t.match(server.stderr, /no-handler\.js cannot serve requests: it registers no fetch handler/);
  t.match(server.stderr, /export default \{ fetch\(request, env, ctx\) \}/);
});

t.test('a busy port: exit 1 with a clear error', async (t) => {
  const holder = createServer().listen(0, '127.0.0.1');
  await once(holder, 'listening');
  t.teardown(() => holder.close());
  const { port } = holder.address() as { port: number };
  const busy = await failedStart(['--app', appPath('echo.js'), '--threads', '1', '--port', String(port)]);
  t.equal(busy.child.exitCode, 1);
  t.match(busy.stderr, `nano serve: cannot listen on 127.0.0.1:${port}: the port is in use`);
});

t.test('bad options are usage errors: exit 2, one line', async (t) => {
  const threads = await failedStart(['--app', appPath('echo.js'), '--threads', '0']);
  t.equal(threads.child.exitCode, 2);
  t.match(threads.stderr, /^nano: --threads 0 is not a whole number at least 1\n$/);
  const missing = await failedStart(['--app', '/nonexistent/app']);
  t.equal(missing.child.exitCode, 2);
  t.match(missing.stderr, /app \/nonexistent\/app does not exist/);
  const variable = new NanoServer(['--app', appPath('echo.js')], { NANO_MAX_QUEUE: 'lots' });
  await variable.exited;
  t.equal(variable.child.exitCode, 2);
  t.match(variable.stderr, /^nano: NANO_MAX_QUEUE=lots is not a whole number at least 0\n$/);
});
