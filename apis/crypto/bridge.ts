/**
 * The crypto family's contract. Key material never enters the isolate: the host keeps each isolate's
 * keys in a table and the isolate's CryptoKey objects hold only the handle number. The isolate
 * normalises every algorithm (WebCrypto §18.4 "normalize an algorithm") and checks usages before a call
 * crosses, so each SubtleCrypto method is one host operation on already-valid, copied arguments.
 */

export type KeyType = 'public' | 'private' | 'secret';
export type KeyFormat = 'raw' | 'spki' | 'pkcs8' | 'jwk';

/**
 * A normalised algorithm as it crosses: BufferSource members are copied ArrayBuffers (or a Uint8Array
 * for `publicExponent`), `hash` is itself normalised, and a CryptoKey member (`public`) is its handle.
 */
export interface WireAlgorithm {
  name: string;
  [member: string]: unknown;
}

/** A key's public attributes and its handle in the isolate's key table. */
export interface KeyInfo {
  handle: number;
  type: KeyType;
  extractable: boolean;
  /** The KeyAlgorithm dictionary (`name`, and `length`, `hash`, `namedCurve`… per algorithm). */
  algorithm: WireAlgorithm;
  usages: string[];
}

export interface KeyPairInfo {
  publicKey: KeyInfo;
  privateKey: KeyInfo;
}

/** The JsonWebKey dictionary (RFC 7517), already converted by Web IDL rules in the isolate. */
export type WireJsonWebKey = Record<string, unknown>;

/** Largest request `crypto.getRandomValues` accepts (WebCrypto §10.1.1 step 2). */
export const MAX_RANDOM_BYTES = 65_536;

/**
 * Every `id` is a host operation settled through the runtime family: with an ArrayBuffer, a boolean,
 * KeyInfo, KeyPairInfo or a JsonWebKey; or failed with a DOMException's name and message.
 */
export interface CryptoOps {
  /** Bytes from the host's CSPRNG. */
  op_crypto_random_bytes(length: number): ArrayBuffer;
  /** A second handle to the key of `handle`, for a structured clone of its CryptoKey. */
  op_crypto_clone_key(handle: number): KeyInfo;
  /** The isolate-side CryptoKeys of these handles were garbage collected. */
  op_crypto_release_keys(handles: number[]): void;
  op_crypto_digest(id: number, algorithm: WireAlgorithm, data: ArrayBuffer): void;
  op_crypto_encrypt(id: number, algorithm: WireAlgorithm, key: number, data: ArrayBuffer): void;
  op_crypto_decrypt(id: number, algorithm: WireAlgorithm, key: number, data: ArrayBuffer): void;
  op_crypto_sign(id: number, algorithm: WireAlgorithm, key: number, data: ArrayBuffer): void;
  op_crypto_verify(
    id: number,
    algorithm: WireAlgorithm,
    key: number,
    signature: ArrayBuffer,
    data: ArrayBuffer,
  ): void;
  op_crypto_generate_key(id: number, algorithm: WireAlgorithm, extractable: boolean, usages: string[]): void;
  op_crypto_import_key(
    id: number,
    format: KeyFormat,
    keyData: ArrayBuffer | WireJsonWebKey,
    algorithm: WireAlgorithm,
    extractable: boolean,
    usages: string[],
  ): void;
  op_crypto_export_key(id: number, format: KeyFormat, key: number): void;
  op_crypto_derive_bits(id: number, algorithm: WireAlgorithm, baseKey: number, length: number | null): void;
  op_crypto_derive_key(
    id: number,
    algorithm: WireAlgorithm,
    baseKey: number,
    derivedKeyType: WireAlgorithm,
    extractable: boolean,
    usages: string[],
  ): void;
  op_crypto_wrap_key(
    id: number,
    format: KeyFormat,
    key: number,
    wrappingKey: number,
    wrapAlgorithm: WireAlgorithm,
  ): void;
  op_crypto_unwrap_key(
    id: number,
    format: KeyFormat,
    wrappedKey: ArrayBuffer,
    unwrappingKey: number,
    unwrapAlgorithm: WireAlgorithm,
    unwrappedKeyAlgorithm: WireAlgorithm,
    extractable: boolean,
    usages: string[],
  ): void;
}
