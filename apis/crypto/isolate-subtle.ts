// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed (an explicit undefined counts).
/**
 * SubtleCrypto per WebCrypto §14. Each method converts its arguments (Web IDL), copies BufferSources,
 * normalises algorithms (§18.4) and makes the key checks every operation starts with (the algorithm
 * name must match the key's, the key's usages must allow the operation: InvalidAccessError), then runs
 * the operation itself as one host operation. Every failure, synchronous ones included, is a rejected
 * promise (Web IDL: operations returning promises never throw).
 */
import { DOMException } from '../dom-exception/isolate.ts';
import {
  type Context,
  defineInterface,
  isObject,
  requireArguments,
  toDOMString,
  typeError,
} from '../fetch/isolate-webidl.ts';
import type { AllOps } from '../isolate-ops.ts';
import { hostOperation } from '../runtime/isolate.ts';
import type { KeyInfo, KeyPairInfo, WireAlgorithm, WireJsonWebKey } from './bridge.ts';
import { normalizeAlgorithm, type Operation } from './isolate-algorithms.ts';
import {
  bufferSourceCopy,
  copyBytes,
  isBufferSource,
  type KeyUsage,
  toBufferSource,
  toJsonWebKey,
  toKeyFormat,
  toKeyUsages,
  toUnsignedLong,
} from './isolate-idl-types.ts';
import { type CryptoKey, createCryptoKey, type KeySlots, toCryptoKey } from './isolate-key.ts';

let ops: AllOps;
let isSubtleCrypto: (value: unknown) => boolean;
let constructing = false;

/** Web IDL `(object or DOMString)`: objects are kept as they are, anything else becomes a string. */
const toAlgorithmIdentifier = (value: unknown): object | string =>
  isObject(value) ? value : toDOMString(value);

/** Runs an operation's steps, turning a brand-check failure or any exception into a rejected promise. */
function operation<T>(
  self: unknown,
  name: string,
  present: number,
  required: number,
  steps: (context: Context) => Promise<T>,
): Promise<T> {
  const context = { interface: 'SubtleCrypto', operation: name };
  try {
    if (!isSubtleCrypto(self)) throw typeError(context, 'Illegal invocation');
    requireArguments(present, required, context);
    return steps(context);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The checks each operation makes on its key before running (e.g. §14.3.1 steps 8–9). */
function checkKey(key: KeySlots, algorithmName: string, usage: KeyUsage): void {
  if (key.algorithmName !== algorithmName) {
    throw new DOMException(
      `The key's algorithm (${key.algorithmName}) does not match the operation's (${algorithmName}).`,
      'InvalidAccessError',
    );
  }
  if (!key.usages.includes(usage)) {
    throw new DOMException(`The key's usages do not include '${usage}'.`, 'InvalidAccessError');
  }
}

/** wrapKey/unwrapKey accept AES-KW, or any algorithm that can encrypt/decrypt (§14.3.11 steps 2–3). */
function normalizeWrapAlgorithm(
  algorithm: unknown,
  operation: Operation,
  fallback: Operation,
  context: Context,
) {
  try {
    return normalizeAlgorithm(algorithm, operation, context);
  } catch {
    return normalizeAlgorithm(algorithm, fallback, context);
  }
}

function keyOrPairFromHost(
  info: KeyInfo | KeyPairInfo,
): CryptoKey | { privateKey: CryptoKey; publicKey: CryptoKey } {
  if (Object.hasOwn(info, 'handle')) return createCryptoKey(info as KeyInfo);
  const pair = info as KeyPairInfo;
  // CryptoKeyPair is a dictionary: its members come out in lexicographic order.
  return { privateKey: createCryptoKey(pair.privateKey), publicKey: createCryptoKey(pair.publicKey) };
}

function bytesOperation(
  self: unknown,
  name: 'encrypt' | 'decrypt' | 'sign',
  present: number,
  args: [algorithm: unknown, key: unknown, data: unknown],
): Promise<ArrayBuffer> {
  return operation(self, name, present, 3, (context) => {
    const algorithm = toAlgorithmIdentifier(args[0]);
    const key = toCryptoKey(args[1], context, 'parameter 2');
    const data = bufferSourceCopy(args[2], context, 'parameter 3');
    const normalized = normalizeAlgorithm(algorithm, name, context);
    checkKey(key, normalized.name, name);
    const op = ops[`op_crypto_${name}`];
    return hostOperation<ArrayBuffer>((id) => op(id, normalized, key.handle, data));
  });
}

export class SubtleCrypto {
  #brand = true;

  constructor() {
    if (!constructing) throw new TypeError("Failed to construct 'SubtleCrypto': Illegal constructor");
    constructing = false;
  }

  encrypt(algorithm: unknown, key: unknown, data: unknown): Promise<ArrayBuffer> {
    return bytesOperation(this, 'encrypt', arguments.length, [algorithm, key, data]);
  }

  decrypt(algorithm: unknown, key: unknown, data: unknown): Promise<ArrayBuffer> {
    return bytesOperation(this, 'decrypt', arguments.length, [algorithm, key, data]);
  }

  sign(algorithm: unknown, key: unknown, data: unknown): Promise<ArrayBuffer> {
    return bytesOperation(this, 'sign', arguments.length, [algorithm, key, data]);
  }

  verify(algorithm: unknown, key: unknown, signature: unknown, data: unknown): Promise<boolean> {
    return operation(this, 'verify', arguments.length, 4, (context) => {
      const identifier = toAlgorithmIdentifier(algorithm);
      const slots = toCryptoKey(key, context, 'parameter 2');
      const signatureBytes = bufferSourceCopy(signature, context, 'parameter 3');
      const dataBytes = bufferSourceCopy(data, context, 'parameter 4');
      const normalized = normalizeAlgorithm(identifier, 'verify', context);
      checkKey(slots, normalized.name, 'verify');
      return hostOperation<boolean>((id) =>
        ops.op_crypto_verify(id, normalized, slots.handle, signatureBytes, dataBytes),
      );
    });
  }

  digest(algorithm: unknown, data: unknown): Promise<ArrayBuffer> {
    return operation(this, 'digest', arguments.length, 2, (context) => {
      const identifier = toAlgorithmIdentifier(algorithm);
      const bytes = bufferSourceCopy(data, context, 'parameter 2');
      const normalized = normalizeAlgorithm(identifier, 'digest', context);
      return hostOperation<ArrayBuffer>((id) => ops.op_crypto_digest(id, normalized, bytes));
    });
  }

  generateKey(algorithm: unknown, extractable: unknown, keyUsages: unknown): Promise<unknown> {
    return operation(this, 'generateKey', arguments.length, 3, (context) => {
      const identifier = toAlgorithmIdentifier(algorithm);
      const usages = toKeyUsages(keyUsages, context);
      const normalized = normalizeAlgorithm(identifier, 'generateKey', context);
      return hostOperation<KeyInfo | KeyPairInfo>((id) =>
        ops.op_crypto_generate_key(id, normalized, Boolean(extractable), usages),
      ).then(keyOrPairFromHost);
    });
  }

  deriveKey(
    algorithm: unknown,
    baseKey: unknown,
    derivedKeyType: unknown,
    extractable: unknown,
    keyUsages: unknown,
  ): Promise<CryptoKey> {
    return operation(this, 'deriveKey', arguments.length, 5, (context) => {
      const identifier = toAlgorithmIdentifier(algorithm);
      const slots = toCryptoKey(baseKey, context, 'parameter 2');
      const derivedType = toAlgorithmIdentifier(derivedKeyType);
      const usages = toKeyUsages(keyUsages, context);
      const normalized = normalizeAlgorithm(identifier, 'deriveBits', context);
      const importAlgorithm = normalizeAlgorithm(derivedType, 'importKey', context);
      const lengthAlgorithm = normalizeAlgorithm(derivedType, 'get key length', context);
      // The host's deriveKey normalises the derived key type again for both operations: it gets both.
      const derived: WireAlgorithm = { ...lengthAlgorithm, ...importAlgorithm };
      checkKey(slots, normalized.name, 'deriveKey');
      return hostOperation<KeyInfo>((id) =>
        ops.op_crypto_derive_key(id, normalized, slots.handle, derived, Boolean(extractable), usages),
      ).then(createCryptoKey);
    });
  }

  deriveBits(algorithm: unknown, baseKey: unknown, length: unknown = null): Promise<ArrayBuffer> {
    return operation(this, 'deriveBits', arguments.length, 2, (context) => {
      const identifier = toAlgorithmIdentifier(algorithm);
      const slots = toCryptoKey(baseKey, context, 'parameter 2');
      // `optional unsigned long? length = null`
      const bits = length === null || length === undefined ? null : toUnsignedLong(length);
      const normalized = normalizeAlgorithm(identifier, 'deriveBits', context);
      checkKey(slots, normalized.name, 'deriveBits');
      return hostOperation<ArrayBuffer>((id) =>
        ops.op_crypto_derive_bits(id, normalized, slots.handle, bits),
      );
    });
  }

  importKey(
    format: unknown,
    keyData: unknown,
    algorithm: unknown,
    extractable: unknown,
    keyUsages: unknown,
  ): Promise<CryptoKey> {
    return operation(this, 'importKey', arguments.length, 5, (context) => {
      const keyFormat = toKeyFormat(format, context);
      // (BufferSource or JsonWebKey): buffers first, then any other object (or null/undefined) is a dictionary.
      const data = isBufferSource(keyData)
        ? toBufferSource(keyData, context, 'parameter 2')
        : toJsonWebKey(keyData, context);
      const identifier = toAlgorithmIdentifier(algorithm);
      const usages = toKeyUsages(keyUsages, context);
      const normalized = normalizeAlgorithm(identifier, 'importKey', context);
      let material: ArrayBuffer | WireJsonWebKey;
      if (keyFormat === 'jwk') {
        if (isBufferSource(data)) throw typeError(context, "a 'jwk' key must be a JsonWebKey, not a buffer.");
        material = data;
      } else {
        if (!isBufferSource(data)) throw typeError(context, `a '${keyFormat}' key must be a BufferSource.`);
        material = copyBytes(data);
      }
      return hostOperation<KeyInfo>((id) =>
        ops.op_crypto_import_key(id, keyFormat, material, normalized, Boolean(extractable), usages),
      ).then(createCryptoKey);
    });
  }

  exportKey(format: unknown, key: unknown): Promise<ArrayBuffer | WireJsonWebKey> {
    return operation(this, 'exportKey', arguments.length, 2, (context) => {
      const keyFormat = toKeyFormat(format, context);
      const slots = toCryptoKey(key, context, 'parameter 2');
      if (!slots.extractable) throw new DOMException('The key is not extractable.', 'InvalidAccessError');
      return hostOperation<ArrayBuffer | WireJsonWebKey>((id) =>
        ops.op_crypto_export_key(id, keyFormat, slots.handle),
      );
    });
  }

  wrapKey(format: unknown, key: unknown, wrappingKey: unknown, wrapAlgorithm: unknown): Promise<ArrayBuffer> {
    return operation(this, 'wrapKey', arguments.length, 4, (context) => {
      const keyFormat = toKeyFormat(format, context);
      const keySlots = toCryptoKey(key, context, 'parameter 2');
      const wrappingSlots = toCryptoKey(wrappingKey, context, 'parameter 3');
      const identifier = toAlgorithmIdentifier(wrapAlgorithm);
      const normalized = normalizeWrapAlgorithm(identifier, 'wrapKey', 'encrypt', context);
      checkKey(wrappingSlots, normalized.name, 'wrapKey');
      if (!keySlots.extractable)
        throw new DOMException('The key to wrap is not extractable.', 'InvalidAccessError');
      return hostOperation<ArrayBuffer>((id) =>
        ops.op_crypto_wrap_key(id, keyFormat, keySlots.handle, wrappingSlots.handle, normalized),
      );
    });
  }

  unwrapKey(
    format: unknown,
    wrappedKey: unknown,
    unwrappingKey: unknown,
    unwrapAlgorithm: unknown,
    unwrappedKeyAlgorithm: unknown,
    extractable: unknown,
    keyUsages: unknown,
  ): Promise<CryptoKey> {
    return operation(this, 'unwrapKey', arguments.length, 7, (context) => {
      const keyFormat = toKeyFormat(format, context);
      const wrapped = toBufferSource(wrappedKey, context, 'parameter 2');
      const unwrappingSlots = toCryptoKey(unwrappingKey, context, 'parameter 3');
      const identifier = toAlgorithmIdentifier(unwrapAlgorithm);
      const keyAlgorithm = toAlgorithmIdentifier(unwrappedKeyAlgorithm);
      const usages = toKeyUsages(keyUsages, context);
      const bytes = copyBytes(wrapped);
      const normalized = normalizeWrapAlgorithm(identifier, 'unwrapKey', 'decrypt', context);
      const normalizedKeyAlgorithm = normalizeAlgorithm(keyAlgorithm, 'importKey', context);
      checkKey(unwrappingSlots, normalized.name, 'unwrapKey');
      return hostOperation<KeyInfo>((id) =>
        ops.op_crypto_unwrap_key(
          id,
          keyFormat,
          bytes,
          unwrappingSlots.handle,
          normalized,
          normalizedKeyAlgorithm,
          Boolean(extractable),
          usages,
        ),
      ).then(createCryptoKey);
    });
  }

  static {
    isSubtleCrypto = (value) => typeof value === 'object' && value !== null && #brand in value;
  }
}
defineInterface(SubtleCrypto, 'SubtleCrypto');

/** The one SubtleCrypto of this global (`crypto.subtle` is [SameObject]). */
export function createSubtleCrypto(hostOps: AllOps): SubtleCrypto {
  ops = hostOps;
  constructing = true;
  return new SubtleCrypto();
}
