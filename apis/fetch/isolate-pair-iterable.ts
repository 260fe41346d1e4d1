/**
 * Web IDL pair iterators (§3.7.10 "Iterable declarations", §3.7.10.1 "Default iterator objects"):
 * `entries`, `keys`, `values`, `forEach` and @@iterator on the interface, and an iterator prototype
 * ("Headers Iterator", "FormData Iterator") inheriting %IteratorPrototype%. The iterator keeps an index
 * and asks for the current pairs on every step, so changes made while iterating are seen, as the spec says.
 */
import { type Context, defineInterface, typeError } from './isolate-webidl.ts';

type Kind = 'key' | 'value' | 'key+value';

/** Returns the pairs of `target`, throwing a TypeError if it is not an instance of the interface. */
export type PairSource = (target: unknown, context: Context) => readonly (readonly [string, unknown])[];

const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as object;

export function definePairIterable(
  interfaceObject: abstract new (...args: never[]) => unknown,
  pairsOf: PairSource,
): void {
  const prototype = interfaceObject.prototype as Record<PropertyKey, unknown>;
  const interfaceName = prototype[Symbol.toStringTag] as string;
  const iteratorName = `${interfaceName} Iterator`;

  class PairIterator {
    #target: unknown;
    #kind: Kind;
    #index = 0;

    constructor(target: unknown, kind: Kind) {
      this.#target = target;
      this.#kind = kind;
    }

    next(): IteratorResult<unknown> {
      if (!(#kind in this))
        throw typeError({ interface: iteratorName, operation: 'next' }, 'Illegal invocation');
      const pairs = pairsOf(this.#target, { interface: interfaceName, operation: 'next' });
      const pair = pairs[this.#index];
      if (pair === undefined) return { value: undefined, done: true };
      this.#index++;
      if (this.#kind === 'key') return { value: pair[0], done: false };
      if (this.#kind === 'value') return { value: pair[1], done: false };
      return { value: [pair[0], pair[1]], done: false };
    }
  }
  Object.setPrototypeOf(PairIterator.prototype, IteratorPrototype);
  defineInterface(PairIterator, iteratorName);

  const iteratorFor = (kind: Kind, operation: string) =>
    function (this: unknown): PairIterator {
      pairsOf(this, { interface: interfaceName, operation });
      return new PairIterator(this, kind);
    };
  const members = {
    entries: iteratorFor('key+value', 'entries'),
    keys: iteratorFor('key', 'keys'),
    values: iteratorFor('value', 'values'),
    forEach(this: unknown, callback: unknown, thisArg: unknown = undefined): void {
      const context = { interface: interfaceName, operation: 'forEach' };
      let pairs = pairsOf(this, context);
      if (typeof callback !== 'function') throw typeError(context, "parameter 1 is not of type 'Function'.");
      for (let index = 0; index < pairs.length; index++) {
        const pair = pairs[index] as readonly [string, unknown];
        callback.call(thisArg, pair[1], pair[0], this);
        pairs = pairsOf(this, context);
      }
    },
  };
  for (const [name, method] of Object.entries(members)) {
    Object.defineProperty(method, 'name', { value: name });
    Object.defineProperty(prototype, name, {
      value: method,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  Object.defineProperty(prototype, Symbol.iterator, {
    value: members.entries,
    writable: true,
    enumerable: false,
    configurable: true,
  });
}
