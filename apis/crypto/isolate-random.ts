/**
 * WebCrypto §10.1 `getRandomValues` and `randomUUID`: the bytes come from the host's CSPRNG, so the
 * isolate never runs its own generator. Small requests are served from a pool fetched a few KB at a
 * time (as Node's randomUUID does), so a UUID does not cost a crossing of the bridge.
 */
import { DOMException } from '../dom-exception/isolate.ts';
import type { AllOps } from '../isolate-ops.ts';
import { MAX_RANDOM_BYTES } from './bridge.ts';

/** §10.1.1 step 1: integer typed arrays only (no floats, no DataView). */
const INTEGER_ARRAY_NAMES = new Set([
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
]);

/** %TypedArray%.prototype[@@toStringTag] reads [[TypedArrayName]], which a tenant cannot fake. */
const typedArrayName = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype) as object,
  Symbol.toStringTag,
)?.get as (this: unknown) => string | undefined;

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Requests up to this many bytes come from the pool; larger ones go to the host directly. */
const POOLED_MAX = 256;
const POOL_SIZE = 4096;

let randomBytes: (length: number) => ArrayBuffer;
let pool = new Uint8Array(0);
let poolOffset = 0;
const uuidBytes = new Uint8Array(16);

/** Fills `target` with random bytes; pooled bytes are zeroed once handed out, so no copy lingers. */
function fillRandom(target: Uint8Array): void {
  const { length } = target;
  if (length > POOLED_MAX) {
    target.set(new Uint8Array(randomBytes(length)));
    return;
  }
  if (poolOffset + length > pool.length) {
    pool = new Uint8Array(randomBytes(POOL_SIZE));
    poolOffset = 0;
  }
  const end = poolOffset + length;
  target.set(pool.subarray(poolOffset, end));
  pool.fill(0, poolOffset, end);
  poolOffset = end;
}

export function useHostRandom(ops: AllOps): void {
  randomBytes = (length) => ops.op_crypto_random_bytes(length);
}

export function getRandomValues(array: unknown): ArrayBufferView {
  if (!ArrayBuffer.isView(array)) {
    throw new TypeError(
      "Failed to execute 'getRandomValues' on 'Crypto': parameter 1 is not of type 'ArrayBufferView'.",
    );
  }
  if ((array.buffer as ArrayBuffer).resizable) {
    throw new TypeError(
      "Failed to execute 'getRandomValues' on 'Crypto': the ArrayBufferView is backed by a resizable ArrayBuffer.",
    );
  }
  const name = typedArrayName.call(array);
  if (name === undefined || !INTEGER_ARRAY_NAMES.has(name)) {
    throw new DOMException(
      `Failed to execute 'getRandomValues' on 'Crypto': The provided ArrayBufferView is of type '${name ?? 'DataView'}', which is not an integer array type.`,
      'TypeMismatchError',
    );
  }
  const { byteLength } = array;
  if (byteLength > MAX_RANDOM_BYTES) {
    throw new DOMException(
      `Failed to execute 'getRandomValues' on 'Crypto': The ArrayBufferView's byte length (${byteLength}) exceeds the number of bytes of entropy available via this API (${MAX_RANDOM_BYTES}).`,
      'QuotaExceededError',
    );
  }
  if (byteLength > 0) fillRandom(new Uint8Array(array.buffer, array.byteOffset, byteLength));
  return array;
}

/** §10.1.2: a version 4 UUID (RFC 9562 §5.4) in lowercase hexadecimal. */
export function randomUUID(): string {
  fillRandom(uuidBytes);
  uuidBytes[6] = ((uuidBytes[6] as number) & 0x0f) | 0x40;
  uuidBytes[8] = ((uuidBytes[8] as number) & 0x3f) | 0x80;
  let uuid = '';
  for (let index = 0; index < 16; index++) {
    if (index === 4 || index === 6 || index === 8 || index === 10) uuid += '-';
    uuid += HEX[uuidBytes[index] as number];
  }
  uuidBytes.fill(0);
  return uuid;
}
