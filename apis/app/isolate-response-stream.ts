/**
 * Response bodies that are ReadableStreams leave the isolate chunk by chunk. The stream is locked by a
 * reader when the head is sent, and a chunk is read only when the host asks for one (`app_stream_pull`):
 * the host asks while the client keeps up, so a slow client stops the reads, and the stream's own
 * backpressure (Streams §4.2.6 "desiredSize") stops the tenant's producer. When the client disconnects
 * the host cancels the stream (`app_stream_cancel`), which runs the underlying source's cancel() and
 * aborts any pipe feeding it (Streams §4.2.4.2 "ReadableStreamCancel").
 */
import type { HostStreamedResponse } from '../fetch/isolate-host-bridge.ts';
import type { IsolateScope } from '../isolate-scope.ts';
import { chunkBytes } from '../streams/isolate.ts';
import { STREAM_CANCEL_ENTRY, STREAM_PULL_ENTRY } from './bridge.ts';

interface ChunkReader {
  read(): Promise<{ done: boolean; value?: unknown }>;
  cancel(reason?: unknown): Promise<void>;
}

/** An ArrayBuffer of exactly `bytes` (the host copies whole buffers, so a view's buffer may be larger). */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);
}

/**
 * Installs the pull and cancel entries; returns `send`, which starts streaming a response (its head
 * goes to the host at once). `describeThrown` turns the stream's error into text for the log.
 */
export function installResponseStreams(
  scope: IsolateScope,
  describeThrown: (error: unknown) => string,
): (requestId: number, response: HostStreamedResponse) => void {
  const { ops } = scope;
  const readers = new Map<number, ChunkReader>();

  function fail(requestId: number, reader: ChunkReader, error: unknown): void {
    readers.delete(requestId);
    reader.cancel(error).catch(() => {});
    ops.op_app_stream_error(requestId, describeThrown(error));
  }

  function pull(requestId: number): void {
    const reader = readers.get(requestId);
    if (reader === undefined) return;
    reader.read().then(
      ({ done, value }) => {
        if (readers.get(requestId) !== reader) return;
        if (done) {
          readers.delete(requestId);
          ops.op_app_stream_end(requestId);
          return;
        }
        const bytes = chunkBytes(value);
        if (bytes === undefined) {
          // Workers accepts only bytes in a response body stream (Fetch "read all bytes" does the same).
          fail(
            requestId,
            reader,
            new TypeError(
              'The response body stream produced a chunk that is not an ArrayBuffer or ArrayBufferView.',
            ),
          );
        } else if (bytes.byteLength === 0) {
          pull(requestId);
        } else {
          ops.op_app_stream_chunk(requestId, exactBuffer(bytes));
        }
      },
      (error: unknown) => {
        if (readers.get(requestId) !== reader) return;
        readers.delete(requestId);
        ops.op_app_stream_error(requestId, describeThrown(error));
      },
    );
  }

  scope.defineEntry(STREAM_PULL_ENTRY, pull);

  scope.defineEntry(STREAM_CANCEL_ENTRY, (requestId: number, reason: string) => {
    const reader = readers.get(requestId);
    if (reader === undefined) return;
    readers.delete(requestId);
    reader.cancel(new TypeError(reason)).catch(() => {});
  });

  return (requestId, response) => {
    readers.set(requestId, response.stream.getReader() as ChunkReader);
    ops.op_app_respond_stream(
      requestId,
      response.status,
      response.statusText,
      response.headers,
      response.length ?? -1,
    );
  };
}
