/**
 * The Web IDL types of the WebCrypto IDL (§14, §20) that other families do not share: BufferSource with
 * "get a copy of the bytes", `[EnforceRange]` integers, `BigInteger`, `sequence<KeyUsage>`, `KeyFormat`
 * and the `JsonWebKey` dictionary.
 */

import {
  type Context,
  isObject,
  toDOMString,
  toEnum,
  toSequence,
  typeError,
} from '../fetch/isolate-webidl.ts';
import type { KeyFormat, WireJsonWebKey } from './bridge.ts';

export type BufferSource = ArrayBuffer | ArrayBufferView;

export const KEY_USAGES = [
  'encrypt',
  'decrypt',
  'sign',
  'verify',
  'deriveKey',
  'deriveBits',
  'wrapKey',
  'unwrapKey',
] as const;
export type KeyUsage = (typeof KEY_USAGES)[number];

const KEY_FORMATS: readonly KeyFormat[] = ['raw', 'spki', 'pkcs8', 'jwk'];

export function isBufferSource(value: unknown): value is BufferSource {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/** Web IDL BufferSource: an ArrayBuffer or a view on one that is not resizable (no [AllowResizable]). */
export function toBufferSource(value: unknown, context: Context, what: string): BufferSource {
  if (!isBufferSource(value)) {
    throw typeError(context, `${what} is not of type '(ArrayBuffer or ArrayBufferView)'.`);
  }
  const buffer = ArrayBuffer.isView(value) ? value.buffer : value;
  if (!(buffer instanceof ArrayBuffer)) {
    throw typeError(context, `${what} is backed by a SharedArrayBuffer, which is not allowed.`);
  }
  if (buffer.resizable) throw typeError(context, `${what} is backed by a resizable ArrayBuffer.`);
  return value;
}

/** Web IDL "get a copy of the bytes held by the buffer source": a detached buffer holds none. */
export function copyBytes(source: BufferSource): ArrayBuffer {
  if (!ArrayBuffer.isView(source)) return source.detached ? new ArrayBuffer(0) : source.slice(0);
  const buffer = source.buffer as ArrayBuffer;
  if (buffer.detached) return new ArrayBuffer(0);
  return buffer.slice(source.byteOffset, source.byteOffset + source.byteLength);
}

/** A BufferSource argument, converted and copied at call time. */
export function bufferSourceCopy(value: unknown, context: Context, what: string): ArrayBuffer {
  return copyBytes(toBufferSource(value, context, what));
}

/** Web IDL `[EnforceRange]` integer conversion: non-finite or out-of-range values are TypeErrors. */
export function toEnforcedInteger(value: unknown, max: number, context: Context, what: string): number {
  const number = Number(value);
  if (!Number.isFinite(number)) throw typeError(context, `${what} is not a finite number.`);
  const integer = Math.trunc(number) + 0;
  if (integer < 0 || integer > max) {
    throw typeError(context, `${what} is outside the range [0, ${max}].`);
  }
  return integer;
}

/** Web IDL `unsigned long` (no [EnforceRange]): ToNumber, then modulo 2^32. */
export function toUnsignedLong(value: unknown): number {
  const number = Number(value);
  return Number.isFinite(number) ? Math.trunc(number) >>> 0 : 0;
}

/** WebCrypto `BigInteger` (typedef Uint8Array): a copy of its bytes, in big-endian order. */
export function toBigInteger(value: unknown, context: Context, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw typeError(context, `${what} is not of type 'Uint8Array'.`);
  return new Uint8Array(copyBytes(toBufferSource(value, context, what)));
}

export function toKeyUsages(value: unknown, context: Context): KeyUsage[] {
  return toSequence(value, context, 'sequence<KeyUsage>').map((usage) =>
    toEnum(usage, KEY_USAGES, context, 'KeyUsage'),
  );
}

export function toKeyFormat(value: unknown, context: Context): KeyFormat {
  return toEnum(value, KEY_FORMATS, context, 'KeyFormat');
}

/** JsonWebKey's members in Web IDL conversion order (lexicographic): `ext` is a boolean, the rest strings. */
const JWK_STRING_MEMBERS = ['alg', 'crv', 'd', 'dp', 'dq', 'e'] as const;
const JWK_LATER_STRING_MEMBERS = ['kty', 'n'] as const;
const JWK_LAST_STRING_MEMBERS = ['p', 'q', 'qi', 'use', 'x', 'y'] as const;
const OTHER_PRIMES_MEMBERS = ['d', 'r', 't'] as const;

function copyStringMembers(
  source: Record<string, unknown>,
  target: WireJsonWebKey,
  members: readonly string[],
): void {
  for (const member of members) {
    const value = source[member];
    if (value !== undefined) target[member] = toDOMString(value);
  }
}

/** Web IDL conversion to the JsonWebKey dictionary (WebCrypto §20): a fresh object of present members. */
export function toJsonWebKey(value: unknown, context: Context): WireJsonWebKey {
  const jwk: WireJsonWebKey = {};
  if (value === undefined || value === null) return jwk;
  if (!isObject(value)) throw typeError(context, "The key data is not of type 'JsonWebKey'.");
  const source = value as Record<string, unknown>;
  copyStringMembers(source, jwk, JWK_STRING_MEMBERS);
  if (source.ext !== undefined) jwk.ext = Boolean(source.ext);
  copyStringMembers(source, jwk, ['k']);
  if (source.key_ops !== undefined) {
    jwk.key_ops = toSequence(source.key_ops, context, 'sequence<DOMString>').map(toDOMString);
  }
  copyStringMembers(source, jwk, JWK_LATER_STRING_MEMBERS);
  if (source.oth !== undefined) {
    jwk.oth = toSequence(source.oth, context, 'sequence<RsaOtherPrimesInfo>').map((prime) => {
      const info: WireJsonWebKey = {};
      if (prime === undefined || prime === null) return info;
      if (!isObject(prime)) throw typeError(context, "An 'oth' entry is not of type 'RsaOtherPrimesInfo'.");
      copyStringMembers(prime as Record<string, unknown>, info, OTHER_PRIMES_MEMBERS);
      return info;
    });
  }
  copyStringMembers(source, jwk, JWK_LAST_STRING_MEMBERS);
  return jwk;
}
