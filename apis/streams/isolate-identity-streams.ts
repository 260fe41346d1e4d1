/**
 * Cloudflare Workers' IdentityTransformStream and FixedLengthStream: TransformStreams whose writable side
 * takes bytes and whose readable side is a byte stream (so it supports BYOB readers). Nothing is queued
 * beyond the readable's high-water mark (0 by default): a write settles once a reader has asked for more.
 * A FixedLengthStream errors when more or fewer than the expected bytes pass; its length is what the
 * server uses as the response's Content-Length (`fixedStreamLength`).
 */
import { defineInterface, toDictionary, typeError } from '../fetch/isolate-webidl.ts';
import { chunkBytes } from './isolate-bytes.ts';
import {
  type ReadableByteStreamController,
  ReadableStream,
  TransformStream,
  WritableStream,
  type WritableStreamDefaultController,
} from './isolate-standard.ts';

const lengths = new WeakMap<ReadableStream, number>();

/** The byte length a FixedLengthStream's readable side will carry, or undefined for any other stream. */
export function fixedStreamLength(readable: ReadableStream): number | undefined {
  return lengths.get(readable);
}

interface Limits {
  interfaceName: string;
  /** Bytes the stream must carry in total, or undefined for any number. */
  expectedLength: number | undefined;
}

/** Web IDL `unsigned long long` (with a bigint also accepted, as Workers does), for byte counts. */
function toByteCount(value: unknown, interfaceName: string, what: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > Number.MAX_SAFE_INTEGER) {
    throw typeError({ interface: interfaceName }, `${what} must be a non-negative integer.`);
  }
  return Math.trunc(number);
}

function highWaterMarkOf(strategy: unknown, interfaceName: string): number {
  const { highWaterMark } = toDictionary(strategy, { interface: interfaceName }, 'QueuingStrategy');
  return highWaterMark === undefined ? 0 : toByteCount(highWaterMark, interfaceName, 'highWaterMark');
}

function identityPair(
  highWaterMark: number,
  limits: Limits,
): { readable: ReadableStream; writable: WritableStream } {
  let source!: ReadableByteStreamController;
  let sink!: WritableStreamDefaultController;
  let written = 0;
  // A reader asked for bytes that no write has supplied yet; a waiting write is resumed by the next ask.
  let demand = false;
  let resumeWrite: (() => void) | undefined;

  const readable = new ReadableStream(
    {
      type: 'bytes',
      start(controller) {
        source = controller;
      },
      pull() {
        demand = true;
        resumeWrite?.();
        resumeWrite = undefined;
      },
      cancel(reason) {
        sink.error(reason);
        resumeWrite?.();
      },
    },
    { highWaterMark },
  );

  function fail(message: string): never {
    const error = new TypeError(message);
    source.error(error);
    throw error;
  }

  const writable = new WritableStream({
    start(controller) {
      sink = controller;
    },
    write(chunk) {
      const bytes = chunkBytes(chunk);
      if (bytes === undefined) {
        fail(
          `${limits.interfaceName} is a byte stream, but received a chunk that is not an ArrayBuffer or ArrayBufferView on its writable side.`,
        );
      }
      written += bytes.byteLength;
      if (limits.expectedLength !== undefined && written > limits.expectedLength) {
        fail(`Attempt to write too many bytes through a ${limits.interfaceName}.`);
      }
      if (bytes.byteLength === 0) return;
      demand = false;
      // Enqueueing transfers the chunk's buffer; the writer keeps its own.
      source.enqueue(bytes.slice());
      if (demand || (source.desiredSize ?? 0) > 0) return;
      return new Promise<void>((resolve) => {
        resumeWrite = resolve;
      });
    },
    close() {
      if (limits.expectedLength !== undefined && written < limits.expectedLength) {
        fail(`${limits.interfaceName} did not see all expected bytes before close().`);
      }
      source.close();
      source.byobRequest?.respond(0);
    },
    abort(reason) {
      source.error(reason);
    },
  });
  return { readable, writable };
}

/** Lets FixedLengthStream set its limit on the pair its base class built. */
let setExpectedLength: (stream: IdentityTransformStream, expectedLength: number) => void;

export class IdentityTransformStream extends TransformStream<Uint8Array, Uint8Array> {
  readonly #limits: Limits = { interfaceName: 'IdentityTransformStream', expectedLength: undefined };
  readonly #pair: { readable: ReadableStream; writable: WritableStream };

  constructor(queuingStrategy: unknown = undefined) {
    super();
    this.#pair = identityPair(highWaterMarkOf(queuingStrategy, new.target.name), this.#limits);
  }

  override get readable(): ReadableStream<Uint8Array> {
    return IdentityTransformStream.#checked(this, 'readable').#pair.readable;
  }

  override get writable(): WritableStream<Uint8Array> {
    return IdentityTransformStream.#checked(this, 'writable').#pair.writable;
  }

  static #checked(value: unknown, member: string): IdentityTransformStream {
    if (typeof value === 'object' && value !== null && #pair in value)
      return value as IdentityTransformStream;
    throw typeError({ interface: 'IdentityTransformStream', operation: member }, 'Illegal invocation');
  }

  static {
    setExpectedLength = (stream, expectedLength) => {
      stream.#limits.interfaceName = 'FixedLengthStream';
      stream.#limits.expectedLength = expectedLength;
      lengths.set(stream.#pair.readable, expectedLength);
    };
    defineInterface(IdentityTransformStream, 'IdentityTransformStream');
  }
}

export class FixedLengthStream extends IdentityTransformStream {
  constructor(expectedLength: unknown, queuingStrategy: unknown = undefined) {
    // biome-ignore lint/complexity/noArguments: Web IDL counts the arguments actually passed.
    if (arguments.length === 0) {
      throw typeError({ interface: 'FixedLengthStream' }, '1 argument required, but only 0 present.');
    }
    const length = toByteCount(expectedLength, 'FixedLengthStream', 'The expected length');
    super(queuingStrategy);
    setExpectedLength(this, length);
  }

  static {
    defineInterface(FixedLengthStream, 'FixedLengthStream');
  }
}
