/**
 * Which of HTML's serialization cases (§2.7.3) an object falls under, decided by its internal slots.
 * JavaScript cannot ask for a slot directly, so each case is found through the intrinsic prototype on the
 * object's chain and confirmed by a brand check: an intrinsic method that throws on any other object.
 * Everything is captured at load time, before tenant code can replace a global or a prototype method.
 */

/** HTML "serializable objects": a platform interface's serialization and deserialization steps. */
export interface SerializationSteps {
  /** The brand check: true when `value` really is an instance (not merely inheriting the prototype). */
  isInstance(value: object): boolean;
  serialize(value: object): unknown;
  deserialize(data: unknown): object;
}

export type Kind =
  | 'Boolean'
  | 'Number'
  | 'BigInt'
  | 'String'
  | 'Date'
  | 'RegExp'
  | 'ArrayBuffer'
  | 'Map'
  | 'Set'
  | 'Error'
  | 'Platform'
  | 'Uncloneable';

export interface Classification {
  readonly kind: Kind;
  /** The interface name, for messages ("#<WeakMap> could not be cloned") and platform records. */
  readonly name: string;
  readonly isInstance: (value: object) => boolean;
  readonly steps?: SerializationSteps;
}

const apply = Reflect.apply;
const getPrototypeOf = Reflect.getPrototypeOf;
const isError = (Error as ErrorConstructor & { isError(value: unknown): boolean }).isError;

function getterOf(prototype: object, name: PropertyKey): (...args: never[]) => unknown {
  const get = Reflect.getOwnPropertyDescriptor(prototype, name)?.get;
  if (get === undefined) throw new Error(`No getter ${String(name)} on an intrinsic prototype`);
  return get;
}

/** True when calling `method` on the value does not throw: it has the slot `method` needs. */
export function brand(method: (...args: never[]) => unknown, ...args: unknown[]): (value: object) => boolean {
  return (value) => {
    try {
      apply(method, value, args);
      return true;
    } catch {
      return false;
    }
  };
}

const always = () => true;

const byPrototype = new Map<object, Classification>();
const stepsByName = new Map<string, SerializationSteps>();

function classifyAs(prototype: object, kind: Kind, name: string, isInstance: (value: object) => boolean) {
  byPrototype.set(prototype, { kind, name, isInstance });
}

const regExpGlobal = getterOf(RegExp.prototype, 'global');
classifyAs(Boolean.prototype, 'Boolean', 'Boolean', brand(Boolean.prototype.valueOf));
classifyAs(Number.prototype, 'Number', 'Number', brand(Number.prototype.valueOf));
classifyAs(BigInt.prototype, 'BigInt', 'BigInt', brand(BigInt.prototype.valueOf));
classifyAs(String.prototype, 'String', 'String', brand(String.prototype.valueOf));
classifyAs(Date.prototype, 'Date', 'Date', brand(Date.prototype.getTime));
// RegExp.prototype's own `global` getter answers undefined for RegExp.prototype itself (no slots).
classifyAs(RegExp.prototype, 'RegExp', 'RegExp', (value) => {
  try {
    return typeof apply(regExpGlobal, value, []) === 'boolean';
  } catch {
    return false;
  }
});
classifyAs(
  ArrayBuffer.prototype,
  'ArrayBuffer',
  'ArrayBuffer',
  brand(getterOf(ArrayBuffer.prototype, 'byteLength')),
);
classifyAs(Map.prototype, 'Map', 'Map', brand(getterOf(Map.prototype, 'size')));
classifyAs(Set.prototype, 'Set', 'Set', brand(getterOf(Set.prototype, 'size')));
classifyAs(Error.prototype, 'Error', 'Error', isError);

// Objects with internal slots HTML has no serialization for: always a DataCloneError. A Promise has no
// side-effect-free brand check (`then` would mark it handled), nor do generators and iterators.
classifyAs(Symbol.prototype, 'Uncloneable', 'Symbol', brand(Symbol.prototype.valueOf));
classifyAs(WeakMap.prototype, 'Uncloneable', 'WeakMap', brand(WeakMap.prototype.has, {}));
classifyAs(WeakSet.prototype, 'Uncloneable', 'WeakSet', brand(WeakSet.prototype.has, {}));
classifyAs(WeakRef.prototype, 'Uncloneable', 'WeakRef', brand(WeakRef.prototype.deref));
classifyAs(
  FinalizationRegistry.prototype,
  'Uncloneable',
  'FinalizationRegistry',
  brand(FinalizationRegistry.prototype.unregister, {}),
);
classifyAs(Promise.prototype, 'Uncloneable', 'Promise', always);
/** %GeneratorPrototype% is one step further up: each generator function has its own `prototype`. */
const generatorPrototype = (instance: object) => getPrototypeOf(getPrototypeOf(instance) as object) as object;
const iteratorPrototypes: [string, object][] = [
  ['Array Iterator', getPrototypeOf([][Symbol.iterator]()) as object],
  ['Map Iterator', getPrototypeOf(new Map()[Symbol.iterator]()) as object],
  ['Set Iterator', getPrototypeOf(new Set()[Symbol.iterator]()) as object],
  ['String Iterator', getPrototypeOf(''[Symbol.iterator]()) as object],
  ['RegExp String Iterator', getPrototypeOf(/./[Symbol.matchAll]('')) as object],
  ['Generator', generatorPrototype((function* generator() {})())],
  ['AsyncGenerator', generatorPrototype((async function* asyncGenerator() {})())],
];
for (const [name, prototype] of iteratorPrototypes) classifyAs(prototype, 'Uncloneable', name, always);

/**
 * Registers a platform interface (HTML "platform object"): with `steps` its instances are serializable
 * (DOMException, Blob, File), without them cloning one is a DataCloneError (TextDecoder, Request, …).
 */
export function registerPlatformInterface(name: string, prototype: object, steps?: SerializationSteps): void {
  if (steps === undefined) {
    classifyAs(prototype, 'Uncloneable', name, always);
    return;
  }
  byPrototype.set(prototype, { kind: 'Platform', name, isInstance: steps.isInstance, steps });
  stepsByName.set(name, steps);
}

const objectToString = Object.prototype.toString;
/** Objects whose Object.prototype.toString tag comes from an internal slot, not from @@toStringTag. */
const builtinTags = new Map<string, object>([
  ['[object Boolean]', Boolean.prototype],
  ['[object Number]', Number.prototype],
  ['[object String]', String.prototype],
  ['[object Date]', Date.prototype],
  ['[object RegExp]', RegExp.prototype],
]);

/**
 * The serialization case of `value`: by the first intrinsic prototype on its chain (the value itself
 * included: Boolean.prototype has [[BooleanData]]) it is branded for; failing that, by the tag
 * Object.prototype.toString derives from its slots, which still finds a Date whose prototype was replaced.
 */
export function classify(value: object): Classification | undefined {
  for (let prototype: object | null = value; prototype !== null; prototype = getPrototypeOf(prototype)) {
    const classification = byPrototype.get(prototype);
    if (classification === undefined) continue;
    // Interface prototype objects themselves are ordinary objects.
    if (prototype === value && classification.isInstance === always) continue;
    if (classification.isInstance(value)) return classification;
  }
  if (isError(value)) return byPrototype.get(Error.prototype);
  const tagged = builtinTags.get(apply(objectToString, value, []) as string);
  const classification = tagged === undefined ? undefined : byPrototype.get(tagged);
  return classification?.isInstance(value) ? classification : undefined;
}

/** Interfaces registered with serialization steps, by name, for deserializing platform records. */
export function platformSteps(name: string): SerializationSteps | undefined {
  return stepsByName.get(name);
}
