// A tenant that runs into NANO's limits on request: each path is one fault scenario
// (../shared/research/reliability.md (b)). Module state shows whether the isolate survived.
let served = 0;

const spin = () => {
  while (true) {}
};

/** Spins until the isolate's clock has moved `ms` (only ends when the clock is not frozen). */
const spinFor = (ms) => {
  const start = performance.now();
  while (performance.now() - start < ms) {}
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const routes = {
  '/count': () => new Response(String(++served)),
  '/spin': spin,
  '/spin-after-timer': async () => {
    await sleep(5);
    spin();
  },
  '/spin-in-microtask': async () => {
    await null;
    spin();
  },
  '/spin-in-interval': () =>
    new Promise(() => {
      setInterval(() => spinFor(10), 1);
    }),
  '/redos': () => new Response(String(/^(a+)+$/.test(`${'a'.repeat(40)}!`))),
  '/spin-40': () => {
    spinFor(40);
    return new Response('spun 40 ms');
  },
  '/spin-40-twenty-times': async () => {
    for (let round = 0; round < 20; round++) {
      spinFor(40);
      await sleep(1);
    }
    return new Response('spun 800 ms');
  },
  '/slow-ok': async () => {
    await sleep(150);
    return new Response('slow ok');
  },
  '/allocate': () => {
    const hoard = [];
    while (true) hoard.push(new Array(100_000).fill(hoard.length));
  },
  '/hang': () => new Promise(() => {}),
  '/clock': async () => {
    const date = Date.now();
    const perf = performance.now();
    let sum = 0;
    for (let index = 0; index < 2e6; index++) sum += index;
    const sameEntry = { date: Date.now() - date, perf: performance.now() - perf, sum };
    await sleep(20);
    const acrossTimer = { date: Date.now() - date, perf: performance.now() - perf };
    const created = new Date();
    class Stamp extends Date {}
    return Response.json({
      sameEntry,
      acrossTimer,
      newDateIsNow: created.getTime() === Date.now(),
      dateCalledIsString: typeof Date() === 'string',
      instanceOfDate: created instanceof Date && new Stamp(0) instanceof Date && new Stamp(0).getTime() === 0,
      parse: Date.parse('1970-01-01T00:00:01Z'),
      utc: Date.UTC(1970, 0, 1, 0, 0, 2),
      dateLength: Date.length,
    });
  },
  '/eval': () => {
    const attempts = {
      // biome-ignore lint/security/noGlobalEval: refusing eval is what this route checks
      eval: () => eval('1 + 1'),
      // biome-ignore lint/security/noGlobalEval: indirect eval too
      // biome-ignore lint/complexity/noCommaOperator: `(0, eval)` is how an indirect eval is written
      indirectEval: () => (0, eval)('1 + 1'),
      newFunction: () => new Function('return 2')(),
      functionCall: () => Function('return 2')(),
      constructorOfFunction: () => (() => {}).constructor('return 3')(),
      asyncFunction: () => typeof (async () => {}).constructor('return 4'),
      generatorFunction: () => typeof function* () {}.constructor('yield 5'),
      asyncGeneratorFunction: () => typeof async function* () {}.constructor('yield 6'),
      reflectConstruct: () => Reflect.construct(Function, ['return 7'])(),
      setTimeoutString: () => setTimeout('1'),
    };
    const results = {};
    for (const [name, attempt] of Object.entries(attempts)) {
      try {
        results[name] = `ok ${String(attempt())}`;
      } catch (error) {
        results[name] = `${error.name}: ${error.message}`;
      }
    }
    results.functionsStillFunctions =
      (() => {}) instanceof Function && typeof Function.prototype.call === 'function';
    return Response.json(results);
  },
};

export default {
  async fetch(request) {
    const route = routes[new URL(request.url).pathname];
    return route ? route() : new Response('not found', { status: 404 });
  },
};

// Work on nobody's behalf: a timer the top level set spins; it is stopped at one request's CPU limit.
setTimeout(spin, 20);
