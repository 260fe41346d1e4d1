/**
 * URLSearchParams and the URL API around the data tables, inside a real isolate, with cases in the
 * style of WPT's urlsearchparams-*.any.js, url-searchparams.any.js, url-statics-canparse/parse.any.js
 * and url-tojson.any.js: construction from strings, sequences and records; delete/has with a value;
 * sort stability; size; the live binding between a URL and its searchParams in both directions; the
 * urlencoded encoding of "+", "%20", non-ASCII and lone surrogates; Web IDL argument and receiver checks.
 */
import { join } from 'node:path';
import t from 'tap';
import { nano, scratchDir } from '../helpers/nano-cli.ts';

const SCRIPT = String.raw`
'use strict';
const checks = [];
const check = (name, actual, expected) =>
  checks.push({ name, actual: JSON.stringify(actual), expected: JSON.stringify(expected) });
const errorOf = (fn) => {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return error.name;
  }
};
const pairs = (params) => [...params];

// Construction (urlsearchparams-constructor.any.js)
check('no argument', new URLSearchParams().toString(), '');
check('empty string', new URLSearchParams('').toString(), '');
check('leading ? removed', new URLSearchParams('?a=b').toString(), 'a=b');
check('only one ? removed', new URLSearchParams('??a=b').toString(), '%3Fa=b');
check('empty object', new URLSearchParams({}).toString(), '');
check('+ is space in names and values', pairs(new URLSearchParams('a+b=c+d')), [['a b', 'c d']]);
check('%2B is +', new URLSearchParams('a=b%2Bc').get('a'), 'b+c');
check('%20 is space', new URLSearchParams('a=b%20c').get('a'), 'b c');
check('NUL kept', new URLSearchParams('a\0b=42').get('a\0b'), '42');
check('percent-decoded NUL', new URLSearchParams('a=b%00c').get('a'), 'b\0c');
check('bad escapes stay', new URLSearchParams('a=%zz%4%').get('a'), '%zz%4%');
check('UTF-8 percent-decoding', new URLSearchParams('a=b%e2%8e%84').get('a'), 'b\u2384');
check('invalid UTF-8 becomes U+FFFD', new URLSearchParams('a=%C3%28%FF').get('a'), '\uFFFD(\uFFFD');
check('astral characters', new URLSearchParams('a%f0%9f%92%a9b=c').get('a\uD83D\uDCA9b'), 'c');
check('empty pairs skipped, missing = is empty value', pairs(new URLSearchParams('&a&&b=&=c&')), [
  ['a', ''],
  ['b', ''],
  ['', 'c'],
]);
const original = new URLSearchParams('a=b&c=d');
const copy = new URLSearchParams(original);
copy.append('e', 'f');
check('copy constructor is independent', [original.toString(), copy.toString()], ['a=b&c=d', 'a=b&c=d&e=f']);
check('sequence', new URLSearchParams([['a', 'b'], ['c', 'd']]).toString(), 'a=b&c=d');
check('sequence items are converted', new URLSearchParams([[1, 2], [null, undefined]]).toString(), '1=2&null=undefined');
check('sequence pair of 1 item', errorOf(() => new URLSearchParams([[1]])), 'TypeError');
check('sequence pair of 3 items', errorOf(() => new URLSearchParams([[1, 2, 3]])), 'TypeError');
check('sequence of non-sequences', errorOf(() => new URLSearchParams([1])), 'TypeError');
check(
  'custom iterable',
  new URLSearchParams({ *[Symbol.iterator]() { yield ['x', 'y']; } }).toString(),
  'x=y',
);
check('record', new URLSearchParams({ c: 'x', a: '?' }).toString(), 'c=x&a=%3F');
check('record with +', new URLSearchParams({ '+': '%C2' }).toString(), '%2B=%25C2');
check(
  'record keys with lone surrogates collapse in place',
  new URLSearchParams({ '\uD835x': '1', xx: '2', '\uD83Dx': '3' }).toString(),
  '%EF%BF%BDx=3&xx=2',
);
check('record with a symbol key', errorOf(() => new URLSearchParams({ [Symbol('s')]: 'x' })), 'TypeError');
check('non-enumerable record keys skipped', new URLSearchParams(Object.defineProperty({ a: '1' }, 'b', { value: '2' })).toString(), 'a=1');
check('non-callable @@iterator', errorOf(() => new URLSearchParams({ [Symbol.iterator]: 1 })), 'TypeError');

// append/get/getAll/set/has/delete
const params = new URLSearchParams('a=b&c=d&a=e');
check('get first', params.get('a'), 'b');
check('get missing', params.get('z'), null);
check('getAll', params.getAll('a'), ['b', 'e']);
params.set('a', 'f');
check('set replaces the first and removes the rest', params.toString(), 'a=f&c=d');
params.set('g', 'h');
check('set appends when missing', params.toString(), 'a=f&c=d&g=h');
params.append(null, null);
check('append converts', params.get('null'), 'null');
const withValues = new URLSearchParams('a=b&a=d&c&e&');
check('has', [withValues.has('a'), withValues.has('c'), withValues.has('z')], [true, true, false]);
check('has with value', [withValues.has('a', 'b'), withValues.has('a', 'd'), withValues.has('a', 'c')], [true, true, false]);
check('has with value undefined', withValues.has('a', undefined), true);
withValues.delete('a', 'd');
check('delete with value', withValues.toString(), 'a=b&c=&e=');
withValues.delete('a', undefined);
check('delete with value undefined deletes all', withValues.toString(), 'c=&e=');
withValues.delete('c');
check('delete', withValues.toString(), 'e=');
check('size', [new URLSearchParams('a=1&b=2&a=3').size, new URLSearchParams().size], [3, 0]);
check('append needs 2 arguments', errorOf(() => new URLSearchParams().append('a')), 'TypeError');
check('get needs 1 argument', errorOf(() => new URLSearchParams().get()), 'TypeError');

// Serialization (urlsearchparams-stringifier.any.js)
const encoded = new URLSearchParams();
for (const value of [' ', '+', '=', '&', '*-._', '%', '\0', '\uD83D\uDCA9', "!'()~", '\u00e9', 'a b']) {
  encoded.append('k', value);
}
check(
  'urlencoded serialization',
  encoded.toString(),
  'k=+&k=%2B&k=%3D&k=%26&k=*-._&k=%25&k=%00&k=%F0%9F%92%A9&k=%21%27%28%29%7E&k=%C3%A9&k=a+b',
);
const surrogates = new URLSearchParams();
surrogates.append('\uD800', '\uDC00x');
check('lone surrogates become U+FFFD', surrogates.toString(), '%EF%BF%BD=%EF%BF%BDx');
check('round trip of + and %20', new URLSearchParams(new URLSearchParams('a=b+c%20d%2B').toString()).get('a'), 'b c d+');

// sort (urlsearchparams-sort.any.js)
const sorts = [
  ['z=b&a=b&z=a&a=a', [['a', 'b'], ['a', 'a'], ['z', 'b'], ['z', 'a']]],
  ['\uFFFD=x&\uFFFC&\uFFFD=a', [['\uFFFC', ''], ['\uFFFD', 'x'], ['\uFFFD', 'a']]],
  ['\uFB03&\uD83C\uDF08', [['\uD83C\uDF08', ''], ['\uFB03', '']]],
  ['\u00E9&e\uFFFD&e\u0301', [['e\u0301', ''], ['e\uFFFD', ''], ['\u00E9', '']]],
  ['z=z&a=a&z=y&a=b&z=x&a=c&z=w&a=d&z=v&a=e&z=u&a=f&z=t&a=g', [
    ['a', 'a'], ['a', 'b'], ['a', 'c'], ['a', 'd'], ['a', 'e'], ['a', 'f'], ['a', 'g'],
    ['z', 'z'], ['z', 'y'], ['z', 'x'], ['z', 'w'], ['z', 'v'], ['z', 'u'], ['z', 't'],
  ]],
  ['bbb&bb&aaa&aa=x&aa=y', [['aa', 'x'], ['aa', 'y'], ['aaa', ''], ['bb', ''], ['bbb', '']]],
  ['z=z&=f&=t&=x', [['', 'f'], ['', 't'], ['', 'x'], ['z', 'z']]],
  ['a\uD83C\uDF08&a\uD83D\uDCA9', [['a\uD83C\uDF08', ''], ['a\uD83D\uDCA9', '']]],
];
for (const [input, expected] of sorts) {
  const sorted = new URLSearchParams(input);
  sorted.sort();
  check('sort ' + JSON.stringify(input), pairs(sorted), expected);
  const url = new URL('?' + input, 'https://example/');
  url.searchParams.sort();
  check('sort through URL ' + JSON.stringify(input), pairs(new URLSearchParams(url.search)), expected);
}
const emptyQuery = new URL('http://example.com/?');
emptyQuery.searchParams.sort();
check('sorting no params removes the ?', [emptyQuery.href, emptyQuery.search], ['http://example.com/', '']);

// Iteration (urlsearchparams-foreach.any.js)
const iterated = new URLSearchParams('a=1&b=2&c=3&d=4');
const seen = [];
for (const [name] of iterated) {
  seen.push(name);
  if (name === 'a') iterated.delete('b');
}
check('deleting the next pair while iterating', seen, ['a', 'c', 'd']);
const forEachArgs = [];
new URLSearchParams('x=1').forEach(function (value, name, object) {
  forEachArgs.push(value, name, object instanceof URLSearchParams, this);
}, 'thisArg');
check('forEach arguments', forEachArgs, ['1', 'x', true, 'thisArg']);
check('keys and values', [[...new URLSearchParams('a=1&b=2').keys()], [...new URLSearchParams('a=1&b=2').values()]], [['a', 'b'], ['1', '2']]);
const iterator = new URLSearchParams('a=1').entries();
check('iterator', [Object.prototype.toString.call(iterator), iterator.next(), iterator.next()], [
  '[object URLSearchParams Iterator]',
  { value: ['a', '1'], done: false },
  { done: true },
]);

// The live binding (url-searchparams.any.js)
const url = new URL('http://example.org/file?a=b&c=d#frag');
const live = url.searchParams;
check('[SameObject]', url.searchParams === live, true);
url.search = 'e=f&g=h';
check('search setter updates the query object', live.toString(), 'e=f&g=h');
url.search = '?e=f&g=h';
check('search setter strips one ?', [url.search, live.toString()], ['?e=f&g=h', 'e=f&g=h']);
live.append('i', ' j ');
check('append updates the URL', [url.search, url.href], ['?e=f&g=h&i=+j+', 'http://example.org/file?e=f&g=h&i=+j+#frag']);
live.set('e', 'updated');
check('set updates the URL', url.search, '?e=updated&g=h&i=+j+');
url.href = 'http://example.org/file??a=b';
check('href setter replaces the list', [url.search, live.toString(), url.searchParams === live], ['??a=b', '%3Fa=b', true]);
url.search = '';
check('clearing search', [url.search, live.toString(), live.size, url.href], ['', '', 0, 'http://example.org/file']);
const emptied = new URL('http://example.com/?test');
emptied.searchParams.delete('test');
check('deleting the last param removes the ?', emptied.href, 'http://example.com/');
const opaque = new URL('data:space    ?test');
opaque.searchParams.delete('test');
check('opaque path keeps its encoded trailing space', [opaque.pathname, opaque.href], ['space   %20', 'data:space   %20']);
const opaqueWithHash = new URL('data:space  ?test#test');
opaqueWithHash.searchParams.delete('test');
check('opaque path before a fragment', opaqueWithHash.href, 'data:space %20#test');
const encodedQuery = new URL('https://example.com/?q=%C3%A9+x&r=a%20b');
check('query decoded by searchParams', [encodedQuery.searchParams.get('q'), encodedQuery.searchParams.get('r')], ['\u00e9 x', 'a b']);
encodedQuery.searchParams.append('s', '\u00e9 +');
check('searchParams encodes for the URL', encodedQuery.search, '?q=%C3%A9+x&r=a+b&s=%C3%A9+%2B');
check('searchParams is read-only', errorOf(() => { url.searchParams = new URLSearchParams(); }), 'TypeError');

// URL statics (url-statics-canparse.any.js, url-statics-parse.any.js)
const statics = [
  [undefined, undefined, null],
  ['aaa:b', undefined, 'aaa:b'],
  [undefined, 'aaa:b', null],
  ['aaa:/b', undefined, 'aaa:/b'],
  [undefined, 'aaa:/b', 'aaa:/undefined'],
  ['https://test:test', undefined, null],
  ['a', 'https://b/', 'https://b/a'],
];
for (const [input, base, expected] of statics) {
  const name = JSON.stringify(input) + ' against ' + JSON.stringify(base);
  check('URL.canParse(' + name + ')', URL.canParse(input, base), expected !== null);
  check('URL.parse(' + name + ')', URL.parse(input, base)?.href ?? null, expected);
}
check('URL.parse returns new objects', URL.parse('https://example/') !== URL.parse('https://example/'), true);
check('URL.parse result is a URL', URL.parse('https://example/') instanceof URL, true);
check('statics need an argument', [errorOf(() => URL.canParse()), errorOf(() => URL.parse())], ['TypeError', 'TypeError']);

// The rest of the URL interface
check('toJSON', JSON.stringify({ url: new URL('https://example.com/') }), '{"url":"https://example.com/"}');
check('lengths', [URL.length, URL.canParse.length, URL.parse.length, URLSearchParams.length], [1, 1, 1, 0]);
check('constructor needs an argument', errorOf(() => new URL()), 'TypeError');
check('constructor needs new', errorOf(() => URL('https://example/')), 'TypeError');
check('invalid URL', errorOf(() => new URL('https://ex ample/')), 'TypeError');
check('invalid base', errorOf(() => new URL('https://example/', 'nope')), 'TypeError');
check('invalid href', errorOf(() => { new URL('https://example/').href = 'nope'; }), 'TypeError');
check(
  'getters check the receiver',
  errorOf(() => Object.getOwnPropertyDescriptor(URL.prototype, 'href').get.call({})),
  'TypeError',
);
check('methods check the receiver', errorOf(() => URLSearchParams.prototype.get.call({}, 'a')), 'TypeError');
check('toStringTag', [String(Object.prototype.toString.call(new URL('a:b'))), Object.prototype.toString.call(new URLSearchParams())], [
  '[object URL]',
  '[object URLSearchParams]',
]);
check('attributes are enumerable', Object.keys(Object.getOwnPropertyDescriptors(URL.prototype)).filter((key) => Object.getOwnPropertyDescriptor(URL.prototype, key).enumerable).length, 14);
check('lone surrogates in the input', new URL('https://example/\uD800?\uDC00').href, 'https://example/%EF%BF%BD?%EF%BF%BD');
check('blob origin', [new URL('blob:https://a.com:443/x').origin, new URL('blob:file:///x').origin, new URL('blob:nope').origin], [
  'https://a.com',
  'null',
  'null',
]);

console.log(JSON.stringify(checks));
`;

t.test('URLSearchParams and the URL API in an isolate', async (t) => {
  const dir = scratchDir({ 'search-params.js': SCRIPT });
  const result = await nano(['run', join(dir, 'search-params.js')]);
  t.equal(result.code, 0, 'script exits 0', { stderr: result.stderr });
  const checks = JSON.parse(result.stdout) as { name: string; actual: string; expected: string }[];
  for (const { name, actual, expected } of checks) t.equal(actual, expected, name);
});
