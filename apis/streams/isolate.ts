/**
 * The Streams family: the Streams Standard's classes (isolate-standard.ts), the Encoding Standard's
 * text streams, Compression Streams (apis/compression), Workers' IdentityTransformStream and
 * FixedLengthStream, and the byte helpers bodies use.
 */

import type { IsolateScope } from '../isolate-scope.ts';
import { FixedLengthStream, IdentityTransformStream } from './isolate-identity-streams.ts';
import * as standard from './isolate-standard.ts';
import { TextDecoderStream, TextEncoderStream } from './isolate-text-streams.ts';

export { CompressionStream, DecompressionStream } from '../compression/isolate.ts';
export { chunkBytes, readAllBytes, readableStreamFromBytes } from './isolate-bytes.ts';
export { FixedLengthStream, fixedStreamLength, IdentityTransformStream } from './isolate-identity-streams.ts';
export * from './isolate-standard.ts';
export { TextDecoderStream, TextEncoderStream } from './isolate-text-streams.ts';

/**
 * Settles two things the polyfill decides on first use, while only NANO's code has run: it takes
 * `queueMicrotask` from the global object the first time an async iterator yields, and its async
 * iterator prototype should inherit from %AsyncIteratorPrototype% (Web IDL §3.7.10.1).
 */
function settleAsyncIteration(): void {
  const stream = new standard.ReadableStream({
    start(controller) {
      controller.enqueue(undefined);
    },
  });
  const iterator = stream.values();
  iterator.next().catch(() => {});
  const asyncIteratorPrototype = Object.getPrototypeOf(
    Object.getPrototypeOf(async function* () {}).prototype,
  ) as object;
  const streamIteratorPrototype = Object.getPrototypeOf(iterator) as object;
  Object.setPrototypeOf(streamIteratorPrototype, asyncIteratorPrototype);
  Object.defineProperty(streamIteratorPrototype, Symbol.toStringTag, {
    value: 'ReadableStream AsyncIterator',
    configurable: true,
  });
}

export function install(scope: IsolateScope): void {
  settleAsyncIteration();
  const globals: Record<string, unknown> = {
    ...standard,
    TextEncoderStream,
    TextDecoderStream,
    IdentityTransformStream,
    FixedLengthStream,
  };
  for (const [name, value] of Object.entries(globals)) scope.defineGlobal(name, value);
}
