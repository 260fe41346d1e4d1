import t from 'tap';
import { runScriptChecks } from '../helpers/script-checks.ts';

t.test('Headers: construction, case-insensitivity, combination, validation, guards, iterators', async (t) => {
  const checks = await runScriptChecks(t, 'headers.js');
  t.ok(checks >= 60, `ran ${checks} checks`);
});

t.test('Request and Response: construction, bodies, readers, bodyUsed, statics, clone', async (t) => {
  const checks = await runScriptChecks(t, 'request-response.js');
  t.ok(checks >= 120, `ran ${checks} checks`);
});
