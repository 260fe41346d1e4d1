/**
 * setTimeout/setInterval/queueMicrotask ordering inside a real isolate (HTML "timer initialisation
 * steps", "perform a microtask checkpoint"). One `nano run` of test/fixtures/timers/ordering.mjs runs
 * every scenario in turn and prints the events each recorded; only orderings are compared, never times.
 */
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { nano } from '../helpers/nano-cli.ts';

const fixture = fileURLToPath(new URL('../fixtures/timers/ordering.mjs', import.meta.url));

const expected: Record<string, string[]> = {
  'a 0 ms timeout runs after microtasks': ['sync', 'promise', 'microtask', 'timeout'],
  'microtasks queued by a timer run before the next timer': ['first', 'first microtask', 'second'],
  'queueMicrotask and promise jobs share one FIFO queue': ['a', 'b', 'c'],
  'extra arguments and this': ['xy', 'this is globalThis'],
  'an interval stops when cleared': ['tick 1', 'tick 2', 'tick 3', 'ticks after clearing: 3'],
  'clearTimeout inside a callback cancels a later timer': ['cleared'],
  'clearTimeout clears an interval (one id space)': ['positive integer id'],
  'negative and non-numeric delays count as 0': ['negative', 'string', 'one'],
  'a string handler is refused': ['TypeError'],
  'nested timers: under 4 ms becomes 4 ms past nesting level 5': [
    'level 0: 0 ms first',
    'level 1: 0 ms first',
    'level 2: 0 ms first',
    'level 3: 0 ms first',
    'level 4: 0 ms first',
    'level 5: 0 ms first',
    'level 6: 3 ms first',
    'level 7: 3 ms first',
  ],
  'async flows mixing awaits and timers': [
    'start',
    'slept 1',
    'after await null',
    'all pq',
    'race fast',
    'one two',
  ],
};

t.test('timer and microtask ordering', async (t) => {
  const result = await nano(['run', fixture]);
  t.equal(result.code, 0, 'exits 0 once every timer has run', { stderr: result.stderr });
  const events = JSON.parse(result.stdout) as Record<string, string[]>;
  t.same(Object.keys(events), Object.keys(expected), 'every scenario ran');
  for (const [scenario, want] of Object.entries(expected)) t.same(events[scenario], want, scenario);
});

t.test('an interval that is never cleared keeps nano run alive until --timeout', async (t) => {
  const result = await nano(['run', '--timeout', '300', '-'], {
    input: "let n = 0; setInterval(() => { if (++n === 3) console.log('still ticking'); }, 1);",
  });
  t.equal(result.code, 124);
  t.equal(result.stdout, 'still ticking\n');
});
