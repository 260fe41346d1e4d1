/**
 * What kind of built-in object a value is, without V8's internal type checks (which Node's util.inspect
 * uses): each check calls an intrinsic that throws for any other receiver (ECMA-262 "RequireInternalSlot").
 * The intrinsics are captured when the bundle loads, before any tenant code can replace them.
 */

const { apply } = Reflect;
const { getOwnPropertyDescriptor, getPrototypeOf } = Object;

type Intrinsic = (this: unknown, ...args: never[]) => unknown;

function accessor(prototype: object, name: PropertyKey): Intrinsic {
  const get = getOwnPropertyDescriptor(prototype, name)?.get;
  if (!get) throw new TypeError(`No intrinsic getter ${String(name)}`);
  return get as Intrinsic;
}

/** True when calling `intrinsic` on `value` does not throw, i.e. `value` has the intrinsic's internal slot. */
function hasSlot(intrinsic: Intrinsic, value: unknown, args: unknown[] = []): boolean {
  try {
    apply(intrinsic, value, args);
    return true;
  } catch {
    return false;
  }
}

const mapSizeGetter = accessor(Map.prototype, 'size');
const setSizeGetter = accessor(Set.prototype, 'size');
const mapEntriesMethod = Map.prototype.entries as Intrinsic;
const setValuesMethod = Set.prototype.values as Intrinsic;
const weakMapHas = WeakMap.prototype.has as Intrinsic;
const weakSetHas = WeakSet.prototype.has as Intrinsic;
const dateGetTime = Date.prototype.getTime as Intrinsic;
const regExpSource = accessor(RegExp.prototype, 'source');
const arrayBufferByteLength = accessor(ArrayBuffer.prototype, 'byteLength');
const dataViewByteLength = accessor(DataView.prototype, 'byteLength');
const TypedArrayPrototype = getPrototypeOf(Uint8Array.prototype) as object;
const typedArrayTag = accessor(TypedArrayPrototype, Symbol.toStringTag);
const typedArrayLengthGetter = accessor(TypedArrayPrototype, 'length');
const numberValueOf = Number.prototype.valueOf as Intrinsic;
const stringValueOf = String.prototype.valueOf as Intrinsic;
const booleanValueOf = Boolean.prototype.valueOf as Intrinsic;
const bigIntValueOf = BigInt.prototype.valueOf as Intrinsic;
const symbolValueOf = Symbol.prototype.valueOf as Intrinsic;
const objectToString = Object.prototype.toString as Intrinsic;
const IntrinsicPromise = Promise;
const IntrinsicError = Error;
const errorIsError = (Error as { isError?: (value: unknown) => boolean }).isError;

const MapIteratorPrototype = getPrototypeOf(new Map().entries()) as object;
const SetIteratorPrototype = getPrototypeOf(new Set().values()) as object;
const objectIsPrototypeOf = Object.prototype.isPrototypeOf as Intrinsic;
const AsyncFunctionPrototype = getPrototypeOf(async () => {});
const GeneratorFunctionPrototype = getPrototypeOf(function* () {});
const AsyncGeneratorFunctionPrototype = getPrototypeOf(async function* () {});

export const isMap = (value: object): value is Map<unknown, unknown> => hasSlot(mapSizeGetter, value);
export const isSet = (value: object): value is Set<unknown> => hasSlot(setSizeGetter, value);
export const mapSize = (map: object): number => apply(mapSizeGetter, map, []) as number;
export const setSize = (set: object): number => apply(setSizeGetter, set, []) as number;
/** A Map's entries or a Set's values, whatever the object's prototype or its iterator methods say. */
export const mapEntries = (map: object): Iterable<[unknown, unknown]> =>
  iterable(apply(mapEntriesMethod, map, []) as Iterator<[unknown, unknown]>);
export const setValues = (set: object): Iterable<unknown> =>
  iterable(apply(setValuesMethod, set, []) as Iterator<unknown>);

function iterable<T>(iterator: Iterator<T>): Iterable<T> {
  return { [Symbol.iterator]: () => iterator };
}
export const isWeakMap = (value: object): boolean => hasSlot(weakMapHas, value, [{}]);
export const isWeakSet = (value: object): boolean => hasSlot(weakSetHas, value, [{}]);
export const isDate = (value: object): value is Date => hasSlot(dateGetTime, value);
export const isRegExp = (value: object): value is RegExp =>
  value !== RegExp.prototype && hasSlot(regExpSource, value);
export const isArrayBuffer = (value: object): value is ArrayBuffer => hasSlot(arrayBufferByteLength, value);
export const isDataView = (value: object): value is DataView => hasSlot(dataViewByteLength, value);

/** `Uint8Array`, `Float64Array`, …: the name of a typed array's kind, or undefined for anything else. */
export function typedArrayKind(value: object): string | undefined {
  return apply(typedArrayTag, value, []) as string | undefined;
}

/** 'Map' or 'Set' for an iterator over a Map's or a Set's contents. */
export function collectionIteratorKind(value: object): 'Map' | 'Set' | undefined {
  if (apply(objectIsPrototypeOf, MapIteratorPrototype, [value])) return 'Map';
  if (apply(objectIsPrototypeOf, SetIteratorPrototype, [value])) return 'Set';
  return undefined;
}

export const typedArrayLength = (value: object): number => apply(typedArrayLengthGetter, value, []) as number;

export const isPromise = (value: object): value is Promise<unknown> => value instanceof IntrinsicPromise;

export function isError(value: object): value is Error {
  if (errorIsError?.(value)) return true;
  try {
    return value instanceof IntrinsicError;
  } catch {
    return false;
  }
}

export const isArgumentsObject = (value: object): boolean =>
  apply(objectToString, value, []) === '[object Arguments]';

/** A boxed primitive's kind and value (`new Number(1)` → ['Number', 1]), or undefined. */
export function boxedPrimitive(value: object): [string, unknown] | undefined {
  const kinds: Array<[string, Intrinsic]> = [
    ['Number', numberValueOf],
    ['String', stringValueOf],
    ['Boolean', booleanValueOf],
    ['BigInt', bigIntValueOf],
    ['Symbol', symbolValueOf],
  ];
  for (const [kind, unbox] of kinds) {
    try {
      return [kind, apply(unbox, value, [])];
    } catch {}
  }
  return undefined;
}

/** 'AsyncFunction', 'GeneratorFunction', 'AsyncGeneratorFunction' or 'Function'. */
export function functionKind(value: object): string {
  const prototype = getPrototypeOf(value);
  if (prototype === AsyncFunctionPrototype) return 'AsyncFunction';
  if (prototype === GeneratorFunctionPrototype) return 'GeneratorFunction';
  if (prototype === AsyncGeneratorFunctionPrototype) return 'AsyncGeneratorFunction';
  return 'Function';
}

/** Names of the global constructors V8 itself provides, as Node's `builtInObjects` (for `%s`). */
export const builtInObjects: ReadonlySet<string> = new Set(
  Object.getOwnPropertyNames(globalThis).filter(
    (name) =>
      /^[A-Z][a-zA-Z0-9]+$/.test(name) &&
      typeof getOwnPropertyDescriptor(globalThis, name)?.value === 'function',
  ),
);
