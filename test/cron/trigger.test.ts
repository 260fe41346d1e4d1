/**
 * `nano trigger <app> --cron <expr>`: fires one scheduled event at an app loaded by the command itself,
 * waits for the handler and its waitUntil work, and exits 0 (ok), 1 (failed) or 2 (usage).
 */
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { nano } from '../helpers/nano-cli.ts';

const app = (name: string) => fileURLToPath(new URL(`./apps/${name}`, import.meta.url));

t.test('the handler gets cron, scheduledTime, env and ctx; waitUntil work finishes first', async (t) => {
  const result = await nano([
    'trigger',
    app('scheduled.mjs'),
    '--cron',
    '5 4 * * SUN',
    '--scheduled-time',
    '2026-11-29T04:05:00Z',
  ]);
  t.equal(result.code, 0, result.stderr);
  const time = Date.parse('2026-11-29T04:05:00Z');
  t.same(result.stdout.split('\n').filter(Boolean), [
    `scheduled ${JSON.stringify({
      cron: '5 4 * * SUN',
      scheduledTime: time,
      type: 'scheduled',
      controller: '[object ScheduledController]',
      env: {},
      ctx: 'function',
    })}`,
    `waitUntil done ${time}`,
  ]);
  t.match(
    result.stderr,
    /^nano trigger: scheduled scheduled event \(cron "5 4 \* \* SUN"\): ok in \d+ ms\n$/,
  );
});

t.test('a throwing handler: exit 1 with the stack; a rejected waitUntil and noRetry()', async (t) => {
  const thrown = await nano([
    'trigger',
    app('scheduled.mjs'),
    '--cron',
    '*/2 * * * *',
    '--scheduled-time',
    '1000',
  ]);
  t.equal(thrown.code, 1);
  t.match(
    thrown.stderr,
    /: exception in \d+ ms\nError: boom at 1000\n\s+at Object\.scheduled \(file:.*scheduled\.mjs:\d+:\d+\)/,
  );
  const rejected = await nano(['trigger', app('scheduled.mjs'), '--cron', '0 0 1 1 *']);
  t.equal(rejected.code, 1);
  t.match(rejected.stderr, /: exception, noRetry\(\) called in \d+ ms\nTypeError: waitUntil rejected/);
});

t.test('the service-worker format and an app without a scheduled handler', async (t) => {
  const sw = await nano([
    'trigger',
    app('service-worker.js'),
    '--cron',
    '0 * * * *',
    '--scheduled-time',
    '60000',
  ]);
  t.equal(sw.code, 0, sw.stderr);
  t.equal(
    sw.stdout,
    `sw ${JSON.stringify(['scheduled', '0 * * * *', 60000, '[object ScheduledEvent]', true])}\n`,
  );
  const none = await nano(['trigger', app('fetch-only.mjs'), '--cron', '* * * * *']);
  t.equal(none.code, 1);
  t.match(
    none.stderr,
    /: no-handler in \d+ ms\nThe app has no scheduled handler: expected export default \{ scheduled/,
  );
});

t.test('a cron-only app (no fetch handler) loads and runs its scheduled handler', async (t) => {
  const result = await nano(['trigger', app('cron-only.mjs'), '--cron', '*/10 * * * *']);
  t.equal(result.code, 0, result.stderr);
  t.equal(result.stdout, 'cron only */10 * * * *\n');
});

t.test('usage errors: an invalid cron names the field; --cron is required', async (t) => {
  const invalid = await nano(['trigger', app('scheduled.mjs'), '--cron', '* * * * 9']);
  t.equal(invalid.code, 2);
  t.equal(
    invalid.stderr,
    'nano: Invalid cron expression "* * * * 9": day-of-week field "9": 9 is out of range 0-7\n',
  );
  const missing = await nano(['trigger', app('scheduled.mjs')]);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /--cron/);
  const badTime = await nano([
    'trigger',
    app('scheduled.mjs'),
    '--cron',
    '* * * * *',
    '--scheduled-time',
    'soon',
  ]);
  t.equal(badTime.code, 2);
  t.match(badTime.stderr, /--scheduled-time soon/);
});
