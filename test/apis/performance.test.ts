import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { nano, scratchDir } from '../helpers/nano-cli.ts';
import { runScriptChecks } from '../helpers/script-checks.ts';

t.test('performance, navigator and self', async (t) => {
  const checks = await runScriptChecks(t, 'performance.js');
  t.ok(checks >= 12, `ran ${checks} checks`);
});

t.test('navigator.userAgent is NANO/<the package version>', async (t) => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  const dir = scratchDir({ 'agent.js': 'console.log(navigator.userAgent);\n' });
  const result = await nano(['run', join(dir, 'agent.js')]);
  t.equal(result.code, 0, result.stderr);
  t.equal(result.stdout, `NANO/${version}\n`);
});
