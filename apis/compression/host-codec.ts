/**
 * One compression or decompression context: a node:zlib stream (native zlib, running on libuv's
 * thread pool) driven a chunk at a time. Output is collected until the chunk has been consumed; past
 * OUTPUT_LIMIT the stream is paused (zlib stops with it) so that a small compressed chunk that inflates
 * to gigabytes never sits in the host's memory: the isolate takes what there is and resumes.
 */
import zlib from 'node:zlib';
import type { CodecOutput, CompressionFormat } from './bridge.ts';

/** zlib's output piece size: larger than Node's 16 KiB default, so a chunk's output comes in fewer pieces. */
const ZLIB_CHUNK_SIZE = 64 * 1024;
/** Output held on the host before the codec pauses and hands it over. */
export const OUTPUT_LIMIT = 1024 * 1024;

type ZlibStream = zlib.Gzip | zlib.Gunzip | zlib.Deflate | zlib.Inflate | zlib.DeflateRaw | zlib.InflateRaw;

interface Waiter {
  /** Whether the step (a chunk consumed, the input finished) is complete. */
  readonly complete: () => boolean;
  resolve(output: CodecOutput): void;
  reject(error: Error): void;
}

function createZlibStream(format: CompressionFormat, decompress: boolean): ZlibStream {
  // Compression Streams §5 "decompress and enqueue a chunk": data after the end of the compressed
  // stream is an error, a second gzip member included (node's gunzip would decode it). Node 24 honours
  // `rejectGarbageAfterEnd` (nodejs/node#64023); `Codec` also compares the bytes consumed, for any version.
  const options = { chunkSize: ZLIB_CHUNK_SIZE, rejectGarbageAfterEnd: true } as zlib.ZlibOptions;
  switch (format) {
    case 'gzip':
      return decompress ? zlib.createGunzip(options) : zlib.createGzip(options);
    case 'deflate':
      return decompress ? zlib.createInflate(options) : zlib.createDeflate(options);
    case 'deflate-raw':
      return decompress ? zlib.createInflateRaw(options) : zlib.createDeflateRaw(options);
  }
}

export class Codec {
  readonly #stream: ZlibStream;
  readonly #decompress: boolean;
  #pieces: Buffer[] = [];
  #held = 0;
  #inputLength = 0;
  #ended = false;
  #failure: TypeError | undefined;
  #waiter: Waiter | undefined;
  #complete: () => boolean = () => true;

  constructor(format: CompressionFormat, decompress: boolean) {
    this.#decompress = decompress;
    const stream = createZlibStream(format, decompress);
    this.#stream = stream;
    stream.on('data', (piece: Buffer) => {
      this.#pieces.push(piece);
      this.#held += piece.length;
      if (this.#held >= OUTPUT_LIMIT) stream.pause();
      this.#settle();
    });
    stream.on('error', (error: Error) => this.#fail(error.message));
    stream.on('end', () => {
      this.#ended = true;
      this.#settle();
    });
  }

  /** True once the input has ended and every byte of output has been handed over. */
  get finished(): boolean {
    return this.#ended && this.#held === 0;
  }

  write(chunk: Uint8Array): Promise<CodecOutput> {
    this.#inputLength += chunk.byteLength;
    let consumed = false;
    this.#stream.write(chunk, () => {
      consumed = true;
      this.#settle();
    });
    return this.#wait(() => consumed);
  }

  finish(): Promise<CodecOutput> {
    this.#stream.end();
    return this.#wait(() => this.#ended);
  }

  resume(): Promise<CodecOutput> {
    this.#stream.resume();
    return this.#wait(this.#complete);
  }

  destroy(): void {
    this.#stream.destroy();
    this.#fail('The stream was closed');
  }

  #wait(complete: () => boolean): Promise<CodecOutput> {
    if (this.#waiter) return Promise.reject(new TypeError('A compression step is already in progress'));
    this.#complete = complete;
    const { promise, resolve, reject } = Promise.withResolvers<CodecOutput>();
    this.#waiter = { complete, resolve, reject };
    this.#settle();
    return promise;
  }

  #fail(message: string): void {
    this.#failure ??= new TypeError(
      this.#decompress ? `The compressed data is not valid: ${message}` : `Compression failed: ${message}`,
    );
    this.#settle();
  }

  #settle(): void {
    const waiter = this.#waiter;
    if (!waiter) return;
    // Data left over once the compressed stream has ended (on a Node without rejectGarbageAfterEnd).
    if (this.#decompress && this.#ended && this.#stream.bytesWritten < this.#inputLength) {
      this.#fail('Junk found after the end of the compressed data');
      return;
    }
    if (this.#failure) {
      this.#waiter = undefined;
      waiter.reject(this.#failure);
      return;
    }
    // Output still buffered inside the stream (paused, or about to flow) is part of this step.
    const drained = !this.#stream.isPaused() && this.#stream.readableLength === 0;
    const complete = waiter.complete() && drained;
    if (!complete && this.#held < OUTPUT_LIMIT) return;
    this.#waiter = undefined;
    waiter.resolve({ bytes: this.#takeOutput(), more: !complete });
  }

  /** The output so far as one Uint8Array of its own (a view into zlib's buffers would cross whole). */
  #takeOutput(): Uint8Array {
    const output = new Uint8Array(this.#held);
    let offset = 0;
    for (const piece of this.#pieces) {
      output.set(piece, offset);
      offset += piece.length;
    }
    this.#pieces = [];
    this.#held = 0;
    return output;
  }
}
