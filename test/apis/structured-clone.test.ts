import t from 'tap';
import { runScriptChecks } from '../helpers/script-checks.ts';

t.test('structuredClone: types, cycles, errors, DataCloneError, transfer', async (t) => {
  const checks = await runScriptChecks(t, 'structured-clone.js');
  t.ok(checks >= 100, `ran ${checks} checks`);
});
