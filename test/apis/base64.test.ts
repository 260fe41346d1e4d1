/**
 * atob/btoa inside a real isolate: WPT's forgiving-base64 decode table (fetch/data-urls/resources/
 * base64.json: input → bytes, or null for failure) and btoa's encodings and errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { nano, scratchDir } from '../helpers/nano-cli.ts';

const tablePath = join(import.meta.dirname, '../../../shared/wpt-data/fetch/data-urls/resources/base64.json');
const decodeTable = JSON.parse(readFileSync(tablePath, 'utf8')) as [input: string, bytes: number[] | null][];

const encodeTable: [input: string, expected: string][] = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['\u0000\u00ff\u00fe', 'AP/+'],
  ['\u00ff'.repeat(4), '/////w=='],
];

/** What a script prints for each case: the bytes, or the error's name and code. */
const SCRIPT = `
const outcome = (fn) => {
  try {
    return fn();
  } catch (error) {
    return { error: error.name, code: error.code, isDOMException: error instanceof DOMException };
  }
};
const decodeInputs = ${JSON.stringify(decodeTable.map(([input]) => input))};
const encodeInputs = ${JSON.stringify(encodeTable.map(([input]) => input))};
console.log(JSON.stringify({
  decoded: decodeInputs.map((input) => outcome(() => Array.from(atob(input), (c) => c.charCodeAt(0)))),
  encoded: encodeInputs.map((input) => outcome(() => btoa(input))),
  extra: {
    btoaRoundTrip: atob(btoa(String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i)))).length,
    btoaAboveLatin1: outcome(() => btoa('a\\u0100')),
    btoaEuro: outcome(() => btoa('€')),
    btoaNumber: btoa(12),
    btoaUndefined: btoa(undefined),
    atobNull: Array.from(atob(null), (c) => c.charCodeAt(0)),
    atobUndefined: outcome(() => atob(undefined)),
    atobNoArgument: outcome(() => atob()),
    btoaNoArgument: outcome(() => btoa()),
    atobLength: atob.length,
    large: atob(btoa('x'.repeat(100000))).length,
  },
}));
`;

t.test('atob and btoa in an isolate', async (t) => {
  const dir = scratchDir({ 'base64.js': SCRIPT });
  const result = await nano(['run', join(dir, 'base64.js')]);
  t.equal(result.code, 0, 'script exits 0', { stderr: result.stderr });
  const { decoded, encoded, extra } = JSON.parse(result.stdout);
  const invalid = { error: 'InvalidCharacterError', code: 5, isDOMException: true };
  for (const [index, [input, bytes]] of decodeTable.entries()) {
    t.same(decoded[index], bytes ?? invalid, `atob(${JSON.stringify(input)})`);
  }
  for (const [index, [input, expected]] of encodeTable.entries()) {
    t.equal(encoded[index], expected, `btoa(${JSON.stringify(input)})`);
  }
  t.same(
    extra,
    {
      btoaRoundTrip: 256,
      btoaAboveLatin1: invalid,
      btoaEuro: invalid,
      btoaNumber: 'MTI=',
      btoaUndefined: 'dW5kZWZpbmVk',
      atobNull: [158, 233, 101],
      atobUndefined: invalid,
      atobNoArgument: { error: 'TypeError', isDOMException: false },
      btoaNoArgument: { error: 'TypeError', isDOMException: false },
      atobLength: 1,
      large: 100000,
    },
    'argument conversion, errors, round trips',
  );
});
