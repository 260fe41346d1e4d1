/**
 * The compression family's contract. Compression runs on the host in node:zlib (native zlib, off the
 * isolate's thread); the isolate names each codec with its own number and feeds it chunks through
 * host operations that settle with the output produced so far.
 */

/** Compression Streams §2 "CompressionFormat". */
export const COMPRESSION_FORMATS = ['deflate', 'deflate-raw', 'gzip'] as const;
export type CompressionFormat = (typeof COMPRESSION_FORMATS)[number];

export interface CodecKey {
  /** Chosen by the isolate, unique per isolate. */
  id: number;
  format: CompressionFormat;
  decompress: boolean;
}

/**
 * What a write, finish or resume settles with. `more` means output was held back to bound the host's
 * buffer: the isolate enqueues `bytes`, then resumes the codec for the rest.
 */
export interface CodecOutput {
  bytes: Uint8Array;
  more: boolean;
}

export interface CompressionOps {
  /** Host operation: feeds `chunk` to the codec (created on first use); settles with a CodecOutput. */
  op_compression_write(operation: number, codec: CodecKey, chunk: Uint8Array): void;
  /** Host operation: ends the input; settles with the remaining output once the codec has finished. */
  op_compression_finish(operation: number, codec: CodecKey): void;
  /** Host operation: continues a write or finish that settled with `more`. */
  op_compression_resume(operation: number, codecId: number): void;
  /** Discards codecs: their streams were cancelled, aborted or garbage collected. */
  op_compression_release(codecIds: number[]): void;
}

/** Codecs one isolate may have open at once: a deflate context holds ~256 KiB of native memory. */
export const MAX_OPEN_CODECS = 128;
