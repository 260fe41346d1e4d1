/**
 * The host half of the encoding family: UTF-8 for large inputs (Node's, which follows the standard),
 * single-byte tables and the legacy multi-byte decoders.
 * Node's own TextDecoder (ICU) is not used for these: its big5, euc-jp, shift_jis and euc-kr converters
 * disagree with the Encoding Standard on thousands of byte sequences (ICU maps 0x80 to U+0080 in
 * big5/euc-kr/euc-jp, and swaps 0x1A/0x1C/0x7F in shift_jis). @exodus/bytes implements the standard's
 * decoders and index tables exactly (it passes the WPT encoding suite).
 */
import { createMultibyteDecoder } from '@exodus/bytes/multi-byte.js';
import { createSinglebyteDecoder } from '@exodus/bytes/single-byte.js';
import type { HostOps, HostScope } from '../family.ts';
import {
  type EncodingOps,
  MAX_OPEN_MULTI_BYTE_STREAMS,
  MULTI_BYTE_ENCODINGS,
  type MultiByteEncoding,
  ONE_SHOT,
  SINGLE_BYTE_ENCODINGS,
  type SingleByteEncoding,
} from './bridge.ts';

type MultiByteDecode = (bytes: Uint8Array, stream?: boolean) => string;

/** Per process: the tables are the same for every isolate. */
const singleByteTables = new Map<SingleByteEncoding, string>();

const HIGH_BYTES = Uint8Array.from({ length: 0x80 }, (_, index) => 0x80 + index);

function singleByteTable(encoding: SingleByteEncoding): string {
  let table = singleByteTables.get(encoding);
  if (table === undefined) {
    if (!SINGLE_BYTE_ENCODINGS.includes(encoding))
      throw new RangeError(`Not a single-byte encoding: ${encoding}`);
    table = createSinglebyteDecoder(encoding, true)(HIGH_BYTES);
    singleByteTables.set(encoding, table);
  }
  return table;
}

function newMultiByteDecoder(encoding: MultiByteEncoding, fatal: boolean): MultiByteDecode {
  if (!MULTI_BYTE_ENCODINGS.includes(encoding))
    throw new RangeError(`Not a multi-byte encoding: ${encoding}`);
  return createMultibyteDecoder(encoding, !fatal);
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const fatalUtf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array, fatal: boolean): string | null {
  if (!fatal) return utf8Decoder.decode(bytes);
  try {
    return fatalUtf8Decoder.decode(bytes);
  } catch {
    return null;
  }
}

export function encodingHost(scope: HostScope): EncodingOps & HostOps {
  const streams = new Map<number, MultiByteDecode>();
  scope.onDispose(() => streams.clear());
  return {
    op_encoding_utf8_encode: (text) => utf8Encoder.encode(text),
    op_encoding_utf8_decode: decodeUtf8,
    op_encoding_single_byte_table: singleByteTable,
    op_encoding_multi_byte_decode(id, encoding, fatal, bytes, stream) {
      let decode = streams.get(id);
      if (decode === undefined) {
        decode = newMultiByteDecoder(encoding, fatal);
        if (stream && id !== ONE_SHOT) {
          // The isolate enforces the limit; this only guards the host against a bug there.
          if (streams.size >= MAX_OPEN_MULTI_BYTE_STREAMS)
            throw new RangeError('Too many open decoder streams');
          streams.set(id, decode);
        }
      }
      if (!stream) streams.delete(id);
      try {
        return decode(bytes, stream);
      } catch (error) {
        // @exodus/bytes throws a TypeError for malformed input in fatal mode (and resets its state).
        if (fatal && error instanceof TypeError) return null;
        throw error;
      }
    },
    op_encoding_multi_byte_release(ids) {
      for (const id of ids) streams.delete(id);
    },
  };
}
