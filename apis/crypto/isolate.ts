// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed (an explicit undefined counts).
/**
 * The `crypto` global per WebCrypto §10 (Crypto: `subtle`, `getRandomValues`, `randomUUID`) and the
 * interface objects `Crypto`, `SubtleCrypto` and `CryptoKey`, none of which can be constructed.
 */
import { defineInterface, requireArguments } from '../fetch/isolate-webidl.ts';
import type { IsolateScope } from '../isolate-scope.ts';
import { CryptoKey, useHostKeys } from './isolate-key.ts';
import { getRandomValues, randomUUID, useHostRandom } from './isolate-random.ts';
import { createSubtleCrypto, SubtleCrypto } from './isolate-subtle.ts';

let prepared: SubtleCrypto | undefined;
let subtleOf: (value: unknown) => SubtleCrypto | undefined;

function checked(value: unknown, member: string): SubtleCrypto {
  const subtle = subtleOf(value);
  if (!subtle) throw new TypeError(`Failed to execute '${member}' on 'Crypto': Illegal invocation`);
  return subtle;
}

export class Crypto {
  #subtle: SubtleCrypto;

  constructor() {
    if (!prepared) throw new TypeError("Failed to construct 'Crypto': Illegal constructor");
    this.#subtle = prepared;
    prepared = undefined;
  }

  get subtle(): SubtleCrypto {
    return checked(this, 'subtle');
  }

  getRandomValues(array: unknown): ArrayBufferView {
    checked(this, 'getRandomValues');
    requireArguments(arguments.length, 1, { interface: 'Crypto', operation: 'getRandomValues' });
    return getRandomValues(array);
  }

  randomUUID(): string {
    checked(this, 'randomUUID');
    return randomUUID();
  }

  static {
    subtleOf = (value) =>
      typeof value === 'object' && value !== null && #subtle in value ? (value as Crypto).#subtle : undefined;
  }
}
defineInterface(Crypto, 'Crypto');

export { CryptoKey, SubtleCrypto };

/** This global's Crypto object (set by `install`). */
export let crypto: Crypto;

export function install(scope: IsolateScope): void {
  useHostRandom(scope.ops);
  useHostKeys({
    release: (handles) => scope.ops.op_crypto_release_keys(handles),
    clone: (handle) => scope.ops.op_crypto_clone_key(handle),
  });
  prepared = createSubtleCrypto(scope.ops);
  crypto = new Crypto();
  scope.defineGlobal('crypto', crypto);
  scope.defineGlobal('Crypto', Crypto);
  scope.defineGlobal('SubtleCrypto', SubtleCrypto);
  scope.defineGlobal('CryptoKey', CryptoKey);
}
