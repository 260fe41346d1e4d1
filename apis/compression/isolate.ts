/**
 * CompressionStream and DecompressionStream (Compression Streams §4–§5): TransformStreams whose chunks
 * are compressed by the host's zlib (apis/compression/host.ts). The isolate gives each stream a codec
 * number; every chunk is one host operation that settles with the output so far.
 */
import { ownBuffer } from '../encoding/isolate-host.ts';
import { defineInterface, requireArguments, toEnum, typeError } from '../fetch/isolate-webidl.ts';
import type { AllOps } from '../isolate-ops.ts';
import type { IsolateScope } from '../isolate-scope.ts';
import { hostOperation } from '../runtime/isolate.ts';
import { chunkBytes } from '../streams/isolate-bytes.ts';
import {
  type ReadableStream,
  TransformStream,
  type TransformStreamDefaultController,
  type WritableStream,
} from '../streams/isolate-standard.ts';
import { COMPRESSION_FORMATS, type CodecKey, type CodecOutput } from './bridge.ts';
import { forgetCodec, releaseCodec, trackCodec } from './isolate-open-codecs.ts';

type InterfaceName = 'CompressionStream' | 'DecompressionStream';

let ops: AllOps;
let nextCodecId = 1;

/**
 * Enqueues a step's output, resuming the codec while it holds more back. A failed step has already
 * released the codec on the host.
 */
async function enqueueOutput(
  step: Promise<CodecOutput>,
  codecId: number,
  controller: TransformStreamDefaultController<Uint8Array>,
): Promise<void> {
  try {
    let output = await step;
    for (;;) {
      if (output.bytes.byteLength > 0) controller.enqueue(output.bytes);
      if (!output.more) return;
      output = await hostOperation<CodecOutput>((operation) => ops.op_compression_resume(operation, codecId));
    }
  } catch (error) {
    forgetCodec(codecId);
    throw error;
  }
}

function codecTransform(key: CodecKey, interfaceName: InterfaceName): TransformStream<unknown, Uint8Array> {
  const release = () => releaseCodec(ops, key.id);
  const stream = new TransformStream<unknown, Uint8Array>({
    // §4 "compress and enqueue a chunk" / §5 "decompress and enqueue a chunk"
    async transform(chunk, controller) {
      const bytes = chunkBytes(chunk);
      if (bytes === undefined) {
        release();
        throw typeError(
          { interface: interfaceName, operation: 'write' },
          "The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.",
        );
      }
      if (bytes.byteLength === 0) return;
      const chunkForHost = ownBuffer(bytes);
      const step = hostOperation<CodecOutput>((operation) =>
        ops.op_compression_write(operation, key, chunkForHost),
      );
      await enqueueOutput(step, key.id, controller);
    },
    // "compress flush and enqueue" / "decompress flush and enqueue" (a truncated input is a TypeError);
    // the host releases a codec whose input has finished.
    async flush(controller) {
      const step = hostOperation<CodecOutput>((operation) => ops.op_compression_finish(operation, key));
      await enqueueOutput(step, key.id, controller);
      forgetCodec(key.id);
    },
    cancel: release,
  });
  trackCodec(ops, key.id, stream);
  return stream;
}

function codecStreamClass(interfaceName: InterfaceName, decompress: boolean) {
  const context = { interface: interfaceName };
  const streamClass = class {
    readonly #transform: TransformStream<unknown, Uint8Array>;

    constructor(format: unknown) {
      // biome-ignore lint/complexity/noArguments: Web IDL counts the arguments actually passed.
      requireArguments(arguments.length, 1, context);
      const key: CodecKey = {
        id: nextCodecId++,
        format: toEnum(format, COMPRESSION_FORMATS, context, 'CompressionFormat'),
        decompress,
      };
      this.#transform = codecTransform(key, interfaceName);
    }

    get readable(): ReadableStream<Uint8Array> {
      return streamClass.#checked(this, 'readable').#transform.readable;
    }

    get writable(): WritableStream<unknown> {
      return streamClass.#checked(this, 'writable').#transform.writable;
    }

    static #checked(value: unknown, member: string): InstanceType<typeof streamClass> {
      if (typeof value === 'object' && value !== null && #transform in value) {
        return value as InstanceType<typeof streamClass>;
      }
      throw typeError({ interface: interfaceName, operation: member }, 'Illegal invocation');
    }
  };
  Object.defineProperty(streamClass, 'name', { value: interfaceName });
  defineInterface(streamClass, interfaceName);
  return streamClass;
}

export const CompressionStream = codecStreamClass('CompressionStream', false);
export type CompressionStream = InstanceType<typeof CompressionStream>;
export const DecompressionStream = codecStreamClass('DecompressionStream', true);
export type DecompressionStream = InstanceType<typeof DecompressionStream>;

export function install(scope: IsolateScope): void {
  ops = scope.ops;
  scope.defineGlobal('CompressionStream', CompressionStream);
  scope.defineGlobal('DecompressionStream', DecompressionStream);
}
