/**
 * TextEncoder/TextDecoder inside a real isolate: the fixture's checks, then every label of the Encoding
 * Standard (taken from @exodus/bytes' copy of the standard's table, independent of NANO's own) with the
 * ASCII-case and whitespace variants "get an encoding" must accept and the look-alikes it must refuse.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { nano, scratchDir } from '../helpers/nano-cli.ts';
import { runScriptChecks } from '../helpers/script-checks.ts';

t.test('TextEncoder and TextDecoder: encodings, errors, BOM, streaming', async (t) => {
  const checks = await runScriptChecks(t, 'encoding.js');
  t.ok(checks >= 220, `ran ${checks} checks`);
});

async function standardLabels(): Promise<[label: string, name: string][]> {
  const labelsFile = join(
    import.meta.dirname,
    '../../node_modules/@exodus/bytes/fallback/encoding.labels.js',
  );
  const { default: labels } = (await import(pathToFileURL(labelsFile).href)) as {
    default: Record<string, string[]>;
  };
  return Object.entries(labels).flatMap(([name, aliases]) =>
    [name, ...aliases].map((label): [string, string] => [label, name]),
  );
}

t.test('every Encoding Standard label, normalised', async (t) => {
  const table = await standardLabels();
  const cases: [label: string, expected: string][] = [];
  for (const [label, name] of table) {
    const expected = name === 'replacement' ? 'RangeError' : name;
    cases.push([label, expected], [` \t\n\f\r${label.toUpperCase()}\r\n `, expected]);
  }
  cases.push(
    ['\vutf-8', 'RangeError'],
    ['\u00A0utf-8', 'RangeError'],
    ['utf-8\u0000', 'RangeError'],
    ['\u212Aoi8-r', 'RangeError'],
    ['utf\u2010 8', 'RangeError'],
    ['', 'RangeError'],
  );
  const script = `
const cases = ${JSON.stringify(cases.map(([label]) => label))};
console.log(JSON.stringify(cases.map((label) => {
  try { return new TextDecoder(label).encoding; } catch (error) { return error.name; }
})));
`;
  const dir = scratchDir({ 'labels.js': script });
  const result = await nano(['run', join(dir, 'labels.js')]);
  t.equal(result.code, 0, 'script exits 0', { stderr: result.stderr });
  const actual = JSON.parse(result.stdout) as string[];
  t.ok(table.length >= 219, `${table.length} labels in the standard's table`);
  for (const [index, [label, expected]] of cases.entries()) {
    t.equal(actual[index], expected, `label ${JSON.stringify(label)}`);
  }
});
