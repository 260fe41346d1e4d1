/**
 * CryptoKey per WebCrypto §13: an opaque object whose key material stays on the host. Its internal
 * slots (handle, type, extractable, algorithm, usages) live in a private field; the `algorithm` and
 * `usages` attributes return cached objects (§13.4: "the cached ECMAScript object"), which a tenant may
 * change without affecting what the key may do. Host entries of collected keys are released in batches
 * (see `track`). CryptoKey is [Serializable]: a structured clone gets its own handle to the same host key.
 */
import { type Context, defineInterface, typeError } from '../fetch/isolate-webidl.ts';
import { registerPlatformInterface } from '../structured-clone/isolate.ts';
import type { KeyInfo, KeyType, WireAlgorithm } from './bridge.ts';
import type { KeyUsage } from './isolate-idl-types.ts';

export interface KeySlots {
  readonly handle: number;
  readonly type: KeyType;
  readonly extractable: boolean;
  readonly algorithmName: string;
  readonly usages: readonly KeyUsage[];
  readonly cachedAlgorithm: WireAlgorithm;
  readonly cachedUsages: string[];
}

/** Set just before `new CryptoKey()` by `createCryptoKey`; the constructor is otherwise illegal. */
let prepared: KeySlots | undefined;
let slotsOf: (value: unknown) => KeySlots | undefined;
let release: (handles: number[]) => void;
let cloneOnHost: (handle: number) => KeyInfo;

/** The fewest tracked keys at which a sweep for collected ones runs. */
const MIN_KEYS_BEFORE_SWEEP = 1024;
/** Every key handed out whose collection has not been seen yet, by handle. */
const tracked = new Map<number, WeakRef<CryptoKey>>();
let sweepAt = MIN_KEYS_BEFORE_SWEEP;

function attribute(key: unknown, name: string): KeySlots {
  const slots = slotsOf(key);
  if (!slots) throw new TypeError(`Failed to read '${name}' on 'CryptoKey': Illegal invocation`);
  return slots;
}

export class CryptoKey {
  #slots: KeySlots;

  constructor() {
    if (!prepared) throw new TypeError("Failed to construct 'CryptoKey': Illegal constructor");
    this.#slots = prepared;
    prepared = undefined;
  }

  get type(): KeyType {
    return attribute(this, 'type').type;
  }

  get extractable(): boolean {
    return attribute(this, 'extractable').extractable;
  }

  get algorithm(): object {
    return attribute(this, 'algorithm').cachedAlgorithm;
  }

  get usages(): string[] {
    return attribute(this, 'usages').cachedUsages;
  }

  static {
    slotsOf = (value) =>
      typeof value === 'object' && value !== null && #slots in value
        ? (value as CryptoKey).#slots
        : undefined;
  }
}
defineInterface(CryptoKey, 'CryptoKey');

/** How keys reach the host table: releasing collected keys' handles, and a new handle for a clone. */
export function useHostKeys(hostKeys: {
  release: (handles: number[]) => void;
  clone: (handle: number) => KeyInfo;
}): void {
  release = hostKeys.release;
  cloneOnHost = hostKeys.clone;
}

/**
 * Remembers `key` weakly and, once the number tracked has doubled since the last sweep, releases the
 * handles of keys that were collected: amortised O(1) per key, and the host table stays within twice
 * the live keys. A FinalizationRegistry would be simpler, but its callbacks are V8 tasks, which
 * isolated-vm runs only around asynchronous entries, and every entry NANO makes is synchronous.
 */
function track(handle: number, key: CryptoKey): void {
  tracked.set(handle, new WeakRef(key));
  if (tracked.size < sweepAt) return;
  const collected: number[] = [];
  for (const [trackedHandle, ref] of tracked) {
    if (ref.deref() !== undefined) continue;
    tracked.delete(trackedHandle);
    collected.push(trackedHandle);
  }
  if (collected.length > 0) release(collected);
  sweepAt = Math.max(MIN_KEYS_BEFORE_SWEEP, tracked.size * 2);
}

/** The isolate-side CryptoKey for a key the host created. */
export function createCryptoKey(info: KeyInfo): CryptoKey {
  prepared = {
    handle: info.handle,
    type: info.type,
    extractable: info.extractable,
    algorithmName: info.algorithm.name,
    usages: Object.freeze([...info.usages]) as readonly KeyUsage[],
    cachedAlgorithm: info.algorithm,
    cachedUsages: [...info.usages],
  };
  const key = new CryptoKey();
  track(info.handle, key);
  return key;
}

/** The slots of a CryptoKey argument; anything else is a TypeError (Web IDL interface conversion). */
export function toCryptoKey(value: unknown, context: Context, what: string): KeySlots {
  const slots = slotsOf(value);
  if (!slots) throw typeError(context, `${what} is not of type 'CryptoKey'.`);
  return slots;
}

registerPlatformInterface('CryptoKey', CryptoKey.prototype, {
  isInstance: (value) => slotsOf(value) !== undefined,
  serialize: (key) => (slotsOf(key) as KeySlots).handle,
  deserialize: (handle) => createCryptoKey(cloneOnHost(handle as number)),
});
