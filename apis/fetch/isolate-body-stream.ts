/**
 * The one place where bodies meet the Streams family: a body kept as bytes becomes a ReadableStream only
 * when someone asks for `.body` (or Blob's `stream()`), and a ReadableStream given as a body is read
 * whole when a body reader is called.
 */
import {
  isReadableStreamDisturbed,
  ReadableStream,
  readAllBytes,
  readableStreamFromBytes,
} from '../streams/isolate.ts';

export type { ReadableStream };

export function isReadableStream(value: unknown): value is ReadableStream {
  return value instanceof ReadableStream;
}

/** A stream of `bytes` (which it takes: enqueueing transfers their buffer). */
export function streamFromBytes(bytes: Uint8Array): ReadableStream {
  return readableStreamFromBytes(bytes);
}

/**
 * A body's stream over `bytes` (taken). A byte stream with no high-water mark pulls only when read,
 * so `onDisturbed` runs exactly when the spec's "disturbed" flag would be set: on the first read or cancel.
 */
export function bodyStreamFromBytes(bytes: Uint8Array, onDisturbed: () => void): ReadableStream {
  return new ReadableStream(
    {
      type: 'bytes',
      pull(controller: { enqueue(chunk: Uint8Array): void; close(): void }) {
        onDisturbed();
        if (bytes.length > 0) controller.enqueue(bytes);
        controller.close();
      },
      cancel() {
        onDisturbed();
      },
    },
    { highWaterMark: 0 },
  );
}

export function readStreamBytes(stream: ReadableStream): Promise<Uint8Array> {
  return readAllBytes(stream);
}

export function teeStream(stream: ReadableStream): [ReadableStream, ReadableStream] {
  return stream.tee() as [ReadableStream, ReadableStream];
}

export function isStreamLocked(stream: ReadableStream): boolean {
  return stream.locked;
}

export function isStreamDisturbed(stream: ReadableStream): boolean {
  return isReadableStreamDisturbed(stream);
}
