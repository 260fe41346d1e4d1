/**
 * CPU time, memory, the response deadline and the Workers-parity defences, enforced on one app isolate
 * (pool/app-isolate.ts) with real isolates: the scenarios of ../shared/research/reliability.md (b) that
 * live inside an isolate (1, 3, 4, 7, 10). The server-level view (status, header, metric, log, other
 * requests) is test/faults/serve-limits.test.ts.
 */
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { AppIsolate, type AppLog } from '../../pool/app-isolate.ts';
import { DEFAULT_ISOLATE_LIMITS, type IsolateLimits } from '../../pool/isolate-limits.ts';

const entry = fileURLToPath(new URL('./apps/limits.js', import.meta.url));

interface Logged {
  message: string;
  fields: Record<string, unknown>;
}

function startApp(limits: Partial<IsolateLimits> = {}) {
  const logged: Logged[] = [];
  const log: AppLog = {
    console: () => {},
    error: (message, fields) => logged.push({ message, fields }),
    warn: (message, fields) => logged.push({ message, fields }),
  };
  const app = new AppIsolate({ name: 'limits', entry }, log, 5000, { ...DEFAULT_ISOLATE_LIMITS, ...limits });
  const get = async (path: string) => {
    const result = await app.dispatch({
      app: 'limits',
      method: 'GET',
      url: `http://tenant.test${path}`,
      headers: [],
      body: null,
    });
    const body = result.body === null ? '' : new TextDecoder().decode(result.body);
    return { status: result.status, limit: result.limit, headers: result.headers, body };
  };
  return { app, get, logged };
}

t.test('CPU time per request: 503 naming the limit; the isolate survives and keeps its state', async (t) => {
  const { app, get, logged } = startApp();
  t.teardown(() => app.dispose());
  t.same(await app.loaded, { ok: true, format: 'module' });
  t.equal((await get('/count')).body, '1');
  for (const path of ['/spin', '/spin-after-timer', '/spin-in-microtask', '/spin-in-interval', '/redos']) {
    const stopped = await get(path);
    t.equal(stopped.status, 503, `${path}: 503`);
    t.equal(stopped.limit, 'cpu', `${path}: the limit is named`);
    t.same(stopped.headers.slice(-2), ['x-nano-limit', 'cpu'], `${path}: x-nano-limit header`);
    t.match(stopped.body, /CPU time limit/);
  }
  t.equal(
    (await get('/count')).body,
    '2',
    'the same isolate, with its module state, serves the next request',
  );
  const reports = logged.filter((line) => line.message === 'request exceeded its CPU time limit');
  t.equal(reports.length, 5, 'one log line per stopped request');
  for (const report of reports) {
    t.equal(report.fields.limitMs, 50);
    t.ok(
      (report.fields.cpuMs as number) <= 70,
      `${report.fields.url} billed ${report.fields.cpuMs} ms: within the limit + 20 ms`,
    );
    t.match(report.fields, { method: 'GET', url: /^http:\/\/tenant\.test\//, requestId: Number });
  }
  t.ok(
    logged.some((line) => /no request's behalf .*CPU time limit/.test(line.message)),
    "a timer the top level set is stopped at one request's budget, and logged",
  );
});

t.test('CPU time is summed over a request’s entries; other requests are not billed', async (t) => {
  const { app, get } = startApp({ preciseTimers: true, cpuMs: 100 });
  t.teardown(() => app.dispose());
  await app.loaded;
  t.equal((await get('/spin-40')).status, 200, '40 ms in one entry fits a 100 ms budget');
  const [twice, bystander] = await Promise.all([get('/spin-40-twenty-times'), get('/slow-ok')]);
  t.equal(
    twice.status,
    503,
    '20 × 40 ms in twenty entries does not (wall-clock spins: on a loaded machine CPU < wall)',
  );
  t.equal(twice.limit, 'cpu');
  t.equal(bystander.status, 200, 'a request waiting in the same isolate meanwhile is answered');
  t.equal(bystander.body, 'slow ok');
});

t.test('a larger --cpu-limit lets the same work through', async (t) => {
  const { app, get } = startApp({ preciseTimers: true, cpuMs: 5000 });
  t.teardown(() => app.dispose());
  await app.loaded;
  t.equal((await get('/spin-40-twenty-times')).status, 200);
});

t.test('memory: the isolate is disposed, every request in it gets 503 naming the limit', async (t) => {
  const { app, get, logged } = startApp({ memoryMb: 24, cpuMs: 10_000 });
  t.teardown(() => app.dispose());
  await app.loaded;
  const waiting = get('/slow-ok');
  const bomb = await get('/allocate');
  t.equal(bomb.status, 503);
  t.equal(bomb.limit, 'memory');
  t.same(bomb.headers.slice(-2), ['x-nano-limit', 'memory']);
  t.match(await waiting, { status: 503, limit: 'memory' }, 'the request waiting in the same isolate too');
  t.equal(app.state, 'disposed', 'the isolate manager builds a fresh one for the next request');
  t.match(logged, [{ message: /memory limit/, fields: { error: /24 MB/, pendingRequests: 2 } }]);
});

t.test('a handler that never settles is let go at the response deadline', async (t) => {
  const { app, get } = startApp({ requestDeadlineMs: 200 });
  t.teardown(() => app.dispose());
  await app.loaded;
  // The release sweep's timer does not keep a process alive (a pool thread is kept alive by piscina).
  const keepAlive = setInterval(() => {}, 1000);
  const hung = await get('/hang');
  clearInterval(keepAlive);
  t.equal(hung.status, 504, 'released (the front door has answered 504 by then)');
  t.equal((await get('/count')).status, 200, 'the isolate still serves');
});

t.test('the clock stands still during an entry and moves between them', async (t) => {
  const { app, get } = startApp();
  t.teardown(() => app.dispose());
  await app.loaded;
  const clock = JSON.parse((await get('/clock')).body);
  t.same(clock.sameEntry.date, 0, 'Date.now() does not move while code runs');
  t.same(clock.sameEntry.perf, 0, 'performance.now() does not move while code runs');
  t.ok(clock.acrossTimer.date >= 20 && clock.acrossTimer.perf >= 20, 'both moved across a 20 ms timer');
  t.match(clock, {
    newDateIsNow: true,
    dateCalledIsString: true,
    instanceOfDate: true,
    parse: 1000,
    utc: 2000,
    dateLength: 7,
  });
  const busy = await get('/spin-40');
  t.equal(busy.status, 503, 'so a loop waiting for the clock to move only ends at the CPU limit');
});

t.test('--precise-timers: the clock moves while code runs', async (t) => {
  const { app, get } = startApp({ preciseTimers: true, cpuMs: 1000 });
  t.teardown(() => app.dispose());
  await app.loaded;
  t.equal((await get('/spin-40')).body, 'spun 40 ms');
});

const REFUSED = 'EvalError: Code generation from strings disallowed for this context';

t.test('eval and new Function are refused at request time', async (t) => {
  const { app, get } = startApp();
  t.teardown(() => app.dispose());
  await app.loaded;
  const results = JSON.parse((await get('/eval')).body);
  t.same(results, {
    eval: REFUSED,
    indirectEval: REFUSED,
    newFunction: REFUSED,
    functionCall: REFUSED,
    constructorOfFunction: REFUSED,
    asyncFunction: REFUSED,
    generatorFunction: REFUSED,
    asyncGeneratorFunction: REFUSED,
    reflectConstruct: REFUSED,
    setTimeoutString:
      "TypeError: Failed to execute 'setTimeout': the handler must be a function (code generation from strings is disallowed).",
    functionsStillFunctions: true,
  });
});

t.test('--allow-eval: code generation works for trusted code', async (t) => {
  const { app, get } = startApp({ allowEval: true });
  t.teardown(() => app.dispose());
  await app.loaded;
  const results = JSON.parse((await get('/eval')).body);
  t.match(results, {
    eval: 'ok 2',
    indirectEval: 'ok 2',
    newFunction: 'ok 2',
    functionCall: 'ok 2',
    constructorOfFunction: 'ok 3',
    asyncFunction: 'ok function',
    generatorFunction: 'ok function',
    asyncGeneratorFunction: 'ok function',
    reflectConstruct: 'ok 7',
  });
});
