/**
 * One isolate's key table: handle number → Node webcrypto CryptoKey. The isolate only ever sees the
 * handle and a copy of the key's public attributes; a handle means nothing in another isolate, whose
 * table is its own.
 */
import type { webcrypto } from 'node:crypto';
import type { KeyInfo, KeyPairInfo, KeyType, WireAlgorithm } from './bridge.ts';

type NodeKey = webcrypto.CryptoKey;

/** A copy of a KeyAlgorithm that crosses as plain data (`hash` and `publicExponent` included). */
function copyAlgorithm(algorithm: webcrypto.KeyAlgorithm): WireAlgorithm {
  const copy: WireAlgorithm = { ...algorithm };
  const { hash, publicExponent } = copy as { hash?: webcrypto.KeyAlgorithm; publicExponent?: Uint8Array };
  if (hash) copy.hash = { name: hash.name };
  if (publicExponent) copy.publicExponent = new Uint8Array(publicExponent);
  return copy;
}

export class KeyTable {
  readonly #keys = new Map<number, NodeKey>();
  #nextHandle = 1;

  /** Keeps `key` and describes it for the isolate. */
  add(key: NodeKey): KeyInfo {
    const handle = this.#nextHandle++;
    this.#keys.set(handle, key);
    return {
      handle,
      type: key.type as KeyType,
      extractable: key.extractable,
      algorithm: copyAlgorithm(key.algorithm),
      usages: [...key.usages],
    };
  }

  addPair(pair: webcrypto.CryptoKeyPair): KeyPairInfo {
    return { publicKey: this.add(pair.publicKey), privateKey: this.add(pair.privateKey) };
  }

  /** The key behind `handle`; the isolate only sends handles of live CryptoKeys, so a miss is a bug. */
  get(handle: number): NodeKey {
    const key = this.#keys.get(handle);
    if (!key) throw new DOMException(`No key with handle ${handle} in this isolate.`, 'InvalidAccessError');
    return key;
  }

  release(handle: number): void {
    this.#keys.delete(handle);
  }

  clear(): void {
    this.#keys.clear();
  }
}
