/** Web IDL BufferSource arguments (§3.2.x "ArrayBuffer", "ArrayBufferView") as the bytes they hold. */
import { type Context, typeError } from '../fetch/isolate-webidl.ts';

const arrayBufferByteLength = Reflect.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')
  ?.get as () => number;
const arrayBufferDetached = Reflect.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'detached')
  ?.get as () => boolean;
const isView = ArrayBuffer.isView;

/** True for an ArrayBuffer (not a SharedArrayBuffer), checked on its internal slots, not its prototype. */
export function isArrayBuffer(value: unknown): value is ArrayBuffer {
  if (typeof value !== 'object' || value === null) return false;
  try {
    Reflect.apply(arrayBufferByteLength, value, []);
    return true;
  } catch {
    return false;
  }
}

export function isDetached(buffer: ArrayBuffer): boolean {
  return Reflect.apply(arrayBufferDetached, buffer, []);
}

const EMPTY = new Uint8Array(0);

/**
 * A view of the bytes an `AllowSharedBufferSource` holds (no copy: callers consume it synchronously);
 * a detached buffer holds none (Web IDL "get a copy of the bytes held by the buffer source").
 */
export function bufferSourceBytes(value: unknown, context: Context, argument: string): Uint8Array {
  if (isView(value)) {
    if (isDetached(value.buffer as ArrayBuffer)) return EMPTY;
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  if (isArrayBuffer(value)) return isDetached(value) ? EMPTY : new Uint8Array(value);
  throw typeError(context, `${argument} is not of type '(ArrayBuffer or ArrayBufferView)'.`);
}
