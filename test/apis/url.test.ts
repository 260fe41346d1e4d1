/**
 * URL inside a real isolate against the WPT data tables (url/resources/): the constructor and origin
 * tables (urltestdata.json and its JavaScript-only companion, as url-constructor.any.js,
 * url-origin.any.js and url-statics-*.any.js run them), the setters (setters_tests.json, and the
 * stripping cases url-setters-stripping.any.js generates), hosts (toascii.json, IdnaTestV2.json and
 * IdnaTestV2-removed.json, as toascii.any.js and IdnaTestV2.window.js run them) and percent-encoding.json.
 * The last table is about documents in legacy encodings; a worker's URLs always encode queries as UTF-8,
 * so only its "utf-8" column applies (checked through the query and the fragment).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { nano, scratchDir } from '../helpers/nano-cli.ts';

const resources = join(import.meta.dirname, '../../../shared/wpt-data/url/resources');
const table = (name: string): unknown => JSON.parse(readFileSync(join(resources, name), 'utf8'));

const TABLES = {
  urltestdata: table('urltestdata.json'),
  javascriptOnly: table('urltestdata-javascript-only.json'),
  setters: table('setters_tests.json'),
  toascii: table('toascii.json'),
  idna: table('IdnaTestV2.json'),
  idnaRemoved: table('IdnaTestV2-removed.json'),
  percentEncoding: table('percent-encoding.json'),
};

/**
 * Known failures by suite: none. (Node 24's ada lets through "xn--" labels that UTS #46 rejects, about
 * 800 cases of these tables; apis/url/host-idna.ts checks them.)
 */
const KNOWN_FAILURES: Record<string, string[]> = {};

/** Runs every case inside the isolate; prints `{ suite: { passed, failedCount, failed: [first 20] } }`. */
const RUNNER = `
import tables from './tables.mjs';

const cases = (list) => list.filter((entry) => typeof entry !== 'string');
const summary = {};

function runSuite(name, entries, label, check) {
  let passed = 0;
  const failed = [];
  for (const entry of entries) {
    let problem;
    try {
      problem = check(entry);
    } catch (error) {
      problem = 'threw ' + error;
    }
    if (problem === undefined) passed++;
    else failed.push(label(entry) + ': ' + problem);
  }
  summary[name] = { passed, failedCount: failed.length, failed: failed.slice(0, 20) };
}

const differ = (actual, expected, what) =>
  actual === expected ? undefined : what + ' ' + JSON.stringify(actual) + ' instead of ' + JSON.stringify(expected);
const first = (...checks) => {
  for (const check of checks) {
    const problem = check();
    if (problem !== undefined) return problem;
  }
  return undefined;
};
const throwsTypeError = (fn) => {
  try {
    fn();
    return 'did not throw';
  } catch (error) {
    return error instanceof TypeError ? undefined : 'threw ' + error;
  }
};

const COMPONENTS = ['href', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];

runSuite(
  'urltestdata',
  [...cases(tables.urltestdata), ...cases(tables.javascriptOnly)],
  (entry) => 'Parsing <' + entry.input + '> against <' + entry.base + '>',
  (entry) => {
    const base = entry.base ?? undefined;
    if (entry.failure) {
      return first(
        () => throwsTypeError(() => new URL(entry.input, base)),
        () => differ(URL.canParse(entry.input, base), false, 'URL.canParse'),
        () => differ(URL.parse(entry.input, base), null, 'URL.parse'),
      );
    }
    const url = new URL(entry.input, base);
    return first(
      ...COMPONENTS.map((name) => () => differ(url[name], entry[name], name)),
      () => ('searchParams' in entry ? differ(url.searchParams.toString(), entry.searchParams, 'searchParams') : undefined),
      () => ('origin' in entry ? differ(url.origin, entry.origin, 'origin') : undefined),
      () => differ(String(url), entry.href, 'toString()'),
      () => differ(JSON.stringify(url), JSON.stringify(entry.href), 'toJSON()'),
      () => differ(URL.canParse(entry.input, base), true, 'URL.canParse'),
      () => differ(URL.parse(entry.input, base)?.href, entry.href, 'URL.parse'),
    );
  },
);

const setterCases = Object.entries(tables.setters)
  .filter(([attribute]) => attribute !== 'comment')
  .flatMap(([attribute, list]) => list.map((entry) => ({ attribute, ...entry })));
runSuite(
  'setters',
  setterCases,
  (entry) => 'Setting <' + entry.href + '>.' + entry.attribute + " = '" + entry.new_value + "'",
  (entry) => {
    const url = new URL(entry.href);
    url[entry.attribute] = entry.new_value;
    return first(...Object.entries(entry.expected).map(([name, value]) => () => differ(url[name], value, name)));
  },
);

function urlString({ scheme = 'https', username = 'username', password = 'password', host = 'host', port = '8000',
  pathname = 'path', search = 'query', hash = 'fragment' }) {
  return scheme + '://' + username + ':' + password + '@' + host + ':' + port + '/' + pathname + '?' + search + '#' + hash;
}

/** url-setters-stripping.any.js: C0 controls at the edges and in the middle of every setter's value. */
function strippingCases() {
  const list = [];
  const add = (scheme, property, input, expectedProperty, expectedURL) =>
    list.push({ scheme, property, input, expectedProperty, expectedHref: urlString({ scheme, ...expectedURL }) });
  for (const scheme of ['https', 'wpt++']) {
    for (const code of [0x00, 0x09, 0x0a, 0x0d, 0x1f]) {
      const stripped = code === 0x09 || code === 0x0a || code === 0x0d;
      const char = String.fromCodePoint(code);
      const encoded = encodeURIComponent(char);
      const newScheme = scheme === 'https' ? 'http' : 'wpt--';
      const expectedScheme = stripped ? newScheme : scheme;
      add(scheme, 'protocol', char + newScheme, expectedScheme + ':', { scheme: expectedScheme });
      add(scheme, 'protocol', newScheme + char, expectedScheme + ':', { scheme: expectedScheme });
      const placements = (part) => [
        [part + 'test', char + 'test'],
        ['te' + part + 'st', 'te' + char + 'st'],
        ['test' + part, 'test' + char],
      ];
      for (const property of ['username', 'password']) {
        for (const [expected, input] of placements(encoded)) add(scheme, property, input, expected, { scheme, [property]: expected });
      }
      for (const [expectedPart, input] of placements(scheme === 'https' ? char : encoded)) {
        const host = code === 0x00 || (scheme === 'https' && code === 0x1f) ? 'host' : stripped ? 'test' : expectedPart;
        add(scheme, 'host', input, host + ':8000', { scheme, host });
        add(scheme, 'hostname', input, host, { scheme, host });
      }
      add(scheme, 'port', char + '9000', stripped ? '9000' : '8000', { scheme, port: stripped ? '9000' : '8000' });
      add(scheme, 'port', '90' + char + '00', stripped ? '9000' : '90', { scheme, port: stripped ? '9000' : '90' });
      add(scheme, 'port', '9000' + char, '9000', { scheme, port: '9000' });
      for (const [property, separator] of [['pathname', '/'], ['search', '?'], ['hash', '#']]) {
        for (const [expectedPart, input] of placements(encoded)) {
          const expected = stripped ? 'test' : expectedPart;
          add(scheme, property, input, separator + expected, { scheme, [property]: expected });
        }
      }
    }
  }
  return list;
}
runSuite(
  'setters-stripping',
  strippingCases(),
  (entry) => 'Setting ' + entry.property + ' to ' + JSON.stringify(entry.input) + ' (' + entry.scheme + ':)',
  (entry) => {
    const url = new URL(urlString({ scheme: entry.scheme }));
    url[entry.property] = entry.input;
    return first(
      () => differ(url[entry.property], entry.expectedProperty, entry.property),
      () => differ(url.href, entry.expectedHref, 'href'),
    );
  },
);

function hostCheck(input, output) {
  if (output === null) return throwsTypeError(() => new URL('https://' + input + '/x'));
  const url = new URL('https://' + input + '/x');
  return first(
    () => differ(url.host, output, 'host'),
    () => differ(url.hostname, output, 'hostname'),
    () => differ(url.pathname, '/x', 'pathname'),
    () => differ(url.href, 'https://' + output + '/x', 'href'),
  );
}
const toasciiCases = cases(tables.toascii).flatMap((entry) => [
  { ...entry, via: 'URL' },
  { ...entry, via: 'host' },
  { ...entry, via: 'hostname' },
]);
runSuite(
  'toascii',
  toasciiCases,
  (entry) => entry.input + ' (using ' + (entry.via === 'URL' ? 'URL' : 'URL.' + entry.via) + ')',
  (entry) => {
    if (entry.via === 'URL') return hostCheck(entry.input, entry.output);
    const url = new URL('https://x/x');
    url[entry.via] = entry.input;
    return differ(url[entry.via], entry.output ?? 'x', entry.via);
  },
);

for (const [suite, list] of [['IdnaTestV2', tables.idna], ['IdnaTestV2-removed', tables.idnaRemoved]]) {
  runSuite(
    suite,
    cases(list).filter((entry) => entry.input !== ''),
    (entry) => 'ToASCII(' + JSON.stringify(entry.input) + ')' + (entry.comment ? ' ' + entry.comment : ''),
    (entry) => hostCheck(entry.input, entry.output),
  );
}

runSuite(
  'percent-encoding (UTF-8)',
  cases(tables.percentEncoding),
  (entry) => 'Input ' + JSON.stringify(entry.input),
  (entry) => {
    const url = new URL('https://doesnotmatter.invalid/?' + entry.input + '#' + entry.input);
    return first(
      () => differ(url.search, '?' + entry.output['utf-8'], 'search'),
      () => differ(url.hash, '#' + entry.output['utf-8'], 'hash'),
    );
  },
);

console.log(JSON.stringify(summary));
`;

interface SuiteSummary {
  passed: number;
  failedCount: number;
  failed: string[];
}

t.test('WPT URL data tables in an isolate', async (t) => {
  const dir = scratchDir({
    'tables.mjs': `export default ${JSON.stringify(TABLES)};\n`,
    'wpt-url.mjs': RUNNER,
  });
  const result = await nano(['run', join(dir, 'wpt-url.mjs')], { killAfterMs: 120_000 });
  t.equal(result.code, 0, 'runner exits 0', { stderr: result.stderr });
  const summary = JSON.parse(result.stdout) as Record<string, SuiteSummary>;
  const suites = [
    'urltestdata',
    'setters',
    'setters-stripping',
    'toascii',
    'IdnaTestV2',
    'IdnaTestV2-removed',
    'percent-encoding (UTF-8)',
  ];
  t.same(Object.keys(summary), suites, 'every suite ran');
  for (const [name, suite] of Object.entries(summary)) {
    t.ok(suite.passed > 0, `${name}: ${suite.passed} cases pass`);
    t.same(suite.failed, KNOWN_FAILURES[name] ?? [], `${name}: only the known failures`);
  }
});
