/**
 * How a streamed response body crosses from a pool thread to the front door: each streamed response
 * gets its own MessageChannel, whose far end travels in the ResponseResult (`stream.port`).
 *
 * - thread → front door: each chunk as an ArrayBuffer (transferred, never empty), then `'end'` or
 *   `'error'` (the tenant's stream failed after the head was sent: the front door aborts the connection);
 * - front door → thread: credit, a number of bytes the front door has handed to the socket without
 *   backpressure. The thread reads the isolate's stream only while the bytes it has sent and not yet
 *   been credited are under `STREAM_WINDOW_BYTES`, so a slow client stops the isolate's reads and at
 *   most a window (plus one chunk) waits between the two threads;
 * - either side closing the port ends the stream: the front door closes it when the body is complete,
 *   or to cancel (client gone, idle timeout); a thread that closes it (or dies) aborts the response.
 */
import type { MessagePort } from 'node:worker_threads';

/** Bytes in flight between a thread and the front door per streamed response. */
export const STREAM_WINDOW_BYTES = 1024 * 1024;

export const STREAM_END = 'end';
export const STREAM_ERROR = 'error';

/** What the thread posts: a chunk, or how the body finished. */
export type StreamMessage = ArrayBuffer | typeof STREAM_END | typeof STREAM_ERROR;

/** What the front door posts: credit, in bytes. */
export type StreamCredit = number;

/** A response body that follows the head as a stream. */
export interface StreamedBody {
  port: MessagePort;
  /** The body's byte count when known in advance (a FixedLengthStream): sent as Content-Length. */
  length: number | null;
}
