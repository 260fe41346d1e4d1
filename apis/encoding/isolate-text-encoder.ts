/** TextEncoder per Encoding Standard §7.4: UTF-8 only; `encodeInto` writes whole scalar values only. */
import { defineInterface, requireArguments, toDOMString, typeError } from '../fetch/isolate-webidl.ts';
import { utf8Encode, utf8EncodeInto } from './isolate-utf8.ts';

const typedArrayTag = Reflect.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype) as object,
  Symbol.toStringTag,
)?.get as () => string | undefined;

export class TextEncoder {
  readonly #encoding = 'utf-8';

  get encoding(): string {
    return TextEncoder.#checked(this, 'encoding').#encoding;
  }

  encode(input: unknown = undefined): Uint8Array {
    TextEncoder.#checked(this, 'encode');
    return utf8Encode(input === undefined ? '' : toDOMString(input));
  }

  encodeInto(source: unknown, destination: unknown): { read: number; written: number } {
    TextEncoder.#checked(this, 'encodeInto');
    const context = { interface: 'TextEncoder', operation: 'encodeInto' };
    // biome-ignore lint/complexity/noArguments: Web IDL counts the arguments actually passed.
    requireArguments(arguments.length, 2, context);
    const string = toDOMString(source);
    if (Reflect.apply(typedArrayTag, destination, []) !== 'Uint8Array') {
      throw typeError(context, "parameter 2 is not of type 'Uint8Array'.");
    }
    return utf8EncodeInto(string, destination as Uint8Array);
  }

  static #checked(value: unknown, member: string): TextEncoder {
    if (typeof value === 'object' && value !== null && #encoding in value) return value as TextEncoder;
    throw typeError({ interface: 'TextEncoder', operation: member }, 'Illegal invocation');
  }

  static {
    defineInterface(TextEncoder, 'TextEncoder');
  }
}
