import { join } from 'node:path';
import t from 'tap';
import { nano, scratchDir } from '../helpers/nano-cli.ts';
import { runScriptChecks } from '../helpers/script-checks.ts';

t.test('AbortController, AbortSignal, abort/timeout/any, dependent signals and garbage', async (t) => {
  const checks = await runScriptChecks(t, 'abort.js');
  t.ok(checks >= 25, `ran ${checks} checks`);
});

t.test('a pending AbortSignal.timeout does not keep nano run alive', async (t) => {
  const dir = scratchDir({
    'pending.js': "AbortSignal.timeout(600000).onabort = () => console.log('never');\nconsole.log('done');\n",
  });
  const result = await nano(['run', join(dir, 'pending.js')], { killAfterMs: 20_000 });
  t.equal(result.code, 0, result.stderr);
  t.equal(result.stdout, 'done\n');
});
