/** CLI conventions: help, version, and one-line usage errors with exit 2. */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { nano } from '../helpers/nano-cli.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const ANSI_ESCAPE = '\u001b[';

t.test('nano --help lists the commands and the REPL, as plain text in a pipe', async (t) => {
  const result = await nano(['--help']);
  t.equal(result.code, 0);
  t.match(result.stdout, /USAGE nano run\|serve/);
  t.match(result.stdout, /run +Run a \.js, \.mjs or \.ts file/);
  t.match(result.stdout, /Without a command, nano starts a REPL/);
  t.notOk(result.stdout.includes(ANSI_ESCAPE), 'no colour codes');
});

t.test('nano run --help describes the command and its options', async (t) => {
  const result = await nano(['run', '--help']);
  t.equal(result.code, 0);
  t.match(result.stdout, /USAGE nano run \[OPTIONS\] <FILE>/);
  t.match(result.stdout, /--timeout=<ms>/);
  t.notOk(result.stdout.includes(ANSI_ESCAPE), 'no colour codes');
});

t.test('nano --version prints the package version', async (t) => {
  const result = await nano(['--version']);
  t.equal(result.code, 0);
  t.equal(result.stdout, `${version}\n`);
});

const usageErrors: Array<[string, string[], RegExp]> = [
  ['an unknown command', ['deploy'], /^nano: Unknown command "deploy" \(commands: run, serve, trigger\)\n$/],
  ['an unknown option', ['--verbose'], /^nano: Unknown option --verbose \(see nano --help\)\n$/],
  [
    'an unknown option of a command',
    ['run', '--fast', 'x.js'],
    /^nano: Unknown option --fast for nano run\n$/,
  ],
  ['a missing argument', ['run'], /^nano: Missing required positional argument: FILE\n$/],
];

for (const [what, args, message] of usageErrors) {
  t.test(`${what} is one line on stderr, exit 2`, async (t) => {
    const result = await nano(args);
    t.equal(result.code, 2);
    t.match(result.stderr, message);
    t.equal(result.stdout, '');
  });
}
