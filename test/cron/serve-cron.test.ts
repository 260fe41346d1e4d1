/**
 * Cron triggers in `nano serve` with 2 server processes, the test hook NANO_CRON_TEST_SECONDS=1 making
 * every second a cron minute: each due cron fires exactly once per tick across the processes (the
 * supervisor gives the scheduler to one process slot), waitUntil work finishes before the run is logged,
 * failures are logged with the app's stack, and nano_scheduled_runs_total counts runs by outcome.
 */
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { nano } from '../helpers/nano-cli.ts';
import { startServer } from '../server/serve-helpers.ts';

const appPath = fileURLToPath(new URL('./apps/scheduled.mjs', import.meta.url));
const MINUTE = 60_000;

/** Polls `condition` until it holds (the server's output arrives asynchronously); fails after 30 s. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 100) {
    if (waited > 30_000) throw new Error('timed out waiting for the scheduled runs');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

t.test('every-minute and every-other-minute crons with the seconds test hook', async (t) => {
  const server = await startServer(
    ['--app', appPath, '--processes', '2', '--threads', '1', '--crons', '* * * * *; */2 * * * *'],
    { NANO_CRON_TEST_SECONDS: '1' },
  );
  t.teardown(() => server.stop('SIGKILL'));
  const runsOf = (cron: string) =>
    server.jsonLines().filter((line) => String(line.msg).startsWith('scheduled event') && line.cron === cron);
  await until(() => runsOf('* * * * *').length >= 5);
  await server.stop('SIGTERM');

  const everyMinute = runsOf('* * * * *');
  const times = everyMinute.map((line) => Date.parse(String(line.scheduledTime)));
  t.ok(times.length >= 5, `${times.length} runs`);
  t.same(
    times.map((time) => time - (times[0] as number)),
    times.map((_, index) => index * MINUTE),
    'one run per cron minute: none missed, none twice',
  );
  t.ok(
    everyMinute.every((line) => line.level === 'info' && line.outcome === 'ok' && line.app === 'scheduled'),
  );

  const logs = server.jsonLines().map((line) => String(line.msg));
  for (const time of times) {
    const done = logs.indexOf(`waitUntil done ${time}`);
    const logged = logs.findIndex((message, index) => index > done && message === 'scheduled event');
    t.ok(
      done >= 0 && logged > done,
      `the run of ${new Date(time).toISOString()} is logged after its waitUntil work`,
    );
  }

  const failed = runsOf('*/2 * * * *');
  t.ok(failed.length >= 2, `${failed.length} failed runs`);
  t.ok(
    failed.every(
      (line) =>
        line.level === 'error' &&
        line.msg === 'scheduled event failed' &&
        line.outcome === 'exception' &&
        /Error: boom at \d+\n\s+at Object\.scheduled \(file:.*scheduled\.mjs:\d+:\d+\)/.test(
          String(line.error),
        ),
    ),
    'failures are logged with the app stack',
  );
  t.ok(
    failed.every((line) => new Date(String(line.scheduledTime)).getUTCMinutes() % 2 === 0),
    'every other minute',
  );
});

t.test('metrics count runs by app and outcome; requests are still served', async (t) => {
  const server = await startServer(['--app', appPath, '--threads', '2', '--crons', '* * * * *;*/2 * * * *'], {
    NANO_CRON_TEST_SECONDS: '1',
  });
  t.teardown(() => server.stop('SIGKILL'));
  const messages = () => server.jsonLines().map((line) => line.msg);
  await until(() => messages().filter((message) => message === 'scheduled event').length >= 2);
  await until(() => messages().includes('scheduled event failed'));
  t.match((await server.text('/')).body, /^runs \d+$/);
  const metrics = (await server.text('/metrics')).body;
  const count = (outcome: string) =>
    Number(
      new RegExp(`^nano_scheduled_runs_total\\{app="scheduled",outcome="${outcome}"\\} (\\d+)$`, 'm').exec(
        metrics,
      )?.[1],
    );
  t.ok(count('ok') >= 2, `ok: ${count('ok')}`);
  t.ok(count('exception') >= 1, `exception: ${count('exception')}`);
});

t.test(
  'a cron-only app is served: its crons fire and a request gets 500 with a clear log line',
  async (t) => {
    const cronOnly = fileURLToPath(new URL('./apps/cron-only.mjs', import.meta.url));
    const server = await startServer(['--app', cronOnly, '--threads', '1', '--crons', '* * * * *'], {
      NANO_CRON_TEST_SECONDS: '1',
    });
    t.teardown(() => server.stop('SIGKILL'));
    const response = await server.text('/');
    t.same([response.status, response.body], [500, 'Internal Server Error\n']);
    await until(() => server.jsonLines().some((line) => line.msg === 'scheduled event'));
    const lines = server.jsonLines();
    t.ok(lines.some((line) => line.msg === 'cron only * * * * *'));
    t.match(
      lines.find((line) => line.level === 'error'),
      { error: /TypeError: The app has no fetch handler: it handles only scheduled events/ },
    );
  },
);

t.test('an invalid --crons is a usage error naming the flag and the field', async (t) => {
  const result = await nano(['serve', '--app', appPath, '--port', '0', '--crons', '* * * * *;61 * * * *']);
  t.equal(result.code, 2);
  t.equal(
    result.stderr,
    'nano: --crons * * * * *;61 * * * *: Invalid cron expression "61 * * * *": minute field "61": 61 is out of range 0-59\n',
  );
});
