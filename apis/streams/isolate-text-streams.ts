/**
 * TextEncoderStream and TextDecoderStream (Encoding Standard §5.3, §7.3, §7.5): a TransformStream over
 * the Encoding family's TextDecoder (decoding with `{ stream: true }`, so a character split across
 * chunks comes out whole) and UTF-8 encoder (holding a trailing high surrogate for the next chunk).
 */
import { TextDecoder } from '../encoding/isolate-text-decoder.ts';
import { utf8Encode } from '../encoding/isolate-utf8.ts';
import { defineInterface, toDOMString, typeError } from '../fetch/isolate-webidl.ts';
import { chunkBytes } from './isolate-bytes.ts';
import { type ReadableStream, TransformStream, type WritableStream } from './isolate-standard.ts';

const STREAM = { stream: true };
/** UTF-8 for U+FFFD, what a lone surrogate left at the end becomes (§7.5 "encode and flush"). */
const REPLACEMENT_CHARACTER = new Uint8Array([0xef, 0xbf, 0xbd]);

function isHighSurrogate(codeUnit: number): boolean {
  return codeUnit >= 0xd800 && codeUnit <= 0xdbff;
}

export class TextDecoderStream {
  readonly #decoder: TextDecoder;
  readonly #transform: TransformStream<unknown, string>;

  constructor(label: unknown = undefined, options: unknown = undefined) {
    const decoder = new TextDecoder(label, options);
    this.#decoder = decoder;
    this.#transform = new TransformStream<unknown, string>({
      // §7.3 "decode and enqueue a chunk"
      transform(chunk, controller) {
        const bytes = chunkBytes(chunk);
        if (bytes === undefined) {
          throw typeError(
            { interface: 'TextDecoderStream', operation: 'write' },
            "The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.",
          );
        }
        const output = decoder.decode(bytes, STREAM);
        if (output.length > 0) controller.enqueue(output);
      },
      // §7.3 "flush and enqueue"
      flush(controller) {
        const output = decoder.decode();
        if (output.length > 0) controller.enqueue(output);
      },
    });
  }

  get encoding(): string {
    return TextDecoderStream.#checked(this, 'encoding').#decoder.encoding;
  }

  get fatal(): boolean {
    return TextDecoderStream.#checked(this, 'fatal').#decoder.fatal;
  }

  get ignoreBOM(): boolean {
    return TextDecoderStream.#checked(this, 'ignoreBOM').#decoder.ignoreBOM;
  }

  get readable(): ReadableStream<string> {
    return TextDecoderStream.#checked(this, 'readable').#transform.readable;
  }

  get writable(): WritableStream<unknown> {
    return TextDecoderStream.#checked(this, 'writable').#transform.writable;
  }

  static #checked(value: unknown, member: string): TextDecoderStream {
    if (typeof value === 'object' && value !== null && #decoder in value) return value as TextDecoderStream;
    throw typeError({ interface: 'TextDecoderStream', operation: member }, 'Illegal invocation');
  }

  static {
    defineInterface(TextDecoderStream, 'TextDecoderStream');
  }
}

export class TextEncoderStream {
  readonly #transform: TransformStream<unknown, Uint8Array>;

  constructor() {
    let pendingHighSurrogate = '';
    this.#transform = new TransformStream<unknown, Uint8Array>({
      // §7.5 "encode and enqueue a chunk"
      transform(chunk, controller) {
        let text = pendingHighSurrogate + toDOMString(chunk);
        pendingHighSurrogate = '';
        if (text.length > 0 && isHighSurrogate(text.charCodeAt(text.length - 1))) {
          pendingHighSurrogate = text.slice(-1);
          text = text.slice(0, -1);
        }
        if (text.length > 0) controller.enqueue(utf8Encode(text));
      },
      // §7.5 "encode and flush"
      flush(controller) {
        if (pendingHighSurrogate !== '') controller.enqueue(REPLACEMENT_CHARACTER.slice());
      },
    });
  }

  get encoding(): string {
    TextEncoderStream.#checked(this, 'encoding');
    return 'utf-8';
  }

  get readable(): ReadableStream<Uint8Array> {
    return TextEncoderStream.#checked(this, 'readable').#transform.readable;
  }

  get writable(): WritableStream<unknown> {
    return TextEncoderStream.#checked(this, 'writable').#transform.writable;
  }

  static #checked(value: unknown, member: string): TextEncoderStream {
    if (typeof value === 'object' && value !== null && #transform in value) return value as TextEncoderStream;
    throw typeError({ interface: 'TextEncoderStream', operation: member }, 'Illegal invocation');
  }

  static {
    defineInterface(TextEncoderStream, 'TextEncoderStream');
  }
}
