/**
 * `atob`/`btoa` per HTML §8.3 "Base64 utility methods", over Infra §4.7 "forgiving-base64 encode/decode";
 * other families use the byte-level functions (data: URLs decode their body with it).
 */
import { DOMException } from '../dom-exception/isolate.ts';
import { stringFromCodeUnits } from '../encoding/isolate-code-units.ts';
import { requireArguments, toDOMString } from '../fetch/isolate-webidl.ts';
import type { IsolateScope } from '../isolate-scope.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALPHABET_CODES = Uint8Array.from(ALPHABET, (character) => character.charCodeAt(0));
const INVALID = 0xff;
/** Each base64 character's 6-bit value, INVALID for anything else (and beyond 0x7F, which no table covers). */
const VALUES = new Uint8Array(128).fill(INVALID);
for (let index = 0; index < ALPHABET.length; index++) VALUES[ALPHABET.charCodeAt(index)] = index;

const ASCII_WHITESPACE = /[\t\n\f\r ]/g;
const EQUALS_SIGN = 0x3d;

/** Infra "forgiving-base64 encode". */
export function forgivingBase64Encode(bytes: Uint8Array): string {
  const length = bytes.length;
  const output = new Uint8Array(Math.ceil(length / 3) * 4);
  let written = 0;
  let index = 0;
  for (; index + 2 < length; index += 3) {
    const triple =
      ((bytes[index] as number) << 16) | ((bytes[index + 1] as number) << 8) | (bytes[index + 2] as number);
    output[written++] = ALPHABET_CODES[triple >> 18] as number;
    output[written++] = ALPHABET_CODES[(triple >> 12) & 0x3f] as number;
    output[written++] = ALPHABET_CODES[(triple >> 6) & 0x3f] as number;
    output[written++] = ALPHABET_CODES[triple & 0x3f] as number;
  }
  const rest = length - index;
  if (rest > 0) {
    const pair = ((bytes[index] as number) << 16) | (rest === 2 ? (bytes[index + 1] as number) << 8 : 0);
    output[written++] = ALPHABET_CODES[pair >> 18] as number;
    output[written++] = ALPHABET_CODES[(pair >> 12) & 0x3f] as number;
    output[written++] = rest === 2 ? (ALPHABET_CODES[(pair >> 6) & 0x3f] as number) : EQUALS_SIGN;
    output[written++] = EQUALS_SIGN;
  }
  return stringFromCodeUnits(output);
}

/** Infra "forgiving-base64 decode": null for failure. Bits left over after the last byte are ignored. */
export function forgivingBase64Decode(input: string): Uint8Array | null {
  let data = ASCII_WHITESPACE.test(input) ? input.replace(ASCII_WHITESPACE, '') : input;
  ASCII_WHITESPACE.lastIndex = 0;
  let length = data.length;
  if (length % 4 === 0 && length > 0 && data.charCodeAt(length - 1) === EQUALS_SIGN) {
    length -= data.charCodeAt(length - 2) === EQUALS_SIGN ? 2 : 1;
    data = data.slice(0, length);
  }
  if (length % 4 === 1) return null;
  const bytes = new Uint8Array((length * 3) >> 2);
  let buffer = 0;
  let bits = 0;
  let written = 0;
  for (let index = 0; index < length; index++) {
    const code = data.charCodeAt(index);
    const value = code < 0x80 ? (VALUES[code] as number) : INVALID;
    if (value === INVALID) return null;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[written++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}

export function btoa(data: unknown): string {
  // biome-ignore lint/complexity/noArguments: Web IDL counts the arguments actually passed.
  requireArguments(arguments.length, 1, { interface: 'WorkerGlobalScope', operation: 'btoa' });
  const string = toDOMString(data);
  const length = string.length;
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) {
    const unit = string.charCodeAt(index);
    if (unit > 0xff) {
      throw new DOMException(
        "Failed to execute 'btoa': The string to be encoded contains characters outside of the Latin1 range.",
        'InvalidCharacterError',
      );
    }
    bytes[index] = unit;
  }
  return forgivingBase64Encode(bytes);
}

export function atob(data: unknown): string {
  // biome-ignore lint/complexity/noArguments: Web IDL counts the arguments actually passed.
  requireArguments(arguments.length, 1, { interface: 'WorkerGlobalScope', operation: 'atob' });
  const bytes = forgivingBase64Decode(toDOMString(data));
  if (bytes === null) {
    throw new DOMException(
      "Failed to execute 'atob': The string to be decoded is not correctly encoded.",
      'InvalidCharacterError',
    );
  }
  return stringFromCodeUnits(bytes);
}

export function install(scope: IsolateScope): void {
  scope.defineGlobal('atob', atob);
  scope.defineGlobal('btoa', btoa);
}
