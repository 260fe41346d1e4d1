/**
 * UTF-16BE and UTF-16LE decoders per Encoding Standard §14.2 "shared UTF-16 decoder": a byte or a lead
 * surrogate split across `{stream: true}` calls waits for the next call; lone surrogates are errors.
 */
import { stringFromCodeUnits } from './isolate-code-units.ts';
import type { Decoder } from './isolate-decoders.ts';

const REPLACEMENT_CHARACTER = 0xfffd;
const NONE = -1;

export class Utf16Decoder implements Decoder {
  readonly #bigEndian: boolean;
  readonly #fatal: boolean;
  #leadByte = NONE;
  #leadSurrogate = NONE;

  constructor(bigEndian: boolean, fatal: boolean) {
    this.#bigEndian = bigEndian;
    this.#fatal = fatal;
  }

  decode(bytes: Uint8Array, stream: boolean): string | null {
    const length = bytes.length;
    // Every code unit yields at most one, plus one U+FFFD for a pending lead surrogate and one at the end.
    const units = new Uint16Array(((length + 1) >> 1) + 2);
    let written = 0;
    let leadByte = this.#leadByte;
    let leadSurrogate = this.#leadSurrogate;
    for (let index = 0; index < length; index++) {
      const byte = bytes[index] as number;
      if (leadByte === NONE) {
        leadByte = byte;
        continue;
      }
      const unit = this.#bigEndian ? (leadByte << 8) | byte : (byte << 8) | leadByte;
      leadByte = NONE;
      if (leadSurrogate !== NONE) {
        if (unit >= 0xdc00 && unit <= 0xdfff) {
          units[written++] = leadSurrogate;
          units[written++] = unit;
          leadSurrogate = NONE;
          continue;
        }
        // The unit after a lone lead surrogate is "restored" and read again below.
        leadSurrogate = NONE;
        if (this.#fatal) return this.#fail();
        units[written++] = REPLACEMENT_CHARACTER;
      }
      if (unit >= 0xd800 && unit <= 0xdbff) {
        leadSurrogate = unit;
      } else if (unit >= 0xdc00 && unit <= 0xdfff) {
        if (this.#fatal) return this.#fail();
        units[written++] = REPLACEMENT_CHARACTER;
      } else {
        units[written++] = unit;
      }
    }
    if (!stream && (leadByte !== NONE || leadSurrogate !== NONE)) {
      // End of queue with a byte or a surrogate pending: one error.
      leadByte = NONE;
      leadSurrogate = NONE;
      if (this.#fatal) return this.#fail();
      units[written++] = REPLACEMENT_CHARACTER;
    }
    this.#leadByte = leadByte;
    this.#leadSurrogate = leadSurrogate;
    return stringFromCodeUnits(units, written);
  }

  #fail(): null {
    this.#leadByte = NONE;
    this.#leadSurrogate = NONE;
    return null;
  }
}
