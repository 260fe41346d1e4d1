/**
 * Bodies of subrequests crossing to the host: a request body kept as bytes goes whole (and can be sent
 * again after a 307/308 redirect); a ReadableStream body is pumped chunk by chunk, each chunk waiting
 * until the host has written the previous one. A response body is a byte stream that asks the host
 * for a chunk only when it is pulled (highWaterMark 0), so a proxy's `return fetch(upstream)` moves one
 * chunk at a time at the pace of whoever reads it.
 */
import { utf8Encode } from '../encoding/isolate.ts';
import { hostOperation } from '../runtime/isolate.ts';
import { chunkBytes, ReadableStream } from '../streams/isolate.ts';
import type { FetchOps } from './bridge.ts';
import { type Body, consumeBody, isBodyUnusable } from './isolate-body.ts';

/** What a subrequest sends: bytes it can send again, or a stream it can send once. */
export type OutgoingBody =
  | { kind: 'none' }
  | { kind: 'bytes'; bytes: ArrayBuffer }
  | { kind: 'stream'; stream: ReadableStream };

interface ChunkReader {
  read(): Promise<{ done: boolean; value?: unknown }>;
  cancel(reason?: unknown): Promise<void>;
}

interface ByteController {
  enqueue(chunk: Uint8Array): void;
  close(): void;
  error(reason?: unknown): void;
  readonly byobRequest: { respond(bytesWritten: number): void } | null;
}

function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);
}

/** Takes the request's body for sending (the Request's body reads as used afterwards). */
export async function takeOutgoingBody(body: Body | null): Promise<OutgoingBody> {
  if (body === null) return { kind: 'none' };
  if (isBodyUnusable(body)) throw new TypeError('fetch failed: the request body is already used or locked');
  if (body.stream === null) {
    const content = await consumeBody(body, { interface: 'Window', operation: 'fetch' });
    return { kind: 'bytes', bytes: exactBuffer(typeof content === 'string' ? utf8Encode(content) : content) };
  }
  body.disturbed = true;
  return { kind: 'stream', stream: body.stream };
}

/**
 * Sends `stream` as exchange `exchange`'s body; a failure (a chunk that is not bytes, a stream error,
 * the host failing to write) cancels the exchange and is passed to `fail`.
 */
export function pumpUpload(
  ops: FetchOps,
  exchange: number,
  stream: ReadableStream,
  fail: (error: unknown) => void,
): (reason: unknown) => void {
  const reader = stream.getReader() as ChunkReader;
  let stopped = false;
  const upload = (chunk: ArrayBuffer | null) =>
    hostOperation<void>((id) => ops.op_fetch_upload(id, exchange, chunk));
  (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (stopped) return;
      if (done) {
        await upload(null);
        return;
      }
      const bytes = chunkBytes(value);
      if (bytes === undefined) {
        throw new TypeError(
          'fetch failed: the request body stream produced a chunk that is not an ArrayBuffer or ArrayBufferView',
        );
      }
      if (bytes.byteLength > 0) await upload(exactBuffer(bytes));
    }
  })().catch((error: unknown) => {
    if (stopped) return;
    stopped = true;
    reader.cancel(error).catch(() => {});
    ops.op_fetch_cancel(exchange);
    fail(error);
  });
  return (reason) => {
    if (stopped) return;
    stopped = true;
    reader.cancel(reason).catch(() => {});
  };
}

/**
 * The body stream of exchange `exchange`'s response. `onSettled` runs once when the body has ended,
 * failed or been cancelled; `controllerReady` receives the controller so an abort can error it.
 */
export function responseBodyStream(
  ops: FetchOps,
  exchange: number,
  onSettled: () => void,
  controllerReady: (controller: ByteController) => void,
): ReadableStream {
  return new ReadableStream(
    {
      type: 'bytes',
      start(controller: ByteController) {
        controllerReady(controller);
      },
      pull(controller: ByteController) {
        return hostOperation<ArrayBuffer | null>((id) => ops.op_fetch_read(id, exchange)).then(
          (chunk) => {
            if (chunk !== null) {
              controller.enqueue(new Uint8Array(chunk));
              return;
            }
            onSettled();
            controller.close();
            controller.byobRequest?.respond(0);
          },
          (error: unknown) => {
            onSettled();
            throw error;
          },
        );
      },
      cancel() {
        onSettled();
        ops.op_fetch_cancel(exchange);
      },
    },
    { highWaterMark: 0 },
  );
}
