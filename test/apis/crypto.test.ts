import t from 'tap';
import { runScriptChecks } from '../helpers/script-checks.ts';

t.test('crypto: interfaces, getRandomValues, randomUUID, known-answer vectors', async (t) => {
  const checks = await runScriptChecks(t, 'crypto.js');
  t.ok(checks >= 62, `ran ${checks} checks`);
});

t.test('crypto.subtle: round trips for every algorithm and key format', async (t) => {
  const checks = await runScriptChecks(t, 'crypto-roundtrip.js');
  t.ok(checks >= 32, `ran ${checks} checks`);
});

t.test('crypto.subtle: error names, normalisation, what a CryptoKey exposes', async (t) => {
  const checks = await runScriptChecks(t, 'crypto-errors.js');
  t.ok(checks >= 58, `ran ${checks} checks`);
});
