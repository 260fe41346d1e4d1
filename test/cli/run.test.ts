import { join } from 'node:path';
import t from 'tap';
import { nano, scratchDir } from '../helpers/nano-cli.ts';

t.test('runs a TypeScript module with local imports, timers and microtasks', async (t) => {
  const dir = scratchDir({
    'main.ts': [
      "import { twice } from './lib.ts';",
      'const n: number = twice(21);',
      "setTimeout((label: string) => console.log('timer', label), 0, 'arg');",
      "Promise.resolve().then(() => console.log('microtask'));",
      "console.log('answer', n);",
    ].join('\n'),
    'lib.ts': 'export function twice(x: number): number { return x * 2; }\n',
  });
  const result = await nano(['run', join(dir, 'main.ts')]);
  t.equal(result.code, 0, result.stderr);
  t.equal(result.stdout, 'answer 42\nmicrotask\ntimer arg\n');
});

t.test('an uncaught exception in a timer prints the file and line, exit 1', async (t) => {
  const dir = scratchDir({ 'bad.js': 'setTimeout(() => {\n  null.x;\n}, 1);\n' });
  const result = await nano(['run', join(dir, 'bad.js')]);
  t.equal(result.code, 1);
  t.match(result.stderr, /^Uncaught TypeError: Cannot read properties of null/);
  t.match(result.stderr, `${join(dir, 'bad.js')}:2:8`);
  t.notMatch(result.stderr, /nano:internal|isolated-vm/);
});

t.test('an unhandled rejection prints the error with its stack, exit 1', async (t) => {
  const dir = scratchDir({
    'reject.mjs': "setTimeout(async () => {\n  throw new RangeError('late');\n}, 1);\n",
  });
  const result = await nano(['run', join(dir, 'reject.mjs')]);
  t.equal(result.code, 1);
  t.match(result.stderr, /Uncaught \(in promise\) RangeError: late/);
  t.match(result.stderr, `${join(dir, 'reject.mjs')}:2:9`);
});

t.test('--timeout stops a busy loop with exit 124 and says so', async (t) => {
  const dir = scratchDir({ 'spin.js': 'while (true) {}\n' });
  const result = await nano(['run', '--timeout', '200', join(dir, 'spin.js')]);
  t.equal(result.code, 124);
  t.match(result.stderr, /timed out after 200 ms/);
});

t.test('a missing file is one line on stderr, exit 2', async (t) => {
  const result = await nano(['run', '/nonexistent/nope.js']);
  t.equal(result.code, 2);
  t.equal(result.stderr.trim().split('\n').length, 1);
  t.match(result.stderr, /Cannot find file/);
});

t.test('- reads the script from stdin, as a module', async (t) => {
  const result = await nano(['run', '-'], {
    input: "const value = await Promise.resolve('from stdin');\nconsole.log(value, typeof import.meta);\n",
  });
  t.equal(result.code, 0, 'exits 0', { stderr: result.stderr });
  t.equal(result.stdout, 'from stdin object\n');
});
