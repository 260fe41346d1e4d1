/**
 * The encoding family's host ops, once `install` has run. Code that other families bundle on its own
 * (tests that load one isolate module) runs without them, so every user has a pure-isolate fallback.
 */
import type { EncodingOps } from './bridge.ts';

let ops: EncodingOps | undefined;

export function setEncodingOps(encodingOps: EncodingOps): void {
  ops = encodingOps;
}

export function encodingOps(): EncodingOps | undefined {
  return ops;
}

/** isolated-vm copies a view's whole buffer across: a view of a small part is copied out first. */
export function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}
