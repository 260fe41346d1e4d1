/**
 * The encoding family's contract. UTF-8, UTF-16 and the single-byte decoders run inside the isolate; the
 * host supplies the single-byte tables (once per encoding), decodes the legacy multi-byte encodings,
 * whose index tables are too big to copy into every isolate, and takes over UTF-8 for large inputs,
 * where Node's SIMD code beats the crossing cost (bench/encoding.ts).
 */

/** Encoding Standard §9: the legacy single-byte encodings (one table of 128 code points each). */
export const SINGLE_BYTE_ENCODINGS = [
  'ibm866',
  'iso-8859-2',
  'iso-8859-3',
  'iso-8859-4',
  'iso-8859-5',
  'iso-8859-6',
  'iso-8859-7',
  'iso-8859-8',
  'iso-8859-8-i',
  'iso-8859-10',
  'iso-8859-13',
  'iso-8859-14',
  'iso-8859-15',
  'iso-8859-16',
  'koi8-r',
  'koi8-u',
  'macintosh',
  'windows-874',
  'windows-1250',
  'windows-1251',
  'windows-1252',
  'windows-1253',
  'windows-1254',
  'windows-1255',
  'windows-1256',
  'windows-1257',
  'windows-1258',
  'x-mac-cyrillic',
] as const;

/** Encoding Standard §10–13: the legacy multi-byte encodings, decoded by the host. */
export const MULTI_BYTE_ENCODINGS = [
  'gbk',
  'gb18030',
  'big5',
  'euc-jp',
  'iso-2022-jp',
  'shift_jis',
  'euc-kr',
] as const;

export type SingleByteEncoding = (typeof SINGLE_BYTE_ENCODINGS)[number];
export type MultiByteEncoding = (typeof MULTI_BYTE_ENCODINGS)[number];

/** Decoder id 0: decode once, keep no state on the host. */
export const ONE_SHOT = 0;

/**
 * How many multi-byte decoders may be mid-stream (`{stream: true}` without the final call) at once in
 * one isolate. Their state lives on the host, outside the isolate's memory limit; abandoned ones are
 * released when the isolate's garbage collector drops their TextDecoder.
 */
export const MAX_OPEN_MULTI_BYTE_STREAMS = 1024;

export interface EncodingOps {
  /** UTF-8 encode (lone surrogates become U+FFFD). */
  op_encoding_utf8_encode(text: string): Uint8Array;
  /**
   * UTF-8 decode of bytes that end on a sequence boundary (or end the stream): errors become U+FFFD, or
   * null when `fatal`. A BOM is kept (the caller decides about it).
   */
  op_encoding_utf8_decode(bytes: Uint8Array, fatal: boolean): string | null;
  /** The code units bytes 0x80–0xFF decode to in `encoding`, as a 128-character string; U+FFFD is unmapped. */
  op_encoding_single_byte_table(encoding: SingleByteEncoding): string;
  /**
   * Decodes `bytes` with decoder `id` (ONE_SHOT, or an isolate-chosen id whose state the host keeps while
   * `stream` is true and drops on the first call without it). Returns null when `fatal` and the bytes are
   * not valid in `encoding`.
   */
  op_encoding_multi_byte_decode(
    id: number,
    encoding: MultiByteEncoding,
    fatal: boolean,
    bytes: Uint8Array,
    stream: boolean,
  ): string | null;
  /** Drops the state of streaming decoders whose TextDecoder was garbage-collected mid-stream. */
  op_encoding_multi_byte_release(ids: number[]): void;
}
