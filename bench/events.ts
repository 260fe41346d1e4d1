/**
 * Events, abort signals, DOMException and performance.now() inside a NANO isolate against the same
 * calls in plain Node. `performance.now()` is one crossing to the host's monotonic clock; the rest runs
 * inside the isolate. Prints ops/s per case and NANO's ratio.
 *
 *   ../shared/tools/debian13 node bench/events.ts [--ms 1000]
 */
import { parseArgs } from 'node:util';
import { printComparison, runInNodeAndNano, TIME_CASES_SOURCE } from './lib/versus-node.ts';

const { values: flags } = parseArgs({ options: { ms: { type: 'string', default: '1000' } } });

/** Each case runs for about --ms milliseconds, timed with Date.now (the same clock in both runtimes). */
const BENCHMARK = `${TIME_CASES_SOURCE}
const ms = ${Number(flags.ms)};
const target = new EventTarget();
target.addEventListener('x', () => {});
const longLived = new AbortController().signal;
const cases = {
  'performance.now()': () => performance.now(),
  'dispatchEvent(new Event(type)), one listener': () => target.dispatchEvent(new Event('x')),
  'new AbortController().abort()': () => new AbortController().abort(),
  'AbortSignal.any([longLived, new signal])': () => AbortSignal.any([longLived, new AbortController().signal]),
  "new DOMException('m', 'AbortError')": () => new DOMException('m', 'AbortError'),
};
console.log(JSON.stringify(timeCases(cases, ms)));
`;

const { node, nano } = await runInNodeAndNano(BENCHMARK);
printComparison(node, nano);
