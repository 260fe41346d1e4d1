/**
 * Streams of bytes as other families need them: a body's stream over bytes it already holds, reading a
 * stream whole (Fetch "fully read"/"read all bytes"), and BufferSource chunks as Uint8Array views.
 */
import { isArrayBuffer, isDetached } from '../encoding/isolate-buffer-source.ts';
import { ReadableStream } from './isolate-standard.ts';

const EMPTY = new Uint8Array(0);

/** The bytes a BufferSource chunk holds, as a view (no copy); undefined when the chunk is not one. */
export function chunkBytes(chunk: unknown): Uint8Array | undefined {
  if (ArrayBuffer.isView(chunk)) {
    if (isDetached(chunk.buffer as ArrayBuffer)) return EMPTY;
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  if (isArrayBuffer(chunk)) return isDetached(chunk) ? EMPTY : new Uint8Array(chunk);
  return undefined;
}

/** Fetch "body from byte sequence": a byte stream of `bytes`, which it takes (enqueueing transfers them). */
export function readableStreamFromBytes(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    type: 'bytes',
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

/**
 * Reads `stream` to its end and returns its bytes in one new Uint8Array. A chunk that is not a
 * BufferSource rejects with a TypeError and cancels the stream (Fetch "read all bytes" accepts only
 * bytes; like Workers, any ArrayBuffer or view counts).
 */
export async function readAllBytes(stream: ReadableStream): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const result = await reader.read();
    if (result.done) break;
    const bytes = chunkBytes(result.value);
    if (bytes === undefined) {
      const error = new TypeError(
        'Failed to read the stream: it produced a chunk that is not an ArrayBuffer or ArrayBufferView.',
      );
      reader.cancel(error).catch(() => {});
      throw error;
    }
    // "Append the bytes represented by chunk": copied now, since the producer may reuse its buffer.
    chunks.push(bytes.slice());
    length += bytes.byteLength;
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const all = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}
