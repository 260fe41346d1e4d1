/**
 * The legacy multi-byte decoders (Encoding Standard §10–13: gbk, gb18030, big5, euc-jp, iso-2022-jp,
 * shift_jis, euc-kr) run on the host, which holds their index tables once per process. A decoder that is
 * mid-stream keeps its state on the host under an id; the id is released by the call that ends the
 * stream, or, for a TextDecoder dropped mid-stream, once the isolate's garbage collector has cleared its
 * WeakRef (FinalizationRegistry callbacks never run under isolated-vm, WeakRefs are cleared).
 */
import { type EncodingOps, MAX_OPEN_MULTI_BYTE_STREAMS, type MultiByteEncoding, ONE_SHOT } from './bridge.ts';
import { asciiPrefixEnd, stringFromCodeUnits } from './isolate-code-units.ts';
import type { Decoder } from './isolate-decoders.ts';
import { ownBuffer } from './isolate-host.ts';

const openStreams = new Map<number, WeakRef<MultiByteDecoder>>();
let nextStreamId = 1;
const FIRST_SWEEP = 64;
let sweepAt = FIRST_SWEEP;

function releaseCollectedStreams(ops: EncodingOps): void {
  const collected: number[] = [];
  for (const [id, decoder] of openStreams) {
    if (decoder.deref() === undefined) collected.push(id);
  }
  for (const id of collected) openStreams.delete(id);
  if (collected.length > 0) ops.op_encoding_multi_byte_release(collected);
}

function openStream(decoder: MultiByteDecoder, ops: EncodingOps): number {
  if (openStreams.size >= sweepAt) {
    releaseCollectedStreams(ops);
    sweepAt = Math.max(FIRST_SWEEP, openStreams.size * 2);
  }
  if (openStreams.size >= MAX_OPEN_MULTI_BYTE_STREAMS) {
    throw new RangeError(
      `Failed to execute 'decode' on 'TextDecoder': ${MAX_OPEN_MULTI_BYTE_STREAMS} legacy multi-byte decoders ` +
        'are already mid-stream in this isolate; end a stream with a call without {stream: true}.',
    );
  }
  const id = nextStreamId++;
  openStreams.set(id, new WeakRef(decoder));
  return id;
}

export class MultiByteDecoder implements Decoder {
  readonly #encoding: MultiByteEncoding;
  readonly #fatal: boolean;
  readonly #ops: EncodingOps;
  /** iso-2022-jp starts in ASCII state but its escape byte 0x1B is ASCII: no shortcut for it. */
  readonly #asciiSuperset: boolean;
  #stream = ONE_SHOT;

  constructor(encoding: MultiByteEncoding, fatal: boolean, ops: EncodingOps) {
    this.#encoding = encoding;
    this.#fatal = fatal;
    this.#ops = ops;
    this.#asciiSuperset = encoding !== 'iso-2022-jp';
  }

  decode(bytes: Uint8Array, stream: boolean): string | null {
    let id = this.#stream;
    if (id === ONE_SHOT) {
      // Without a pending lead byte, ASCII bytes are themselves in all but iso-2022-jp, and leave no state.
      if (this.#asciiSuperset && asciiPrefixEnd(bytes) === bytes.length) return stringFromCodeUnits(bytes);
      if (stream) {
        id = openStream(this, this.#ops);
        this.#stream = id;
      }
    }
    if (!stream && id !== ONE_SHOT) {
      openStreams.delete(id);
      this.#stream = ONE_SHOT;
    }
    return this.#ops.op_encoding_multi_byte_decode(id, this.#encoding, this.#fatal, ownBuffer(bytes), stream);
  }
}
