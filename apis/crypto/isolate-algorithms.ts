/**
 * WebCrypto §18.4 "normalize an algorithm": an AlgorithmIdentifier (a string or a dictionary) becomes
 * the algorithm-specific dictionary registered for the operation (§18.3 "registered algorithms"),
 * converted by Web IDL rules (TypeError for a missing required member or a value out of range), with an
 * unknown name a NotSupportedError. BufferSource members are then copied and `hash` normalised for
 * "digest" (§18.4.4 step 10). A CryptoKey member crosses as its handle.
 */
import { DOMException } from '../dom-exception/isolate.ts';
import { type Context, isObject, toDOMString, typeError } from '../fetch/isolate-webidl.ts';
import type { WireAlgorithm } from './bridge.ts';
import {
  type BufferSource,
  copyBytes,
  toBigInteger,
  toBufferSource,
  toEnforcedInteger,
} from './isolate-idl-types.ts';
import { toCryptoKey } from './isolate-key.ts';

export type Operation =
  | 'encrypt'
  | 'decrypt'
  | 'sign'
  | 'verify'
  | 'digest'
  | 'generateKey'
  | 'importKey'
  | 'deriveBits'
  | 'get key length'
  | 'wrapKey'
  | 'unwrapKey';

type MemberType =
  | 'DOMString'
  | 'BufferSource'
  | 'BigInteger'
  | 'HashAlgorithmIdentifier'
  | 'CryptoKey'
  | 'octet'
  | 'unsigned short'
  | 'unsigned long';

interface Member {
  readonly key: string;
  readonly type: MemberType;
  readonly required: boolean;
}

/** A dictionary inheriting from Algorithm: its members beyond `name`, in Web IDL conversion order. */
interface Dictionary {
  readonly name: string;
  readonly members: readonly Member[];
}

const required = (key: string, type: MemberType): Member => ({ key, type, required: true });
const optional = (key: string, type: MemberType): Member => ({ key, type, required: false });
const dictionary = (name: string, ...members: Member[]): Dictionary => ({ name, members });

const INTEGER_MAX: Partial<Record<MemberType, number>> = {
  octet: 0xff,
  'unsigned short': 0xffff,
  'unsigned long': 0xffff_ffff,
};

// Members are listed inherited dictionary first, then each dictionary's own in lexicographic order.
const Algorithm = dictionary('Algorithm');
const RsaHashedKeyGenParams = dictionary(
  'RsaHashedKeyGenParams',
  required('modulusLength', 'unsigned long'),
  required('publicExponent', 'BigInteger'),
  required('hash', 'HashAlgorithmIdentifier'),
);
const RsaHashedImportParams = dictionary(
  'RsaHashedImportParams',
  required('hash', 'HashAlgorithmIdentifier'),
);
const RsaPssParams = dictionary('RsaPssParams', required('saltLength', 'unsigned long'));
const RsaOaepParams = dictionary('RsaOaepParams', optional('label', 'BufferSource'));
const EcdsaParams = dictionary('EcdsaParams', required('hash', 'HashAlgorithmIdentifier'));
const EcKeyGenParams = dictionary('EcKeyGenParams', required('namedCurve', 'DOMString'));
const EcKeyImportParams = dictionary('EcKeyImportParams', required('namedCurve', 'DOMString'));
const EcdhKeyDeriveParams = dictionary('EcdhKeyDeriveParams', required('public', 'CryptoKey'));
const AesCtrParams = dictionary(
  'AesCtrParams',
  required('counter', 'BufferSource'),
  required('length', 'octet'),
);
const AesCbcParams = dictionary('AesCbcParams', required('iv', 'BufferSource'));
const AesGcmParams = dictionary(
  'AesGcmParams',
  optional('additionalData', 'BufferSource'),
  required('iv', 'BufferSource'),
  optional('tagLength', 'octet'),
);
const AesKeyGenParams = dictionary('AesKeyGenParams', required('length', 'unsigned short'));
const AesDerivedKeyParams = dictionary('AesDerivedKeyParams', required('length', 'unsigned short'));
const HmacImportParams = dictionary(
  'HmacImportParams',
  required('hash', 'HashAlgorithmIdentifier'),
  optional('length', 'unsigned long'),
);
const HmacKeyGenParams = dictionary('HmacKeyGenParams', ...HmacImportParams.members);
const HkdfParams = dictionary(
  'HkdfParams',
  required('hash', 'HashAlgorithmIdentifier'),
  required('info', 'BufferSource'),
  required('salt', 'BufferSource'),
);
const Pbkdf2Params = dictionary(
  'Pbkdf2Params',
  required('hash', 'HashAlgorithmIdentifier'),
  required('iterations', 'unsigned long'),
  required('salt', 'BufferSource'),
);

const AES = ['AES-CTR', 'AES-CBC', 'AES-GCM', 'AES-KW'] as const;
const RSA = ['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'RSA-OAEP'] as const;
const each = (names: readonly string[], type: Dictionary) => Object.fromEntries(names.map((n) => [n, type]));

const aesCiphers = { 'AES-CTR': AesCtrParams, 'AES-CBC': AesCbcParams, 'AES-GCM': AesGcmParams };
const signatures = {
  'RSASSA-PKCS1-v1_5': Algorithm,
  'RSA-PSS': RsaPssParams,
  ECDSA: EcdsaParams,
  HMAC: Algorithm,
  Ed25519: Algorithm,
};

/** §18.3 "registered algorithms": for each operation, the algorithm names and their parameter types. */
const REGISTERED: Record<Operation, Record<string, Dictionary>> = {
  encrypt: { 'RSA-OAEP': RsaOaepParams, ...aesCiphers },
  decrypt: { 'RSA-OAEP': RsaOaepParams, ...aesCiphers },
  sign: signatures,
  verify: signatures,
  digest: each(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'], Algorithm),
  generateKey: {
    ...each(RSA, RsaHashedKeyGenParams),
    ECDSA: EcKeyGenParams,
    ECDH: EcKeyGenParams,
    ...each(AES, AesKeyGenParams),
    HMAC: HmacKeyGenParams,
    Ed25519: Algorithm,
    X25519: Algorithm,
  },
  importKey: {
    ...each(RSA, RsaHashedImportParams),
    ECDSA: EcKeyImportParams,
    ECDH: EcKeyImportParams,
    HMAC: HmacImportParams,
    ...each([...AES, 'PBKDF2', 'HKDF', 'Ed25519', 'X25519'], Algorithm),
  },
  deriveBits: {
    ECDH: EcdhKeyDeriveParams,
    X25519: EcdhKeyDeriveParams,
    HKDF: HkdfParams,
    PBKDF2: Pbkdf2Params,
  },
  'get key length': {
    ...each(AES, AesDerivedKeyParams),
    HMAC: HmacImportParams,
    HKDF: Algorithm,
    PBKDF2: Algorithm,
  },
  wrapKey: { 'AES-KW': Algorithm },
  unwrapKey: { 'AES-KW': Algorithm },
};

/** ASCII lowercase only: `toLowerCase` would let "ſ" or "K" (Kelvin) match a registered name. */
const asciiLowercase = (text: string) => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/** Per operation, the registered names by their ASCII-lowercased form (the match is case-insensitive). */
const LOOKUP = Object.fromEntries(
  Object.entries(REGISTERED).map(([operation, algorithms]) => [
    operation,
    new Map(Object.keys(algorithms).map((name) => [asciiLowercase(name), name])),
  ]),
) as Record<Operation, Map<string, string>>;

function convertMember(member: Member, value: unknown, context: Context, what: string): unknown {
  switch (member.type) {
    case 'DOMString':
      return toDOMString(value);
    case 'BufferSource':
      return toBufferSource(value, context, what);
    case 'BigInteger':
      return toBigInteger(value, context, what);
    case 'HashAlgorithmIdentifier':
      // (object or DOMString): objects are kept for normalisation, anything else becomes a string.
      return isObject(value) ? value : toDOMString(value);
    case 'CryptoKey':
      return toCryptoKey(value, context, what).handle;
    default:
      return toEnforcedInteger(value, INTEGER_MAX[member.type] as number, context, what);
  }
}

/** Web IDL dictionary conversion of `source` to `type` (§3.2.17), `name` included. */
function convertDictionary(source: object, type: Dictionary, context: Context): WireAlgorithm {
  const record = source as Record<string, unknown>;
  const name = record.name;
  if (name === undefined) throw typeError(context, `${type.name}: the required member 'name' is missing.`);
  const result: WireAlgorithm = { name: toDOMString(name) };
  for (const member of type.members) {
    const value = record[member.key];
    if (value === undefined) {
      if (member.required) {
        throw typeError(context, `${type.name}: the required member '${member.key}' is missing.`);
      }
      continue;
    }
    result[member.key] = convertMember(member, value, context, `${type.name}.${member.key}`);
  }
  return result;
}

/**
 * §18.4.4 "normalize an algorithm" for `operation`. Throws a TypeError (conversion) or a
 * NotSupportedError (no such algorithm for this operation); returns a dictionary safe to send.
 */
export function normalizeAlgorithm(
  algorithm: unknown,
  operation: Operation,
  context: Context,
): WireAlgorithm {
  const source = isObject(algorithm) ? algorithm : { name: toDOMString(algorithm) };
  const initial = convertDictionary(source, Algorithm, context);
  const name = LOOKUP[operation].get(asciiLowercase(initial.name));
  if (name === undefined) {
    throw new DOMException(
      `Unrecognized algorithm name '${initial.name}' for ${operation}.`,
      'NotSupportedError',
    );
  }
  const type = REGISTERED[operation][name] as Dictionary;
  const normalized = convertDictionary(source, type, context);
  normalized.name = name;
  for (const member of type.members) {
    const value = normalized[member.key];
    if (value === undefined) continue;
    if (member.type === 'BufferSource') normalized[member.key] = copyBytes(value as BufferSource);
    else if (member.type === 'HashAlgorithmIdentifier') {
      normalized[member.key] = normalizeAlgorithm(value, 'digest', context);
    }
  }
  return normalized;
}
