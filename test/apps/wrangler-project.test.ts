/**
 * examples/wrangler-project served unchanged (a copy, since the test edits it): TypeScript, a `file:`
 * dependency resolved without `npm install` through its `workerd` export condition, `[env.staging]`
 * vars, a secret from a variable, a stack trace mapped to the original `.ts` line, and `--watch`
 * picking up an edit.
 */
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { scratchDir } from '../helpers/nano-cli.ts';
import { startServer } from '../server/serve-helpers.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/wrangler-project', import.meta.url));

t.test('the example project under --apps --watch --env staging', async (t) => {
  const root = scratchDir({});
  const project = join(root, 'wrangler-project');
  cpSync(EXAMPLE, project, { recursive: true });
  const server = await startServer(
    ['serve', '--apps', root, '--watch', '--env', 'staging', '--threads', '1'],
    {
      NANO_SECRET_WRANGLER_PROJECT_API_TOKEN: 'token',
    },
  );
  t.teardown(() => server.stop('SIGKILL'));

  const first = await server.fetch('/wrangler-project/?name=NANO');
  t.same(await first.json(), {
    message: 'Hi, NANO! (tiny-greeting, workerd build)',
    environment: 'staging',
    hasToken: true,
    runs: '0 scheduled runs',
  });

  const boom = await server.text('/wrangler-project/boom');
  t.equal(boom.status, 500);
  await server.waitFor(/boom from the example/);
  const failure = server.jsonLines().find((line) => line.msg === 'fetch handler threw an exception');
  t.match(String(failure?.error), `${join(project, 'src', 'index.ts')}:21:`, 'the stack names the .ts line');
  t.notMatch(String(failure?.error), /nano-app:\/\//, 'no bundle positions are left');
  t.equal(failure?.app, 'wrangler-project');

  writeFileSync(
    join(project, 'src', 'runs.ts'),
    'export const describeRuns = (count: number) => "runs: " + count;\n',
  );
  await server.waitFor(/"changed":\["wrangler-project"\]/);
  const after = (await (await server.fetch('/wrangler-project/')).json()) as { runs: string };
  t.equal(after.runs, 'runs: 0', '--watch rebuilt the app');
});
