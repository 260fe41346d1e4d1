/**
 * The service-worker and `__setDefault` handler formats, each on its own server, with the `text` and
 * `apache` log formats and SIGINT.
 */
import t from 'tap';
import { appPath, startServer } from './serve-helpers.ts';

const [worker, seed] = await Promise.all([
  startServer(['--app', appPath('service-worker.js'), '--threads', '1'], { NANO_LOG_FORMAT: 'text' }),
  startServer(['--app', appPath('set-default.js'), '--threads', '1'], { NANO_LOG_FORMAT: 'apache' }),
]);
t.teardown(() => Promise.all([worker.stop('SIGKILL'), seed.stop('SIGKILL')]));

t.test('service worker: addEventListener("fetch") + respondWith, state kept between requests', async (t) => {
  t.same(await worker.text('/').then((r) => [r.status, r.body]), [200, 'service worker response 1']);
  t.same(await worker.text('/again').then((r) => [r.status, r.body]), [200, 'service worker response 2']);
});

t.test('service worker: a 2 s respondWith promise does not delay requests on the same thread', async (t) => {
  const started = performance.now();
  const sleeping = worker.text('/sleep');
  const others = await Promise.all(
    Array.from({ length: 5 }, async () => {
      await worker.text('/');
      return performance.now() - started;
    }),
  );
  t.ok(
    others.every((ms) => ms < 1000),
    `answered at ${others.map(Math.round).join(', ')} ms`,
  );
  t.equal((await sleeping).body, 'slept');
});

t.test('service worker: no respondWith() → 500, logged as such', async (t) => {
  const response = await worker.text('/no-respond');
  t.equal(response.status, 500);
  await worker.waitFor(/No fetch event listener called respondWith\(\)/);
  t.pass('logged');
});

t.test('service worker: respondWith() twice keeps the first and reports the InvalidStateError', async (t) => {
  const response = await worker.text('/respond-twice');
  t.same([response.status, response.body], [200, 'first']);
  await worker.waitFor(/InvalidStateError/);
  t.pass('reported');
});

t.test('text log format: readable start-up, access and error lines', async (t) => {
  await worker.text('/from-text-test');
  await worker.waitFor(/GET \/from-text-test 200/);
  t.match(
    worker.stdout,
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO {2}listening url=http:\/\/127\.0\.0\.1:\d+ app=service-worker .*threads=1$/m,
  );
  t.match(worker.stdout, /^\S+Z INFO {2}GET \/from-text-test 200 25B \d+\.\d\dms app=service-worker$/m);
  t.match(
    worker.stdout,
    /^\S+Z ERROR fetch handler produced no response app=service-worker method=GET url=/m,
  );
});

t.test('service worker: SIGINT stops the server with exit code 0', async (t) => {
  t.same(await worker.stop('SIGINT'), { code: 0, signal: null });
});

t.test('__setDefault({ fetch }): the seed README example answers', async (t) => {
  const hello = await seed.fetch('/api/hello');
  t.equal(hello.status, 200);
  t.match(hello.headers.get('content-type'), /^application\/json/);
  t.same(await hello.json(), { message: 'Hello, World!' });
  t.same(await seed.text('/elsewhere').then((r) => [r.status, r.body]), [404, 'Not Found']);
});

t.test('apache log format: combined access lines on stdout, other lines on stderr', async (t) => {
  await seed.fetch('/api/hello?from=apache', {
    headers: { referer: 'http://example.test/page', 'user-agent': 'tap "test"' },
  });
  await seed.waitFor(/from=apache/);
  const line = seed.stdout.split('\n').find((entry) => entry.includes('from=apache'));
  t.match(
    line,
    /^127\.0\.0\.1 - - \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/api\/hello\?from=apache HTTP\/1\.1" 200 27 "http:\/\/example\.test\/page" "tap \\"test\\""$/,
  );
  t.notMatch(seed.stdout, /listening/);
  t.match(seed.stderr, /INFO {2}listening url=http:\/\/127\.0\.0\.1:/);
  t.same(await seed.stop('SIGTERM'), { code: 0, signal: null });
});
