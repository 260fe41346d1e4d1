/**
 * The isolate's record of its open codecs, so the host's can be released when a stream is dropped
 * without being closed, cancelled or aborted: each codec's TransformStream is held weakly, and once the
 * number tracked has doubled since the last sweep, the codecs of collected streams are released
 * (amortised O(1) per codec). A FinalizationRegistry would be simpler, but its callbacks are V8 tasks,
 * which isolated-vm runs only around asynchronous entries, and every entry NANO makes is synchronous.
 */
import type { AllOps } from '../isolate-ops.ts';
import { MAX_OPEN_CODECS } from './bridge.ts';

const FIRST_SWEEP = 32;
const open = new Map<number, WeakRef<object>>();
let sweepAt = FIRST_SWEEP;

function sweep(ops: AllOps): void {
  const collected: number[] = [];
  for (const [id, stream] of open) {
    if (stream.deref() === undefined) collected.push(id);
  }
  for (const id of collected) open.delete(id);
  if (collected.length > 0) ops.op_compression_release(collected);
}

/** Records codec `id` as open for as long as `stream` (the TransformStream it serves) is alive. */
export function trackCodec(ops: AllOps, id: number, stream: object): void {
  if (open.size >= sweepAt || open.size >= MAX_OPEN_CODECS) {
    sweep(ops);
    sweepAt = Math.max(FIRST_SWEEP, open.size * 2);
  }
  open.set(id, new WeakRef(stream));
}

/** Releases codec `id` on the host (its stream is done with it) and forgets it. */
export function releaseCodec(ops: AllOps, id: number): void {
  if (open.delete(id)) ops.op_compression_release([id]);
}

/** Forgets codec `id`, which the host has already released (its input finished, or it failed). */
export function forgetCodec(id: number): void {
  open.delete(id);
}
