/**
 * URL, URLSearchParams and URLPattern inside a NANO isolate against the same calls in plain Node. One
 * script runs in both: under `nano run` it uses NANO's classes (a parse or setter is one crossing to
 * the host's URL parser), under `node` Node's own. Prints ops/s per case and NANO's ratio.
 *
 *   ../shared/tools/debian13 node bench/url-parse.ts [--ms 1000]
 */
import { parseArgs } from 'node:util';
import { printComparison, runInNodeAndNano, TIME_CASES_SOURCE } from './lib/versus-node.ts';

const { values: flags } = parseArgs({ options: { ms: { type: 'string', default: '1000' } } });

/** Runs each case for about --ms milliseconds (Date.now: the same clock in both runtimes). */
const BENCHMARK = `${TIME_CASES_SOURCE}
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
console.log(JSON.stringify(timeCases(cases, ms)));
`;

const { node, nano } = await runInNodeAndNano(BENCHMARK);
printComparison(node, nano);
