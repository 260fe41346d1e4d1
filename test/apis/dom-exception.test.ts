import t from 'tap';
import { runScriptChecks } from '../helpers/script-checks.ts';

t.test('DOMException: constructor, names and codes, constants, getters, stack', async (t) => {
  const checks = await runScriptChecks(t, 'dom-exception.js');
  t.ok(checks >= 20, `ran ${checks} checks`);
});
