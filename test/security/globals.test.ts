/**
 * Nothing of the host is reachable from tenant code: a walk over everything reachable from the
 * isolate's global object (test/fixtures/security/global-walk.mjs) finds no Node global and no
 * isolated-vm object, and code generated from strings sees only the isolate's own global.
 */
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { nano } from '../helpers/nano-cli.ts';

const fixture = fileURLToPath(new URL('../fixtures/security/global-walk.mjs', import.meta.url));

interface Attempt {
  threw: boolean;
  name?: string;
  type?: string;
  isGlobal?: boolean;
}

interface Report {
  forbiddenGlobals: string[];
  bootstrapLeftovers: string[];
  walk: { visited: number; reached: string[]; ivmObjects: string[]; hostish: string[] };
  constructorConstructor: Attempt;
  functionProcess: Attempt;
  functionRequire: Attempt;
  asyncFunctionProcess: Attempt;
  internalFrames: { internal: number; leaks: number };
  dynamicImport: string;
  functionThisIsOwnGlobal: boolean;
}

t.test('the global object and everything reachable from it', async (t) => {
  const result = await nano(['run', fixture]);
  t.equal(result.code, 0, 'exits 0', { stderr: result.stderr });
  const report = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Report;

  t.same(
    report.forbiddenGlobals,
    [],
    'no process, require, Buffer, global, module, exports, SharedArrayBuffer',
  );
  t.same(report.bootstrapLeftovers, [], 'the bootstrap function is gone');
  t.ok(report.walk.visited > 500, `walked ${report.walk.visited} objects`);
  t.same(
    report.walk.reached,
    ['console.log', 'setTimeout', 'DOMException.prototype.code<get>', 'Object.prototype.__proto__<set>'],
    'the walk reached values behind several hops',
  );
  t.same(report.walk.ivmObjects, [], 'no isolated-vm object or class');
  t.same(report.walk.hostish, [], 'no key named process, require or Buffer anywhere');

  // Whether code generation from strings is allowed or not, it must not reach the host.
  const generated = report.constructorConstructor;
  t.ok(
    generated.threw || generated.isGlobal,
    "this.constructor.constructor('return this')() is the isolate's global",
  );
  t.ok(report.functionThisIsOwnGlobal, "Function('return this')() is the isolate's global");
  for (const attempt of ['functionProcess', 'functionRequire', 'asyncFunctionProcess'] as const) {
    const outcome = report[attempt];
    t.ok(
      outcome.threw ? outcome.name === 'ReferenceError' : outcome.type === 'undefined',
      `${attempt}: nothing`,
    );
  }
  t.match(report.dynamicImport, /^rejected/, "import('node:fs') is refused");
  t.ok(report.internalFrames.internal > 0, 'NANO frames were on the stack');
  t.equal(report.internalFrames.leaks, 0, 'their functions and receivers are hidden (strict mode)');
});
