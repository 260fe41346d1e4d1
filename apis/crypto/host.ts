/**
 * The crypto family's host half: each SubtleCrypto operation runs on Node's WebCrypto implementation
 * (`crypto.webcrypto.subtle`) with the arguments the isolate already normalised, as one host operation.
 * Keys stay here, in the isolate's own table (host-keys.ts), which is emptied when the isolate goes.
 */
import { createHash, randomFillSync, webcrypto } from 'node:crypto';
import type { HostOps, HostScope } from '../family.ts';
import { settleHostOperation } from '../runtime/host.ts';
import {
  type CryptoOps,
  type KeyFormat,
  MAX_RANDOM_BYTES,
  type WireAlgorithm,
  type WireJsonWebKey,
} from './bridge.ts';
import { KeyTable } from './host-keys.ts';

const { subtle } = webcrypto;

/**
 * Node's subtle.digest sends every call to the libuv threadpool, about 40 µs even for 1 KB; hashing a
 * small input right away costs a few µs (bench/crypto.ts: 3–4× the digests per second), so only large
 * inputs take the pool. The isolate's promise still settles in a later entry, as "in parallel" steps do.
 */
const SYNC_DIGEST_MAX_BYTES = 64 * 1024;
const NODE_HASH_NAMES: Readonly<Record<string, string>> = {
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function digestNow(hashName: string, data: ArrayBuffer): Promise<ArrayBuffer> {
  const digest = createHash(hashName).update(new Uint8Array(data)).digest();
  return Promise.resolve(digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength));
}

type NodeAlgorithm = webcrypto.AlgorithmIdentifier & webcrypto.EcdhKeyDeriveParams;

/**
 * WebCrypto's "in parallel" steps only fail with DOMExceptions; anything else Node throws (an internal
 * error) becomes an OperationError, so the isolate always gets a spec error name.
 */
function asOperationFailure(error: unknown): never {
  if (error instanceof DOMException || error instanceof TypeError) throw error;
  const message = error instanceof Error ? error.message : String(error);
  throw new DOMException(message, 'OperationError');
}

export function cryptoHost(scope: HostScope): CryptoOps & HostOps {
  const keys = new KeyTable();
  scope.onDispose(() => keys.clear());

  /** Starts `work` now (so every handle is resolved during the op call) and settles `id` with it. */
  const run = (id: number, work: () => Promise<unknown>) => {
    let promise: Promise<unknown>;
    try {
      promise = work();
    } catch (error) {
      promise = Promise.reject(error);
    }
    settleHostOperation(scope, id, promise.catch(asOperationFailure));
  };

  /** The isolate sends a CryptoKey member (`public`) as its handle. */
  const nodeAlgorithm = (algorithm: WireAlgorithm) =>
    (typeof algorithm.public === 'number'
      ? { ...algorithm, public: keys.get(algorithm.public) }
      : algorithm) as unknown as NodeAlgorithm;

  return {
    op_crypto_random_bytes(length: number) {
      if (!Number.isInteger(length) || length < 0 || length > MAX_RANDOM_BYTES) {
        throw new RangeError(`op_crypto_random_bytes: invalid length ${length}`);
      }
      const bytes = new ArrayBuffer(length);
      randomFillSync(new Uint8Array(bytes));
      return bytes;
    },
    op_crypto_clone_key(handle: number) {
      return keys.add(keys.get(handle));
    },
    op_crypto_release_keys(handles: number[]) {
      for (const handle of handles) keys.release(handle);
    },
    op_crypto_digest(id: number, algorithm: WireAlgorithm, data: ArrayBuffer) {
      const hashName = NODE_HASH_NAMES[algorithm.name];
      run(id, () =>
        hashName !== undefined && data.byteLength <= SYNC_DIGEST_MAX_BYTES
          ? digestNow(hashName, data)
          : subtle.digest(algorithm, data),
      );
    },
    op_crypto_encrypt(id: number, algorithm: WireAlgorithm, key: number, data: ArrayBuffer) {
      run(id, () => subtle.encrypt(nodeAlgorithm(algorithm), keys.get(key), data));
    },
    op_crypto_decrypt(id: number, algorithm: WireAlgorithm, key: number, data: ArrayBuffer) {
      run(id, () => subtle.decrypt(nodeAlgorithm(algorithm), keys.get(key), data));
    },
    op_crypto_sign(id: number, algorithm: WireAlgorithm, key: number, data: ArrayBuffer) {
      run(id, () => subtle.sign(nodeAlgorithm(algorithm), keys.get(key), data));
    },
    op_crypto_verify(
      id: number,
      algorithm: WireAlgorithm,
      key: number,
      signature: ArrayBuffer,
      data: ArrayBuffer,
    ) {
      run(id, () => subtle.verify(nodeAlgorithm(algorithm), keys.get(key), signature, data));
    },
    op_crypto_generate_key(id: number, algorithm: WireAlgorithm, extractable: boolean, usages: string[]) {
      run(id, async () => {
        const result = await subtle.generateKey(
          nodeAlgorithm(algorithm),
          extractable,
          usages as webcrypto.KeyUsage[],
        );
        return 'privateKey' in result ? keys.addPair(result) : keys.add(result);
      });
    },
    op_crypto_import_key(
      id: number,
      format: KeyFormat,
      data: ArrayBuffer | WireJsonWebKey,
      algorithm: WireAlgorithm,
      extractable: boolean,
      usages: string[],
    ) {
      const keyUsages = usages as webcrypto.KeyUsage[];
      run(id, async () => {
        const imported =
          format === 'jwk'
            ? await subtle.importKey(
                format,
                data as webcrypto.JsonWebKey,
                nodeAlgorithm(algorithm),
                extractable,
                keyUsages,
              )
            : await subtle.importKey(
                format,
                data as ArrayBuffer,
                nodeAlgorithm(algorithm),
                extractable,
                keyUsages,
              );
        return keys.add(imported);
      });
    },
    op_crypto_export_key(id: number, format: KeyFormat, key: number) {
      run(id, () => {
        const nodeKey = keys.get(key);
        return format === 'jwk' ? subtle.exportKey(format, nodeKey) : subtle.exportKey(format, nodeKey);
      });
    },
    op_crypto_derive_bits(id: number, algorithm: WireAlgorithm, baseKey: number, length: number | null) {
      run(id, () => subtle.deriveBits(nodeAlgorithm(algorithm), keys.get(baseKey), length));
    },
    op_crypto_derive_key(
      id: number,
      algorithm: WireAlgorithm,
      baseKey: number,
      derivedKeyType: WireAlgorithm,
      extractable: boolean,
      usages: string[],
    ) {
      run(id, async () =>
        keys.add(
          await subtle.deriveKey(
            nodeAlgorithm(algorithm),
            keys.get(baseKey),
            nodeAlgorithm(derivedKeyType),
            extractable,
            usages as webcrypto.KeyUsage[],
          ),
        ),
      );
    },
    op_crypto_wrap_key(
      id: number,
      format: KeyFormat,
      key: number,
      wrappingKey: number,
      wrapAlgorithm: WireAlgorithm,
    ) {
      run(id, () =>
        subtle.wrapKey(format, keys.get(key), keys.get(wrappingKey), nodeAlgorithm(wrapAlgorithm)),
      );
    },
    op_crypto_unwrap_key(
      id: number,
      format: KeyFormat,
      wrappedKey: ArrayBuffer,
      unwrappingKey: number,
      unwrapAlgorithm: WireAlgorithm,
      unwrappedKeyAlgorithm: WireAlgorithm,
      extractable: boolean,
      usages: string[],
    ) {
      run(id, async () =>
        keys.add(
          await subtle.unwrapKey(
            format,
            wrappedKey,
            keys.get(unwrappingKey),
            nodeAlgorithm(unwrapAlgorithm),
            nodeAlgorithm(unwrappedKeyAlgorithm),
            extractable,
            usages as webcrypto.KeyUsage[],
          ),
        ),
      );
    },
  };
}
