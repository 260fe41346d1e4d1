/**
 * URL, URLSearchParams and URLPattern inside a NANO isolate against the same calls in plain Node. One
 * script runs in both: under `nano run` it uses NANO's classes (a parse or setter is one crossing to
 * the host's URL parser), under `node` Node's own. Prints ops/s per case and NANO's ratio.
 *
 *   ../shared/tools/debian13 node bench/url-parse.ts [--ms 1000]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const NODE_FLAGS = ['--no-node-snapshot', '--disable-warning=ExperimentalWarning'];

const { values: flags } = parseArgs({ options: { ms: { type: 'string', default: '1000' } } });

/** Runs each case for about --ms milliseconds (Date.now: the same clock in both runtimes). */
const BENCHMARK = `
const ms = ${Number(flags.ms)};
const parsed = new URL('https://example.com/a/b?c=d#e');
const books = new URLPattern({ pathname: '/books/:id' });
const cases = {
  "new URL('https://example.com/a/b?c=d#e')": () => new URL('https://example.com/a/b?c=d#e').href,
  'new URL(relative, base)': () => new URL('../x?y=1', 'https://example.com/a/b/c').href,
  'URL.canParse': () => URL.canParse('https://example.com/a/b?c=d#e'),
  'getters (host, pathname, search, hash)': () => parsed.host + parsed.pathname + parsed.search + parsed.hash,
  'pathname setter': () => {
    parsed.pathname = '/x/y';
    return parsed.href;
  },
  'new URL + searchParams.get': () => new URL('https://example.com/a?c=d&e=f').searchParams.get('e'),
  'new URLSearchParams(query).toString()': () => new URLSearchParams('a=1&b=two+words&c=%C3%A9').toString(),
  "URLPattern.exec('https://example.com/books/12')": () => books.exec('https://example.com/books/12'),
  "URLPattern.test({ pathname: '/books/12' })": () => books.test({ pathname: '/books/12' }),
  'new URLPattern({ pathname })': () => new URLPattern({ pathname: '/books/:id' }),
};
const results = {};
let sink = 0;
for (const [name, fn] of Object.entries(cases)) {
  for (let i = 0; i < 2000; i++) sink += fn() ? 1 : 0;
  let operations = 0;
  const start = Date.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 200; i++) sink += fn() ? 1 : 0;
    operations += 200;
    elapsed = Date.now() - start;
  }
  results[name] = Math.round((operations * 1000) / elapsed);
}
console.log(JSON.stringify(results), sink > 0 ? '' : ' ');
`;

async function measure(command: string[]): Promise<Record<string, number>> {
  const { stdout } = await run(process.execPath, command, { cwd: root, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim()) as Record<string, number>;
}

const dir = mkdtempSync(join(tmpdir(), 'nano-bench-url-'));
try {
  const script = join(dir, 'url.js');
  writeFileSync(script, BENCHMARK);
  const node = await measure([...NODE_FLAGS, script]);
  const isolate = await measure([...NODE_FLAGS, 'bin/nano.ts', 'run', script]);
  const format = (value: number) => value.toLocaleString('en-US').padStart(13);
  console.log(`${'case'.padEnd(50)}${'NANO ops/s'.padStart(13)}${'Node ops/s'.padStart(13)}   NANO/Node`);
  for (const [name, nodeOps] of Object.entries(node)) {
    const nanoOps = isolate[name] ?? 0;
    console.log(`${name.padEnd(50)}${format(nanoOps)}${format(nodeOps)}   ${(nanoOps / nodeOps).toFixed(2)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
