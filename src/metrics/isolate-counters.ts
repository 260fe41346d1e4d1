/**
 * Counters the pool threads of one server process share with its main thread through one
 * SharedArrayBuffer: isolates live/created/recycled/evicted, their heap, and the `ctx.waitUntil` work
 * still running. Threads add with `Atomics.add` (no message per event); the main thread reads them when
 * `/metrics` is collected and while it drains at shutdown. In a thread with no table installed
 * (`nano run`, the REPL) every update is a no-op.
 */
import {
  EVICTION_REASONS,
  type EvictionReason,
  RECYCLE_REASONS,
  type RecycleReason,
} from '../../pool/recycle-policy.ts';

const SLOTS = [
  'live',
  'created',
  ...RECYCLE_REASONS.map((reason) => `recycled:${reason}`),
  ...EVICTION_REASONS.map((reason) => `evicted:${reason}`),
  'heapKib',
  'waitUntil',
] as const;

type Slot =
  | 'live'
  | 'created'
  | `recycled:${RecycleReason}`
  | `evicted:${EvictionReason}`
  | 'heapKib'
  | 'waitUntil';

const INDEX = new Map<string, number>(SLOTS.map((slot, index) => [slot, index]));

export function createIsolateCounterBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLOTS.length * Int32Array.BYTES_PER_ELEMENT);
}

let installed: Int32Array | undefined;

/** Called once in each pool thread with the buffer from its workerData. */
export function installIsolateCounters(buffer: SharedArrayBuffer | undefined): void {
  installed = buffer === undefined ? undefined : new Int32Array(buffer);
}

export function addIsolateCount(slot: Slot, delta: number): void {
  if (installed !== undefined && delta !== 0) Atomics.add(installed, INDEX.get(slot) as number, delta);
}

export interface IsolateCounts {
  live: number;
  created: number;
  recycled: Record<RecycleReason, number>;
  evicted: Record<EvictionReason, number>;
  heapBytes: number;
  waitUntil: number;
}

export function readIsolateCounts(buffer: SharedArrayBuffer): IsolateCounts {
  const table = new Int32Array(buffer);
  const read = (slot: Slot) => Atomics.load(table, INDEX.get(slot) as number);
  return {
    live: read('live'),
    created: read('created'),
    recycled: Object.fromEntries(
      RECYCLE_REASONS.map((reason) => [reason, read(`recycled:${reason}`)]),
    ) as Record<RecycleReason, number>,
    evicted: Object.fromEntries(
      EVICTION_REASONS.map((reason) => [reason, read(`evicted:${reason}`)]),
    ) as Record<EvictionReason, number>,
    heapBytes: read('heapKib') * 1024,
    waitUntil: read('waitUntil'),
  };
}
