/**
 * Two server processes under a steady request loop; one is killed with SIGKILL: requests keep being
 * answered by the other, the victim is replaced, and `/metrics` totals never go backwards. The
 * supervisor itself never loads isolated-vm.
 */
import { existsSync } from 'node:fs';
import t from 'tap';
import { startServer } from '../server/serve-helpers.ts';
import { childPids, eventually, hasMapped, metric, supervisorApp } from './supervisor-helpers.ts';

const server = await startServer(['--app', supervisorApp('steady.js'), '--processes', '2', '--threads', '1']);
t.teardown(() => server.stop('SIGKILL'));
const supervisorPid = server.child.pid as number;

/** One request at a time on a fresh connection each (so the kernel spreads them over both processes). */
function request(path: string): Promise<{ status: number; body: string }> {
  return server
    .fetch(path, { headers: { connection: 'close' } })
    .then(async (response) => ({ status: response.status, body: await response.text() }));
}

t.test('the supervisor runs two server processes and has not loaded isolated-vm', async (t) => {
  const children = childPids(supervisorPid);
  t.equal(children.length, 2);
  t.notOk(hasMapped(supervisorPid, 'isolated'), 'no isolated-vm binary in the supervisor');
  t.ok(hasMapped(children[0] as number, 'isolated'), 'the server processes have it');
});

t.test('kill -9 of one process under a request loop', async (t) => {
  const outcomes = { ok: 0, failed: 0, okAfterKill: 0, failedAfterExit: 0 };
  let killed = false;
  let victimGone = false;
  let looping = true;
  const loop = (async () => {
    while (looping) {
      try {
        const { status } = await request('/');
        if (status === 200) {
          outcomes.ok++;
          if (killed) outcomes.okAfterKill++;
        } else outcomes.failed++;
      } catch {
        outcomes.failed++;
        if (victimGone) outcomes.failedAfterExit++;
      }
      // Steady, not flat out: the machine is shared.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const totals: number[] = [];
  // A connection the kernel hands to the victim in the instant it dies is reset: scrapes retry.
  const scrape = async () =>
    totals.push(
      await eventually(() =>
        request('/metrics').then(
          (response) => metric(response.body, 'nano_requests_total'),
          () => undefined,
        ),
      ),
    );

  // Both processes have answered requests before the kill (their access lines carry their pids).
  const [victim, survivor] = childPids(supervisorPid) as [number, number];
  await eventually(() => {
    const pids = new Set(
      server
        .jsonLines()
        .filter((line) => line.msg === 'request')
        .map((line) => line.pid),
    );
    return pids.has(victim) && pids.has(survivor) ? true : undefined;
  });
  await scrape();
  process.kill(victim, 'SIGKILL');
  killed = true;
  await scrape();
  await eventually(() => (existsSync(`/proc/${victim}`) ? undefined : true));
  victimGone = true;

  const replacement = await eventually(() => {
    const children = childPids(supervisorPid);
    return children.length === 2 && !children.includes(victim)
      ? children.find((pid) => pid !== survivor)
      : undefined;
  });
  t.ok(replacement, 'a new server process took the victim’s place');
  const restarts = await eventually(async () => {
    const text = await request('/metrics').then(
      (response) => response.body,
      () => '',
    );
    return metric(text, 'nano_server_processes') === 2
      ? metric(text, 'nano_server_restarts_total')
      : undefined;
  });
  t.equal(restarts, 1, 'nano_server_restarts_total counts the replacement');
  // The replacement answers too.
  await eventually(() => {
    const lines = server.jsonLines().filter((line) => line.msg === 'request' && line.pid === replacement);
    return lines.length > 0 ? true : undefined;
  });
  for (let i = 0; i < 5; i++) await scrape();
  looping = false;
  await loop;

  t.ok(outcomes.okAfterKill >= 10, `requests kept succeeding after the kill (${outcomes.okAfterKill})`);
  // Lost: only what the victim had in flight or was handed while dying (one request at a time here).
  t.ok(outcomes.failed <= 3, `failed requests while the victim died: ${outcomes.failed}`);
  t.equal(outcomes.failedAfterExit, 0, 'no request failed once the victim was gone');
  t.ok(
    totals.every((total, index) => index === 0 || total >= (totals[index - 1] as number)),
    `nano_requests_total never decreased: ${totals.join(' → ')}`,
  );
  t.match(server.stdout, /"msg":"server process crashed"/);
  t.match(server.stdout, /"signal":"SIGKILL"/);
});

t.test('SIGTERM after the crash still stops with exit code 0', async (t) => {
  t.same(await server.stop('SIGTERM'), { code: 0, signal: null });
});
