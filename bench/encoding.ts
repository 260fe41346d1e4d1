/**
 * TextEncoder/TextDecoder (and atob/btoa, structuredClone, a host-decoded legacy encoding) inside a NANO
 * isolate against the same calls in plain Node. One script runs in both: under `nano run` it uses
 * NANO's isolate implementations, under `node` Node's own. Prints ops/s per case and NANO's ratio.
 *
 *   ../shared/tools/debian13 node bench/encoding.ts [--ms 500]
 */
import { parseArgs } from 'node:util';
import { printComparison, runInNodeAndNano, TIME_CASES_SOURCE } from './lib/versus-node.ts';

const { values: flags } = parseArgs({ options: { ms: { type: 'string', default: '500' } } });

/** Runs each case for about --ms milliseconds (Date.now: the same clock in both runtimes). */
const BENCHMARK = `${TIME_CASES_SOURCE}
const ms = ${Number(flags.ms)};
const ascii = 'GET /api/items?page=2 HTTP/1.1 '.repeat(40).slice(0, 1024);
const mixed = 'Grüße, 世界! café ✓ '.repeat(60).slice(0, 1024);
const asciiBytes = new TextEncoder().encode(ascii);
const mixedBytes = new TextEncoder().encode(mixed);
const asciiLarge = ascii.repeat(64);
const asciiLargeBytes = new TextEncoder().encode(asciiLarge);
const base64 = btoa(ascii);
const shiftJis = new Uint8Array(1024).map((_, i) => (i % 2 === 0 ? 0x82 : 0xa0));
const record = { id: 42, name: 'item', tags: ['a', 'b'], created: new Date(0), nested: { list: [1, 2, 3] } };
const cases = {
  'TextEncoder.encode 1 KB ASCII': () => new TextEncoder().encode(ascii),
  'TextEncoder.encode 1 KB mixed': () => new TextEncoder().encode(mixed),
  'TextDecoder.decode 1 KB ASCII': () => new TextDecoder().decode(asciiBytes),
  'TextDecoder.decode 1 KB mixed': () => new TextDecoder().decode(mixedBytes),
  'TextEncoder.encode 64 KB ASCII': () => new TextEncoder().encode(asciiLarge),
  'TextDecoder.decode 64 KB ASCII': () => new TextDecoder().decode(asciiLargeBytes),
  'TextDecoder(shift_jis).decode 1 KB': () => new TextDecoder('shift_jis').decode(shiftJis),
  'TextDecoder(windows-1252).decode 1 KB': () => new TextDecoder('windows-1252').decode(mixedBytes),
  'btoa 1 KB': () => btoa(ascii),
  'atob 1.3 KB': () => atob(base64),
  'structuredClone small record': () => structuredClone(record),
};
console.log(JSON.stringify(timeCases(cases, ms)));
`;

const { node, nano } = await runInNodeAndNano(BENCHMARK);
printComparison(node, nano);
