/**
 * UTF-8 per Encoding Standard §8.1. These run on every request body and every `text()`: small inputs stay
 * in isolate code (ASCII takes a fast path), large ones go to the host, whose SIMD encoder and decoder
 * outrun the crossing cost from about 2 KB on (bench/encoding.ts measures both sides).
 * `utf8Encode`/`utf8Decode` are the standard's "UTF-8 encode" and "UTF-8 decode" for other families.
 */
import { asciiPrefixEnd, stringFromCodeUnits } from './isolate-code-units.ts';
import type { Decoder } from './isolate-decoders.ts';
import { encodingOps, ownBuffer } from './isolate-host.ts';

const REPLACEMENT_CHARACTER = 0xfffd;

/** From this many code units (encode) or bytes (decode) on, the host does the work. */
const HOST_THRESHOLD = 2048;

/** Set by `writeUtf8`: how many bytes it has written in total. */
let writtenEnd = 0;

/**
 * Writes the UTF-8 bytes of `source[start…]` into `destination` from byte `offset` until the source ends
 * or the next scalar value does not fit whole (§7.2 `encodeInto`), lone surrogates as U+FFFD. Returns how
 * many code units of `source` were read in total; `writtenEnd` is the byte position reached.
 */
function writeUtf8(source: string, start: number, destination: Uint8Array, offset: number): number {
  const length = source.length;
  const capacity = destination.length;
  let read = start;
  let written = offset;
  while (read < length) {
    let unit = source.charCodeAt(read);
    if (unit < 0x80) {
      if (written === capacity) break;
      destination[written++] = unit;
      read++;
      continue;
    }
    if (unit < 0x800) {
      if (written + 2 > capacity) break;
      destination[written++] = 0xc0 | (unit >> 6);
      destination[written++] = 0x80 | (unit & 0x3f);
      read++;
      continue;
    }
    if (unit >= 0xd800 && unit <= 0xdfff) {
      const trail = unit <= 0xdbff && read + 1 < length ? source.charCodeAt(read + 1) : 0;
      if (trail >= 0xdc00 && trail <= 0xdfff) {
        if (written + 4 > capacity) break;
        const codePoint = 0x10000 + ((unit - 0xd800) << 10) + (trail - 0xdc00);
        destination[written++] = 0xf0 | (codePoint >> 18);
        destination[written++] = 0x80 | ((codePoint >> 12) & 0x3f);
        destination[written++] = 0x80 | ((codePoint >> 6) & 0x3f);
        destination[written++] = 0x80 | (codePoint & 0x3f);
        read += 2;
        continue;
      }
      unit = REPLACEMENT_CHARACTER;
    }
    if (written + 3 > capacity) break;
    destination[written++] = 0xe0 | (unit >> 12);
    destination[written++] = 0x80 | ((unit >> 6) & 0x3f);
    destination[written++] = 0x80 | (unit & 0x3f);
    read++;
  }
  writtenEnd = written;
  return read;
}

/** The UTF-8 length of `source[start…]` (a lone surrogate counts as U+FFFD). */
function utf8Length(source: string, start: number): number {
  const length = source.length;
  let size = 0;
  for (let index = start; index < length; index++) {
    const unit = source.charCodeAt(index);
    if (unit < 0x80) size += 1;
    else if (unit < 0x800) size += 2;
    else if (unit <= 0xdbff && unit >= 0xd800 && index + 1 < length) {
      const trail = source.charCodeAt(index + 1);
      if (trail >= 0xdc00 && trail <= 0xdfff) {
        size += 4;
        index++;
      } else size += 3;
    } else size += 3;
  }
  return size;
}

/** Encoding Standard "UTF-8 encode" of a string (its lone surrogates become U+FFFD). */
export function utf8Encode(source: string): Uint8Array {
  const length = source.length;
  const ops = length >= HOST_THRESHOLD ? encodingOps() : undefined;
  if (ops !== undefined) return ops.op_encoding_utf8_encode(source);
  const ascii = new Uint8Array(length);
  let index = 0;
  for (; index < length; index++) {
    const unit = source.charCodeAt(index);
    if (unit >= 0x80) break;
    ascii[index] = unit;
  }
  if (index === length) return ascii;
  const bytes = new Uint8Array(index + utf8Length(source, index));
  bytes.set(ascii.subarray(0, index));
  writeUtf8(source, index, bytes, index);
  return bytes;
}

/** §7.2 `encodeInto`: as much of `source` as fits in whole scalar values. */
export function utf8EncodeInto(source: string, destination: Uint8Array): { read: number; written: number } {
  const read = writeUtf8(source, 0, destination, 0);
  return { read, written: writtenEnd };
}

/** Set by `decodeUtf8`: where a sequence cut short by the end of the input starts (the length if none). */
let incompleteStart = 0;

/**
 * §8.1.1 "UTF-8 decoder" over a whole buffer: errors become U+FFFD (one per maximal subpart; the byte that
 * broke a sequence is read again), or null when `fatal`. With `stream`, a sequence cut short by the end of
 * the bytes is left for the next call (see `incompleteStart`); without it, it is one error.
 */
function decodeUtf8(bytes: Uint8Array, fatal: boolean, stream: boolean): string | null {
  const length = bytes.length;
  incompleteStart = length;
  const ops = length >= HOST_THRESHOLD ? encodingOps() : undefined;
  if (ops !== undefined) {
    if (stream) incompleteStart = incompleteTailStart(bytes);
    const complete = incompleteStart === length ? bytes : bytes.subarray(0, incompleteStart);
    return ops.op_encoding_utf8_decode(ownBuffer(complete), fatal);
  }
  const asciiEnd = asciiPrefixEnd(bytes);
  if (asciiEnd === length) return stringFromCodeUnits(bytes);
  // No UTF-8 sequence decodes to more UTF-16 code units than it has bytes.
  const units = new Uint16Array(length);
  units.set(bytes.subarray(0, asciiEnd));
  let written = asciiEnd;
  let index = asciiEnd;
  while (index < length) {
    const byte = bytes[index] as number;
    if (byte < 0x80) {
      units[written++] = byte;
      index++;
      continue;
    }
    let needed: number;
    let codePoint: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (byte >= 0xc2 && byte <= 0xdf) {
      needed = 1;
      codePoint = byte & 0x1f;
    } else if (byte >= 0xe0 && byte <= 0xef) {
      if (byte === 0xe0) lower = 0xa0;
      else if (byte === 0xed) upper = 0x9f;
      needed = 2;
      codePoint = byte & 0xf;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      if (byte === 0xf0) lower = 0x90;
      else if (byte === 0xf4) upper = 0x8f;
      needed = 3;
      codePoint = byte & 0x7;
    } else {
      if (fatal) return null;
      units[written++] = REPLACEMENT_CHARACTER;
      index++;
      continue;
    }
    let next = index + 1;
    for (; needed > 0 && next < length; needed--, next++) {
      const continuation = bytes[next] as number;
      if (continuation < lower || continuation > upper) break;
      lower = 0x80;
      upper = 0xbf;
      codePoint = (codePoint << 6) | (continuation & 0x3f);
    }
    if (needed === 0) {
      if (codePoint < 0x10000) units[written++] = codePoint;
      else {
        units[written++] = 0xd800 + ((codePoint - 0x10000) >> 10);
        units[written++] = 0xdc00 + (codePoint & 0x3ff);
      }
    } else if (next === length && stream) {
      incompleteStart = index;
      break;
    } else {
      if (fatal) return null;
      units[written++] = REPLACEMENT_CHARACTER;
    }
    index = next;
  }
  return stringFromCodeUnits(units, written);
}

/**
 * Where a sequence that the end of `bytes` cuts short starts: a lead byte within the last three bytes
 * whose continuation bytes so far are valid (§8.1.1's boundaries included). A lead byte is never a
 * continuation byte, so the forward decode starts a sequence there too. `bytes.length` if there is none.
 */
function incompleteTailStart(bytes: Uint8Array): number {
  const length = bytes.length;
  for (let back = 1; back <= 3 && back <= length; back++) {
    const lead = bytes[length - back] as number;
    if (lead < 0x80) return length;
    if (lead < 0xc0) continue;
    const needed = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : 1;
    if (lead < 0xc2 || lead > 0xf4 || needed < back) return length;
    let lower = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    let upper = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let index = length - back + 1; index < length; index++) {
      const continuation = bytes[index] as number;
      if (continuation < lower || continuation > upper) return length;
      lower = 0x80;
      upper = 0xbf;
    }
    return length - back;
  }
  return length;
}

/** Encoding Standard "UTF-8 decode without BOM" (URL-encoded forms, multipart headers). */
export function utf8DecodeWithoutBOM(bytes: Uint8Array): string {
  return decodeUtf8(bytes, false, false) as string;
}

/** Encoding Standard "UTF-8 decode": a leading BOM is dropped, errors become U+FFFD (`text()` of bodies). */
export function utf8Decode(bytes: Uint8Array): string {
  const hasBOM = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return utf8DecodeWithoutBOM(hasBOM ? bytes.subarray(3) : bytes);
}

/** The UTF-8 decoder of a TextDecoder: keeps the bytes of a sequence split across `{stream: true}` calls. */
export class Utf8Decoder implements Decoder {
  readonly #fatal: boolean;
  #pending: Uint8Array | null = null;

  constructor(fatal: boolean) {
    this.#fatal = fatal;
  }

  decode(input: Uint8Array, stream: boolean): string | null {
    let bytes = input;
    const pending = this.#pending;
    if (pending !== null) {
      this.#pending = null;
      bytes = new Uint8Array(pending.length + input.length);
      bytes.set(pending);
      bytes.set(input, pending.length);
    }
    const text = decodeUtf8(bytes, this.#fatal, stream);
    if (text !== null && incompleteStart < bytes.length) this.#pending = bytes.slice(incompleteStart);
    return text;
  }
}
