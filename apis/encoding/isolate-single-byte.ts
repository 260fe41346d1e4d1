/**
 * The legacy single-byte decoders (Encoding Standard §9) and x-user-defined (§14.5): each byte ≥ 0x80
 * maps through a table of 128 code points. The tables come from the host once per encoding and isolate.
 */
import type { SingleByteEncoding } from './bridge.ts';
import { asciiPrefixEnd, stringFromCodeUnits } from './isolate-code-units.ts';
import type { Decoder } from './isolate-decoders.ts';

const UNMAPPED = 0xfffd;

const tables = new Map<SingleByteEncoding, Uint16Array>();
let xUserDefined: Uint16Array | undefined;

/** §14.5: x-user-defined maps byte b ≥ 0x80 to U+F780 + b − 0x80. */
export function xUserDefinedTable(): Uint16Array {
  xUserDefined ??= Uint16Array.from({ length: 0x80 }, (_, index) => 0xf780 + index);
  return xUserDefined;
}

/** The table of `encoding`, fetched from the host (as a string of 128 code units) on first use. */
export function singleByteTable(
  encoding: SingleByteEncoding,
  fetchTable: (encoding: SingleByteEncoding) => string,
): Uint16Array {
  let table = tables.get(encoding);
  if (table === undefined) {
    const codeUnits = fetchTable(encoding);
    table = Uint16Array.from({ length: 0x80 }, (_, index) => codeUnits.charCodeAt(index));
    tables.set(encoding, table);
  }
  return table;
}

/** §9.1 "single-byte decoder": stateless, so `stream` changes nothing. */
export class SingleByteDecoder implements Decoder {
  readonly #table: Uint16Array;
  readonly #fatal: boolean;

  constructor(table: Uint16Array, fatal: boolean) {
    this.#table = table;
    this.#fatal = fatal;
  }

  decode(bytes: Uint8Array): string | null {
    const length = bytes.length;
    const asciiEnd = asciiPrefixEnd(bytes);
    if (asciiEnd === length) return stringFromCodeUnits(bytes);
    const table = this.#table;
    const units = new Uint16Array(length);
    units.set(bytes.subarray(0, asciiEnd));
    for (let index = asciiEnd; index < length; index++) {
      const byte = bytes[index] as number;
      if (byte < 0x80) {
        units[index] = byte;
        continue;
      }
      const unit = table[byte - 0x80] as number;
      if (unit === UNMAPPED && this.#fatal) return null;
      units[index] = unit;
    }
    return stringFromCodeUnits(units);
  }
}
