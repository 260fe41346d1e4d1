import t from 'tap';
import { runScriptChecks } from '../helpers/script-checks.ts';

t.test('Blob and File: parts, types, endings, slice, readers, stream', async (t) => {
  const checks = await runScriptChecks(t, 'blob.js');
  t.ok(checks >= 55, `ran ${checks} checks`);
});
