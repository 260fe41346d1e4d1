/** One decoder instance per TextDecoder (Encoding Standard §4.1 "decoder"), by encoding. */
import { type EncodingOps, MULTI_BYTE_ENCODINGS, type MultiByteEncoding } from './bridge.ts';
import { encodingOps } from './isolate-host.ts';
import type { EncodingName } from './isolate-labels.ts';
import { MultiByteDecoder } from './isolate-multi-byte.ts';
import { SingleByteDecoder, singleByteTable, xUserDefinedTable } from './isolate-single-byte.ts';
import { Utf8Decoder } from './isolate-utf8.ts';
import { Utf16Decoder } from './isolate-utf16.ts';

/**
 * Decodes the next chunk of a stream; `stream: false` ends it (pending bytes become an error) and leaves
 * the decoder ready for a new stream. Returns null for a fatal error, after resetting its state.
 */
export interface Decoder {
  decode(bytes: Uint8Array, stream: boolean): string | null;
}

function hostOps(): EncodingOps {
  const ops = encodingOps();
  if (ops === undefined) throw new Error('The encoding family is not installed');
  return ops;
}

function isMultiByte(encoding: string): encoding is MultiByteEncoding {
  return (MULTI_BYTE_ENCODINGS as readonly string[]).includes(encoding);
}

/** `replacement` is absent: TextDecoder refuses it (§7.2, its constructor). */
export function createDecoder(encoding: Exclude<EncodingName, 'replacement'>, fatal: boolean): Decoder {
  switch (encoding) {
    case 'utf-8':
      return new Utf8Decoder(fatal);
    case 'utf-16le':
      return new Utf16Decoder(false, fatal);
    case 'utf-16be':
      return new Utf16Decoder(true, fatal);
    case 'x-user-defined':
      return new SingleByteDecoder(xUserDefinedTable(), fatal);
    default: {
      const host = hostOps();
      if (isMultiByte(encoding)) return new MultiByteDecoder(encoding, fatal, host);
      const table = singleByteTable(encoding, (name) => host.op_encoding_single_byte_table(name));
      return new SingleByteDecoder(table, fatal);
    }
  }
}
