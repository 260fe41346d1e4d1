/**
 * The supervisor's and the pool's pure decisions, without processes: crash back-off, crash loops and
 * quarantine (src/supervisor/crash-ledger.ts), the process layout (src/supervisor/process-layout.ts),
 * and isolate recycling and eviction (pool/recycle-policy.ts).
 */
import t from 'tap';
import {
  DEFAULT_RECYCLE_SETTINGS,
  evictions,
  HEAP_STRIKES,
  heapStrikes,
  type RecycleSettings,
  recycleReason,
} from '../../pool/recycle-policy.ts';
import { CrashLedger } from '../../src/supervisor/crash-ledger.ts';
import { processLayout } from '../../src/supervisor/process-layout.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

t.test(
  'restart back-off doubles from 100 ms to at most 10 s; more than 5 crashes in 60 s is a loop',
  async (t) => {
    const ledger = new CrashLedger();
    const verdicts = Array.from({ length: 6 }, (_, index) => ledger.record(index * SECOND, []));
    t.same(
      verdicts.map((verdict) => verdict.restartDelayMs),
      [100, 200, 400, 800, 1600, 3200],
    );
    t.same(
      verdicts.map((verdict) => verdict.crashLoop),
      [false, false, false, false, false, true],
    );
    const spaced = new CrashLedger();
    const slow = Array.from({ length: 12 }, (_, index) => spaced.record(index * 13 * SECOND, []));
    t.notOk(
      slow.some((verdict) => verdict.crashLoop),
      'crashes 13 s apart never make 6 within a minute',
    );
    t.equal(slow.at(-1)?.restartDelayMs, 1600, 'only the last minute counts towards the back-off');
    const capped = new CrashLedger();
    let last = capped.record(0, []);
    for (let index = 1; index < 9; index++) last = capped.record(index, []);
    t.equal(last.restartDelayMs, 10_000, 'capped at 10 s');
  },
);

t.test('an app in flight in 3 crashes within 10 minutes is quarantined; forgiving resets it', async (t) => {
  const ledger = new CrashLedger();
  t.same(ledger.record(0, ['bomb', 'good']).quarantine, []);
  t.same(ledger.record(4 * MINUTE, ['bomb']).quarantine, []);
  t.same(ledger.record(8 * MINUTE, ['bomb', 'good']).quarantine, ['bomb'], 'good was in 2 crashes only');
  ledger.forgive('bomb');
  t.same(ledger.record(9 * MINUTE, ['bomb']).quarantine, [], 'after forgiving, the count starts again');
  const old = new CrashLedger();
  old.record(0, ['slow']);
  old.record(6 * MINUTE, ['slow']);
  t.same(old.record(11 * MINUTE, ['slow']).quarantine, [], 'the first crash is more than 10 minutes old');
});

t.test('process layout: 1 process on 1–2 cores, else 2 threads per process', async (t) => {
  t.same(processLayout(1), { processes: 1, threads: 1 });
  t.same(processLayout(2), { processes: 1, threads: 2 });
  t.same(processLayout(8), { processes: 4, threads: 2 });
  t.same(processLayout(8, undefined, 4), { processes: 2, threads: 4 });
  t.same(processLayout(8, 2), { processes: 2, threads: 4 });
  t.same(processLayout(2, 3), { processes: 3, threads: 1 });
  t.same(processLayout(16, 3, 5), { processes: 3, threads: 5 });
});

const settings = (overrides: Partial<RecycleSettings>): RecycleSettings => ({
  ...DEFAULT_RECYCLE_SETTINGS,
  ...overrides,
});

t.test('recycling: request count and age are off by default; the heap must stay high', async (t) => {
  const usage = { requests: 1_000_000, ageMs: 1e9, heapStrikes: 0 };
  t.equal(recycleReason(DEFAULT_RECYCLE_SETTINGS, usage), undefined);
  t.equal(recycleReason(settings({ afterRequests: 5 }), { ...usage, requests: 4 }), undefined);
  t.equal(recycleReason(settings({ afterRequests: 5 }), { ...usage, requests: 5 }), 'requests');
  t.equal(recycleReason(settings({ afterMs: 1000 }), { requests: 0, ageMs: 1000, heapStrikes: 0 }), 'age');
  let strikes = 0;
  for (const fraction of [0.9, 0.95, 0.5, 0.9, 0.85])
    strikes = heapStrikes(DEFAULT_RECYCLE_SETTINGS, strikes, fraction);
  t.equal(strikes, 2, 'a reading below the threshold resets the strikes');
  strikes = heapStrikes(DEFAULT_RECYCLE_SETTINGS, strikes, 0.99);
  t.equal(strikes, HEAP_STRIKES);
  t.equal(recycleReason(DEFAULT_RECYCLE_SETTINGS, { requests: 0, ageMs: 0, heapStrikes: strikes }), 'heap');
});

t.test(
  'eviction: idle past the timeout, then least recently used beyond the cap, never busy ones',
  async (t) => {
    const candidates = [
      { key: 'a', lastUsed: 100, busy: false },
      { key: 'b', lastUsed: 50, busy: true },
      { key: 'c', lastUsed: 300, busy: false },
      { key: 'd', lastUsed: 200, busy: false },
    ];
    t.same(evictions(settings({ maxIsolates: 10 }), candidates, 1000), [], 'under the cap, no idle timeout');
    t.same(evictions(settings({ maxIsolates: 2 }), candidates, 1000), [
      ['a', 'lru'],
      ['d', 'lru'],
    ]);
    t.same(evictions(settings({ maxIsolates: 10, idleTimeoutMs: 750 }), candidates, 1000), [
      ['a', 'idle'],
      ['d', 'idle'],
    ]);
    t.same(
      evictions(settings({ maxIsolates: 1, idleTimeoutMs: 850 }), candidates, 1000),
      [
        ['a', 'idle'],
        ['d', 'lru'],
        ['c', 'lru'],
      ],
      'the busy one counts towards the cap but stays',
    );
  },
);
