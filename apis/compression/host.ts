/**
 * The host half of Compression Streams: a table of zlib codecs per isolate, keyed by the numbers the
 * isolate chose. Each step is a host operation, so zlib works off the isolate's thread and the isolate
 * gets its output when it settles. A codec lives until its input has finished, it fails, its stream is
 * cancelled, aborted or garbage collected, or the isolate is disposed (MAX_OPEN_CODECS bounds the
 * native memory one isolate can hold).
 */
import type { HostOps, HostScope } from '../family.ts';
import { settleHostOperation } from '../runtime/host.ts';
import {
  COMPRESSION_FORMATS,
  type CodecKey,
  type CodecOutput,
  type CompressionOps,
  MAX_OPEN_CODECS,
} from './bridge.ts';
import { Codec } from './host-codec.ts';

export function compressionHost(scope: HostScope): CompressionOps & HostOps {
  const codecs = new Map<number, Codec>();
  scope.onDispose(() => {
    for (const codec of codecs.values()) codec.destroy();
    codecs.clear();
  });

  function openCodec(key: CodecKey): Codec {
    let codec = codecs.get(key.id);
    if (codec) return codec;
    if (!COMPRESSION_FORMATS.includes(key.format)) {
      throw new TypeError(`Unsupported compression format: ${String(key.format)}`);
    }
    if (codecs.size >= MAX_OPEN_CODECS) {
      throw new TypeError(
        `Too many open compression streams: an isolate may have ${MAX_OPEN_CODECS} at once (close or cancel the ones it is done with)`,
      );
    }
    codec = new Codec(key.format, key.decompress === true);
    codecs.set(key.id, codec);
    return codec;
  }

  function existingCodec(id: number): Codec {
    const codec = codecs.get(id);
    if (!codec) throw new TypeError('The compression stream is closed');
    return codec;
  }

  /** One step of codec `id`; a finished or failed codec leaves the table. */
  async function step(id: number, run: () => Promise<CodecOutput>): Promise<CodecOutput> {
    try {
      const output = await run();
      if (codecs.get(id)?.finished) codecs.delete(id);
      return output;
    } catch (error) {
      codecs.get(id)?.destroy();
      codecs.delete(id);
      throw error;
    }
  }

  return {
    op_compression_write(operation, key, chunk) {
      const run = async () => {
        if (!(chunk instanceof Uint8Array)) throw new TypeError('A compression chunk must be a Uint8Array');
        return openCodec(key).write(chunk);
      };
      settleHostOperation(scope, operation, step(key.id, run));
    },
    op_compression_finish(operation, key) {
      settleHostOperation(
        scope,
        operation,
        step(key.id, async () => openCodec(key).finish()),
      );
    },
    op_compression_resume(operation, id) {
      settleHostOperation(
        scope,
        operation,
        step(id, async () => existingCodec(id).resume()),
      );
    },
    op_compression_release(ids) {
      for (const id of ids) {
        codecs.get(id)?.destroy();
        codecs.delete(id);
      }
    },
  };
}
