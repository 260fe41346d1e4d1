import t from 'tap';
import { runScriptChecks } from '../helpers/script-checks.ts';

t.test('FormData: API, File conversion, multipart and urlencoded parsing and serialisation', async (t) => {
  const checks = await runScriptChecks(t, 'form-data.js');
  t.ok(checks >= 55, `ran ${checks} checks`);
});
