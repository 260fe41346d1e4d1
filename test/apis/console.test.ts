/**
 * console inside a real isolate, compared with what Node 24 prints for the same code. The expected
 * outputs in test/fixtures/console/*.txt were recorded from Node 24.21 (`node <fixture>`); where NANO
 * differs on purpose it is said below (a promise's state, Node's own warnings and internal frames).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import t from 'tap';
import { nano, scratchDir } from '../helpers/nano-cli.ts';

const fixtures = fileURLToPath(new URL('../fixtures/console/', import.meta.url));
const expected = (name: string) => readFileSync(join(fixtures, name), 'utf8');

/** `### name` blocks of output → name → text. */
function cases(output: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const block of output.split(/^### /m).slice(1)) {
    const newline = block.indexOf('\n');
    blocks.set(block.slice(0, newline), block.slice(newline + 1));
  }
  return blocks;
}

t.test('console.log inspects values as Node does', async (t) => {
  const result = await nano(['run', join(fixtures, 'inspect.js')]);
  t.equal(result.code, 0, 'exits 0', { stderr: result.stderr });
  // Node shows `Promise { 1 }`: a promise's state is visible to V8's internals only, not to JavaScript.
  const want = cases(expected('inspect.expected.txt'));
  const got = cases(result.stdout);
  t.same([...got.keys()], [...want.keys()], 'the same cases, in order');
  for (const [name, text] of want) t.equal(got.get(name), text, name);
});

t.test('every console method, stdout and stderr', async (t) => {
  const fixture = join(fixtures, 'methods.js');
  const result = await nano(['run', fixture]);
  t.equal(result.code, 0, 'exits 0', { stderr: result.stderr });
  // Durations vary; the rest is Node's output, except the method list (the WHATWG namespace, without
  // Node's extras) and the warnings, which Node prints later, with its process id.
  t.equal(
    result.stdout.replace(/measured: [\d.]+ms/g, 'measured: Nms'),
    expected('methods.expected-stdout.txt'),
  );
  t.equal(
    result.stderr.replaceAll(pathToFileURL(fixture).href, 'FILE'),
    expected('methods.expected-stderr.txt'),
  );
});

t.test('uncaught errors print like Node, without NANO frames', async (t) => {
  const dir = scratchDir({
    'errors.js': [
      "const abort = new DOMException('gone', 'AbortError');",
      "console.log(abort.stack.split('\\n')[0]);",
      'console.log(abort);',
      'setTimeout(() => {',
      "  const error = new TypeError('with code');",
      "  error.code = 'E_X';",
      '  throw error;',
      '});',
    ].join('\n'),
  });
  const file = pathToFileURL(join(dir, 'errors.js')).href;
  const result = await nano(['run', join(dir, 'errors.js')]);
  t.equal(result.code, 1);
  t.equal(result.stdout, `AbortError: gone\nDOMException [AbortError]: gone\n    at ${file}:1:15\n`);
  t.equal(result.stderr, `Uncaught TypeError: with code\n    at ${file}:5:17 {\n  code: 'E_X'\n}\n`);
  t.notMatch(result.stderr, /nano:internal/);
});
