/**
 * TextDecoder per Encoding Standard §7.2: label lookup, `fatal`, `ignoreBOM` and `{stream: true}` over the
 * decoders of isolate-decoders.ts. A BOM is only removed for UTF-8 and UTF-16 ("serialize I/O queue").
 */
import { defineInterface, toDictionary, toDOMString, typeError } from '../fetch/isolate-webidl.ts';
import { bufferSourceBytes } from './isolate-buffer-source.ts';
import { createDecoder, type Decoder } from './isolate-decoders.ts';
import { type EncodingName, getEncoding } from './isolate-labels.ts';

const BYTE_ORDER_MARK = 0xfeff;
const EMPTY = new Uint8Array(0);
const constructContext = { interface: 'TextDecoder' };
const decodeContext = { interface: 'TextDecoder', operation: 'decode' };

export class TextDecoder {
  readonly #encoding: EncodingName;
  readonly #fatal: boolean;
  readonly #ignoreBOM: boolean;
  readonly #removesBOM: boolean;
  readonly #decoder: Decoder;
  #doNotFlush = false;
  #bomSeen = false;

  constructor(label: unknown = undefined, options: unknown = undefined) {
    const labelString = label === undefined ? 'utf-8' : toDOMString(label);
    const dictionary = toDictionary(options, constructContext, 'TextDecoderOptions');
    this.#fatal = Boolean(dictionary.fatal);
    this.#ignoreBOM = Boolean(dictionary.ignoreBOM);
    const encoding = getEncoding(labelString);
    if (encoding === null || encoding === 'replacement') {
      throw new RangeError(
        `Failed to construct 'TextDecoder': The encoding label provided ('${labelString}') is invalid.`,
      );
    }
    this.#encoding = encoding;
    this.#removesBOM =
      !this.#ignoreBOM && (encoding === 'utf-8' || encoding === 'utf-16le' || encoding === 'utf-16be');
    this.#decoder = createDecoder(encoding, this.#fatal);
  }

  get encoding(): string {
    return TextDecoder.#checked(this, 'encoding').#encoding;
  }

  get fatal(): boolean {
    return TextDecoder.#checked(this, 'fatal').#fatal;
  }

  get ignoreBOM(): boolean {
    return TextDecoder.#checked(this, 'ignoreBOM').#ignoreBOM;
  }

  decode(input: unknown = undefined, options: unknown = undefined): string {
    const self = TextDecoder.#checked(this, 'decode');
    const bytes = input === undefined ? EMPTY : bufferSourceBytes(input, decodeContext, 'parameter 1');
    const stream =
      options === undefined
        ? false
        : Boolean(toDictionary(options, decodeContext, 'TextDecodeOptions').stream);
    if (!self.#doNotFlush) self.#bomSeen = false;
    self.#doNotFlush = stream;
    const output = self.#decoder.decode(bytes, stream);
    if (output === null) {
      throw typeError(decodeContext, `The encoded data was not valid for encoding ${self.#encoding}`);
    }
    if (!self.#removesBOM || self.#bomSeen || output.length === 0) return output;
    self.#bomSeen = true;
    return output.charCodeAt(0) === BYTE_ORDER_MARK ? output.slice(1) : output;
  }

  static #checked(value: unknown, member: string): TextDecoder {
    if (typeof value === 'object' && value !== null && #decoder in value) return value as TextDecoder;
    throw typeError({ interface: 'TextDecoder', operation: member }, 'Illegal invocation');
  }

  static {
    defineInterface(TextDecoder, 'TextDecoder');
  }
}
