/**
 * The Streams Standard's classes (ReadableStream with default and byte controllers, BYOB readers, tee,
 * pipes, async iteration and `from`; WritableStream; TransformStream; the queuing strategies).
 * They come from web-streams-polyfill, which follows the WHATWG reference implementation and runs the
 * web-platform-tests, rather than from a re-implementation here: streams are subtle (byte-stream tee,
 * `read(view, { min })`, pipe shutdown ordering) and the reference gets them right.
 */
import './isolate-polyfill-globals.ts';

export type {
  QueuingStrategy,
  ReadableStreamBYOBReadResult,
  ReadableStreamDefaultReadResult,
  Transformer,
  UnderlyingByteSource,
  UnderlyingSink,
  UnderlyingSource,
} from 'web-streams-polyfill';
export {
  ByteLengthQueuingStrategy,
  CountQueuingStrategy,
  ReadableByteStreamController,
  ReadableStream,
  ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest,
  ReadableStreamDefaultController,
  ReadableStreamDefaultReader,
  TransformStream,
  TransformStreamDefaultController,
  WritableStream,
  WritableStreamDefaultController,
  WritableStreamDefaultWriter,
} from 'web-streams-polyfill';

/**
 * The spec's [[disturbed]] slot (a read or cancel happened), which Fetch's `bodyUsed` reports. The
 * polyfill keeps it as `_disturbed` and offers no accessor.
 */
export function isReadableStreamDisturbed(stream: object): boolean {
  return (stream as { _disturbed?: boolean })._disturbed === true;
}
