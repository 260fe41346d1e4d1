/**
 * Runs a fixture script from test/fixtures/web-apis/ with `nano run`; the script records checks with
 * harness.js and prints them as JSON on its last line. Each check becomes one tap assertion.
 */
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import { nano } from './nano-cli.ts';

interface Check {
  name: string;
  ok: boolean;
  actual: string;
  expected: string;
}

export function webApiFixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/web-apis/${name}`, import.meta.url));
}

/** Runs the fixture and asserts every check it recorded; returns how many there were. */
export async function runScriptChecks(t: Test, fixture: string): Promise<number> {
  const result = await nano(['run', webApiFixture(fixture)], { killAfterMs: 60_000 });
  t.equal(result.code, 0, `${fixture} exits 0`, { stderr: result.stderr });
  const lastLine = result.stdout.trim().split('\n').at(-1) ?? '[]';
  const checks = JSON.parse(lastLine) as Check[];
  for (const check of checks) {
    t.ok(check.ok, check.name, { actual: check.actual, expected: check.expected });
  }
  return checks.length;
}
