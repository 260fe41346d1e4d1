/**
 * One server with two processes, one thread each, recycling every app isolate after 5 requests:
 * requests spread over both processes are counted exactly once in `/metrics`, whichever process
 * answers the scrape; each isolate (the app reports a random id per isolate) serves at most 5
 * requests, and requests still running on an isolate being recycled finish normally.
 */
import t from 'tap';
import { startServer } from '../server/serve-helpers.ts';
import { metric, supervisorApp } from './supervisor-helpers.ts';

const server = await startServer([
  '--app',
  supervisorApp('steady.js'),
  '--processes',
  '2',
  '--threads',
  '1',
  '--recycle-after-requests',
  '5',
]);
t.teardown(() => server.stop('SIGKILL'));

function get(path: string): Promise<{ status: number; body: string }> {
  return server.text(path, { headers: { connection: 'close' } });
}

t.test(
  'recycling by request count swaps isolates without a failed request; N requests → N counted',
  async (t) => {
    const slow = Array.from({ length: 4 }, () => get('/sleep?ms=1500'));
    const ids: string[] = [];
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const { status, body } = await get('/id');
      statuses.add(status);
      ids.push(body);
    }
    const slowAnswers = await Promise.all(slow);
    t.same(
      slowAnswers.map((answer) => answer.status),
      [200, 200, 200, 200],
      'requests running while their isolate was recycled finished normally',
    );
    t.same([...statuses], [200], 'no request got anything but 200');

    const perIsolate = new Map<string, number>();
    for (const id of ids) perIsolate.set(id, (perIsolate.get(id) ?? 0) + 1);
    t.ok(perIsolate.size >= 6, `${perIsolate.size} isolates answered 30 requests`);
    t.ok(
      [...perIsolate.values()].every((count) => count <= 5),
      `no isolate served more than 5 requests: ${[...perIsolate.values()].join(', ')}`,
    );

    const pids = new Set(
      server
        .jsonLines()
        .filter((line) => line.msg === 'request')
        .map((line) => line.pid),
    );
    t.equal(pids.size, 2, 'both server processes answered requests');

    const text = (await get('/metrics')).body;
    t.equal(metric(text, 'nano_requests_total'), 34, 'nano_requests_total is exactly the 34 requests sent');
    t.equal(metric(text, 'nano_request_duration_seconds_count'), 34);
    t.equal(metric(text, 'nano_app_requests_total', '{app="steady",class="2xx"}'), 34);
    t.ok(metric(text, 'nano_isolates_recycled_total', '{reason="requests"}') >= 4, 'recycling is counted');
    t.equal(metric(text, 'nano_isolates_live'), 2, 'one live isolate per thread');
    t.equal(metric(text, 'nano_server_processes'), 2);
    t.equal(metric(text, 'nano_server_restarts_total'), 0);
    t.ok(metric(text, 'nano_latency_seconds_avg') > 0);
    t.ok(metric(text, 'nano_uptime_seconds') > 0);
    t.match(text, /^process_cpu_user_seconds_total /m);
  },
);
