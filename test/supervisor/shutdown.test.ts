/**
 * Graceful shutdown across two server processes: SIGTERM while 20 requests each wait 2 s inside the
 * app → `/readyz` turns 503 at once while the shutdown delay lets requests in, then new connections
 * are refused, all 20 get 200 with `Connection: close`, `ctx.waitUntil` work finishes, and the
 * supervisor exits 0. A second signal ends everything at once.
 */
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import t from 'tap';
import { startServer } from '../server/serve-helpers.ts';
import { childPids, eventually, supervisorApp } from './supervisor-helpers.ts';

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

/**
 * One request (node:http, so the Connection header is visible). With `keepAlive` the connection is
 * offered for reuse — a client asking for `Connection: close` gets its close without the header.
 */
function get(port: number, path: string, keepAlive = false): Promise<Answer> {
  const agent = keepAlive ? new Agent({ keepAlive: true }) : false;
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, agent }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => {
        if (agent) agent.destroy();
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body });
      });
    });
    request.on('error', reject);
    request.end();
  });
}

function refused(port: number): Promise<boolean> {
  return get(port, '/').then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
  );
}

t.test('SIGTERM with 20 requests in flight: all answered, then connections refused, exit 0', async (t) => {
  const server = await startServer(
    ['--app', supervisorApp('steady.js'), '--processes', '2', '--threads', '1'],
    { NANO_SHUTDOWN_DELAY: '0.5' },
  );
  t.teardown(() => server.stop('SIGKILL'));
  const { port } = server;

  const slow = Array.from({ length: 20 }, () => get(port, '/sleep?ms=2000', true));
  // Answered at once; its waitUntil work goes on for 3 s, past every slow request.
  const waitUntil = await get(port, '/wait-until?ms=3000');
  t.equal(waitUntil.status, 200);
  // Every one of the 20 has reached the app (its access line comes only at the end, so wait a moment).
  await new Promise((resolve) => setTimeout(resolve, 500));
  server.child.kill('SIGTERM');

  const readyz = await eventually(() =>
    get(port, '/readyz').then((answer) => (answer.status === 503 ? answer : undefined)),
  );
  t.same(JSON.parse(readyz.body), { status: 'draining' }, '/readyz is 503 during the shutdown delay');
  t.ok(
    await eventually(() => refused(port).then((yes) => yes || undefined)),
    'later connections are refused',
  );

  const answers = await Promise.all(slow);
  t.same(
    answers.map((answer) => answer.status),
    Array(20).fill(200),
    'all 20 in-flight requests were answered',
  );
  t.ok(
    answers.every((answer) => answer.connection === 'close'),
    'keep-alive connections answered with Connection: close while draining',
  );
  t.same(await server.exited, { code: 0, signal: null });
  t.match(server.stdout, /waitUntil work finished/, 'waitUntil work ran to the end before exit');
  t.match(server.stdout, /"msg":"stopped"/);
});

t.test('a second signal exits at once', async (t) => {
  const server = await startServer(['--app', supervisorApp('steady.js'), '--threads', '1'], {
    NANO_SHUTDOWN_DELAY: '30',
  });
  t.teardown(() => server.stop('SIGKILL'));
  const children = childPids(server.child.pid as number);
  server.child.kill('SIGTERM');
  await server.waitFor(/"msg":"draining"/);
  server.child.kill('SIGTERM');
  t.same(await server.exited, { code: 1, signal: null }, 'exit 1 without waiting for the 30 s delay');
  await eventually(() => (children.every((pid) => !alive(pid)) ? true : undefined));
  t.pass('its server process was killed too');
});

/** Running, not a zombie waiting to be reaped (Linux /proc). */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
