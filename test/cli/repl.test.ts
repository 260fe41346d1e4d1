/**
 * The REPL driven through a pipe, as `echo '1+2' | nano` does: no prompts or banner, values on stdout
 * (inspected like Node's REPL), `Uncaught …` on stderr, and the session goes on after an error.
 */
import t from 'tap';
import { nano } from '../helpers/nano-cli.ts';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

t.test('a piped session: values, persistence, await, multi-line input, commands, errors', async (t) => {
  const input = lines(
    '1 + 2',
    "'a string'",
    'let counter = 1',
    "const fixed = 'kept'",
    'counter += 41',
    'fixed',
    "var old = 'var'",
    'old',
    '{ a: 1, b: [1, 2] }',
    'function add(a, b) {',
    '  return a + b;',
    '}',
    'add(2, 3)',
    'const multi = `line one',
    'line two`',
    'multi',
    '[1,',
    ' 2].map((n) => n * 2)',
    'await new Promise((resolve) => setTimeout(() => resolve(5), 10))',
    'const answer = await Promise.resolve(42)',
    'answer',
    'const { x, y: [z] } = await { x: 1, y: [2] }',
    'x + z',
    'class Point { constructor(x) { this.x = x; } }',
    'new Point(3)',
    "Promise.resolve('done')",
    "console.log('printed by console.log')",
    'null.property',
    'counter',
    "throw new RangeError('thrown')",
    "await Promise.reject(new TypeError('rejected'))",
    "setTimeout(() => console.log('timer after the last line'), 20); 'scheduled'",
    'let broken = (',
    '.break',
    '.nope',
    '.help',
  );
  const result = await nano([], { input });
  t.equal(result.code, 0);
  t.equal(
    result.stdout,
    lines(
      '3',
      "'a string'",
      'undefined',
      'undefined',
      '42',
      "'kept'",
      'undefined',
      "'var'",
      '{ a: 1, b: [ 1, 2 ] }',
      'undefined',
      '5',
      'undefined',
      "'line one\\nline two'",
      '[ 2, 4 ]',
      '5',
      'undefined',
      '42',
      'undefined',
      '3',
      'undefined',
      'Point { x: 3 }',
      "Promise { 'done' }",
      'printed by console.log',
      'undefined',
      '42',
      "'scheduled'",
      '.break    Sometimes you get stuck, this gets you out',
      '.clear    Break, and also start over in a fresh isolate',
      '.exit     Exit the REPL',
      '.help     Print this help message',
      '',
      'Press Ctrl+C to abort current expression, Ctrl+D to exit the REPL',
      'timer after the last line',
    ),
  );
  t.equal(
    result.stderr,
    lines(
      "Uncaught TypeError: Cannot read properties of null (reading 'property')",
      'Uncaught RangeError: thrown',
      'Uncaught TypeError: rejected',
      'Invalid REPL keyword',
    ),
  );
});

t.test('.exit leaves at once; .clear starts over; stack frames of REPL functions are kept', async (t) => {
  const input = lines(
    'let kept = 1',
    '.clear',
    'typeof kept',
    'function fails() {',
    "  throw new Error('inside');",
    '}',
    'fails()',
    "setTimeout(() => console.log('never printed'), 50); 'pending'",
    '.exit',
    "'not evaluated'",
  );
  const result = await nano([], { input });
  t.equal(result.code, 0);
  t.equal(result.stdout, lines('undefined', "'undefined'", 'undefined', "'pending'"));
  t.equal(result.stderr, lines('Uncaught Error: inside', '    at fails (REPL3:2:9)'));
});
