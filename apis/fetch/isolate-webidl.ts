/**
 * The Web IDL conversions (§3.2) and interface conventions the fetch, blob and form-data families share:
 * argument counts, ByteString/USVString, dictionaries, integer types, and interface objects whose members
 * are enumerable and whose prototype carries the interface name as its @@toStringTag.
 * Error messages follow the "Failed to execute 'x' on 'Y': …" form browsers use.
 */

/** Where a conversion happens, for error messages: `{ interface: 'Headers', operation: 'append' }`. */
export interface Context {
  readonly interface: string;
  /** The operation name, or undefined for the constructor. */
  readonly operation?: string;
}

export function failure(context: Context, message: string): string {
  return context.operation === undefined
    ? `Failed to construct '${context.interface}': ${message}`
    : `Failed to execute '${context.operation}' on '${context.interface}': ${message}`;
}

export function typeError(context: Context, message: string): TypeError {
  return new TypeError(failure(context, message));
}

export function requireArguments(present: number, required: number, context: Context): void {
  if (present >= required) return;
  const noun = required === 1 ? 'argument' : 'arguments';
  throw typeError(context, `${required} ${noun} required, but only ${present} present.`);
}

export function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** ECMAScript ToString, which (unlike `String()`) throws a TypeError for symbols, as Web IDL's DOMString does. */
export function toDOMString(value: unknown): string {
  return typeof value === 'string' ? value : `${value as string}`;
}

/** USVString: lone surrogates become U+FFFD. */
export function toUSVString(value: unknown): string {
  return toDOMString(value).toWellFormed();
}

const NON_LATIN1 = /[^\0-\xFF]/;

/** ByteString: every code unit must fit in a byte. */
export function toByteString(value: unknown, context: Context, what: string): string {
  const string = toDOMString(value);
  if (NON_LATIN1.test(string)) {
    throw typeError(
      context,
      `${what} contains a character outside the Latin-1 range (it must be a ByteString).`,
    );
  }
  return string;
}

/** ToNumber, truncated; NaN and infinities become 0 (Web IDL "ConvertToInt" without [EnforceRange]). */
function integerPart(value: unknown): number {
  const number = Number(value);
  return Number.isFinite(number) ? Math.trunc(number) : 0;
}

/** Web IDL `unsigned short`: the integer part modulo 2^16. */
export function toUnsignedShort(value: unknown): number {
  const integer = integerPart(value) % 0x10000;
  return integer < 0 ? integer + 0x10000 : integer + 0;
}

/** Web IDL `[Clamp] long long`: rounded half to even, clamped to the safe range. */
export function toClampedLongLong(value: unknown): number {
  const number = Number(value);
  if (Number.isNaN(number)) return 0;
  const clamped = Math.min(Math.max(number, Number.MIN_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
  const floor = Math.floor(clamped);
  const fraction = clamped - floor;
  const rounded = fraction > 0.5 || (fraction === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  return rounded + 0;
}

/** Web IDL `long long` for the values a Date can hold (the modulo-2^64 wrap only matters beyond ±2^53). */
export function toLongLong(value: unknown): number {
  return integerPart(value) + 0;
}

/** Web IDL dictionary conversion: undefined and null are the empty dictionary, other primitives a TypeError. */
export function toDictionary(value: unknown, context: Context, type: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw typeError(context, `The provided value is not of type '${type}'.`);
  return value as Record<string, unknown>;
}

/** Web IDL enumeration: a DOMString that must be one of `values`. */
export function toEnum<T extends string>(
  value: unknown,
  values: readonly T[],
  context: Context,
  type: string,
): T {
  const string = toDOMString(value);
  if (!(values as readonly string[]).includes(string)) {
    throw typeError(context, `The provided value '${string}' is not a valid enum value of type ${type}.`);
  }
  return string as T;
}

/**
 * Web IDL interface objects: operations and attributes are enumerable (class members are not),
 * and the prototype's @@toStringTag is the interface name.
 */
export function defineInterface(
  interfaceObject: abstract new (...args: never[]) => unknown,
  name: string,
): void {
  const prototype = interfaceObject.prototype as object;
  for (const key of Reflect.ownKeys(prototype)) {
    if (key === 'constructor') continue;
    const descriptor = Reflect.getOwnPropertyDescriptor(prototype, key);
    if (descriptor) Object.defineProperty(prototype, key, { ...descriptor, enumerable: true });
  }
  for (const key of Reflect.ownKeys(interfaceObject)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(interfaceObject, key);
    if (descriptor && typeof descriptor.value === 'function' && key !== 'prototype') {
      Object.defineProperty(interfaceObject, key, { ...descriptor, enumerable: true });
    }
  }
  Object.defineProperty(prototype, Symbol.toStringTag, { value: name, configurable: true });
}

/** Web IDL `sequence<T>`: iterates an object through its @@iterator; anything else is a TypeError. */
export function toSequence(value: unknown, context: Context, type: string): unknown[] {
  const method = isObject(value) ? (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] : undefined;
  if (typeof method !== 'function') {
    throw typeError(context, `The provided value cannot be converted to a sequence (${type}).`);
  }
  return Array.from({ [Symbol.iterator]: () => method.call(value) as Iterator<unknown> });
}
