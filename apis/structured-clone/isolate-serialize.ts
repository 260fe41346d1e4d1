/**
 * HTML §2.7.3 "StructuredSerializeInternal": a value to its serialized form (isolate-records.ts). Getters
 * run and errors surface here, before anything is transferred or deserialized.
 */
import { DOMException } from '../dom-exception/isolate.ts';
import { isDetached } from '../encoding/isolate-buffer-source.ts';
import { classify } from './isolate-classify.ts';
import type {
  ErrorName,
  Property,
  Serialized,
  SerializedRecord,
  ViewConstructorName,
} from './isolate-records.ts';

export type SerializeMemory = Map<object, SerializedRecord>;

const apply = Reflect.apply;
const isArray = Array.isArray;
const isView = ArrayBuffer.isView;
const objectKeys = Object.keys;
const hasOwn = Object.hasOwn;
const getOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;

function getterOf(prototype: object, name: PropertyKey): (...args: never[]) => unknown {
  return Reflect.getOwnPropertyDescriptor(prototype, name)?.get as (...args: never[]) => unknown;
}

const typedArrayPrototype = Reflect.getPrototypeOf(Uint8Array.prototype) as object;
const typedArrayName = getterOf(typedArrayPrototype, Symbol.toStringTag);
const typedArrayBuffer = getterOf(typedArrayPrototype, 'buffer');
const typedArrayByteOffset = getterOf(typedArrayPrototype, 'byteOffset');
const typedArrayLength = getterOf(typedArrayPrototype, 'length');
const dataViewBuffer = getterOf(DataView.prototype, 'buffer');
const dataViewByteOffset = getterOf(DataView.prototype, 'byteOffset');
const dataViewByteLength = getterOf(DataView.prototype, 'byteLength');
const arrayBufferSlice = ArrayBuffer.prototype.slice;
const arrayBufferResizable = getterOf(ArrayBuffer.prototype, 'resizable');
const arrayBufferMaxByteLength = getterOf(ArrayBuffer.prototype, 'maxByteLength');
const booleanValueOf = Boolean.prototype.valueOf;
const numberValueOf = Number.prototype.valueOf;
const bigIntValueOf = BigInt.prototype.valueOf;
const stringValueOf = String.prototype.valueOf;
const dateGetTime = Date.prototype.getTime;
const regExpSource = getterOf(RegExp.prototype, 'source');
/** [[OriginalFlags]], read flag by flag: the `flags` getter would go through overridable properties. */
const regExpFlags = (
  [
    ['d', 'hasIndices'],
    ['g', 'global'],
    ['i', 'ignoreCase'],
    ['m', 'multiline'],
    ['s', 'dotAll'],
    ['u', 'unicode'],
    ['v', 'unicodeSets'],
    ['y', 'sticky'],
  ] as const
).map(([flag, name]) => [flag, getterOf(RegExp.prototype, name)] as const);
const mapForEach = Map.prototype.forEach;
const setForEach = Set.prototype.forEach;
const functionToString = Function.prototype.toString;
const symbolToString = Symbol.prototype.toString;

const ERROR_NAMES: readonly string[] = [
  'Error',
  'EvalError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'TypeError',
  'URIError',
] satisfies ErrorName[];

export function dataCloneError(description: string): DOMException {
  return new DOMException(`Failed to execute 'structuredClone': ${description}`, 'DataCloneError');
}

function uncloneable(what: string): DOMException {
  return dataCloneError(`${what} could not be cloned.`);
}

export function serialize(value: unknown, memory: SerializeMemory): Serialized {
  switch (typeof value) {
    case 'undefined':
    case 'boolean':
    case 'number':
    case 'bigint':
    case 'string':
      return value;
    case 'symbol':
      throw uncloneable(apply(symbolToString, value, []));
    case 'function':
      throw uncloneable(apply(functionToString, value, []));
  }
  if (value === null) return null;
  const object = value as object;
  const known = memory.get(object);
  if (known !== undefined) return known;
  if (isArray(object)) {
    return serializeProperties(object, { type: 'Array', length: object.length, properties: [] }, memory);
  }
  if (isView(object)) return serializeView(object, memory);
  const classification = classify(object);
  if (classification === undefined) {
    return serializeProperties(object, { type: 'Object', properties: [] }, memory);
  }
  let record: SerializedRecord;
  switch (classification.kind) {
    case 'Boolean':
      record = { type: 'Boolean', value: apply(booleanValueOf, object, []) };
      break;
    case 'Number':
      record = { type: 'Number', value: apply(numberValueOf, object, []) };
      break;
    case 'BigInt':
      record = { type: 'BigInt', value: apply(bigIntValueOf, object, []) };
      break;
    case 'String':
      record = { type: 'String', value: apply(stringValueOf, object, []) };
      break;
    case 'Date':
      record = { type: 'Date', value: apply(dateGetTime, object, []) };
      break;
    case 'RegExp':
      record = { type: 'RegExp', source: apply(regExpSource, object, []) as string, flags: flagsOf(object) };
      break;
    case 'ArrayBuffer':
      record = serializeArrayBuffer(object as ArrayBuffer);
      break;
    case 'Map':
      return serializeCollection(object, 'Map', memory);
    case 'Set':
      return serializeCollection(object, 'Set', memory);
    case 'Error':
      return serializeError(object, memory);
    case 'Platform':
      record = {
        type: 'Platform',
        interfaceName: classification.name,
        data: classification.steps?.serialize(object),
      };
      break;
    case 'Uncloneable':
      throw uncloneable(`#<${classification.name}>`);
  }
  memory.set(object, record);
  return record;
}

/** The items are copied first: serializing one may change the collection (HTML step 26.1–26.2). */
function serializeCollection(
  collection: object,
  type: 'Map' | 'Set',
  memory: SerializeMemory,
): SerializedRecord {
  const items: Serialized[] = [];
  const record: SerializedRecord = { type, items };
  memory.set(collection, record);
  const copied: unknown[] = [];
  if (type === 'Map')
    apply(mapForEach, collection, [(value: unknown, key: unknown) => copied.push(key, value)]);
  else apply(setForEach, collection, [(value: unknown) => copied.push(value)]);
  for (const item of copied) items.push(serialize(item, memory));
  return record;
}

function flagsOf(regExp: object): string {
  let flags = '';
  for (const [flag, getter] of regExpFlags) if (apply(getter, regExp, [])) flags += flag;
  return flags;
}

function serializeArrayBuffer(buffer: ArrayBuffer): SerializedRecord {
  if (isDetached(buffer)) throw uncloneable('An ArrayBuffer is detached and');
  const resizable = apply(arrayBufferResizable, buffer, []) as boolean;
  return {
    type: 'ArrayBuffer',
    data: apply(arrayBufferSlice, buffer, [0]),
    maxByteLength: resizable ? (apply(arrayBufferMaxByteLength, buffer, []) as number) : undefined,
  };
}

function serializeView(view: ArrayBufferView, memory: SerializeMemory): SerializedRecord {
  const name = apply(typedArrayName, view, []) as ViewConstructorName | undefined;
  const buffer = apply(name === undefined ? dataViewBuffer : typedArrayBuffer, view, []) as ArrayBuffer;
  if (isDetached(buffer)) throw uncloneable('An ArrayBufferView whose buffer is detached');
  const record: SerializedRecord = {
    type: 'ArrayBufferView',
    constructorName: name ?? 'DataView',
    buffer: serialize(buffer, memory) as SerializedRecord,
    byteOffset: apply(name === undefined ? dataViewByteOffset : typedArrayByteOffset, view, []) as number,
    length: apply(name === undefined ? dataViewByteLength : typedArrayLength, view, []) as number,
  };
  memory.set(view, record);
  return record;
}

/** HTML step for [[ErrorData]]; `stack` and `cause` are the "interesting accompanying data" V8 keeps too. */
function serializeError(error: object, memory: SerializeMemory): SerializedRecord {
  const name = (error as { name?: unknown }).name;
  const messageDescriptor = getOwnPropertyDescriptor(error, 'message');
  const message =
    messageDescriptor !== undefined && 'value' in messageDescriptor
      ? `${messageDescriptor.value}`
      : undefined;
  const record: SerializedRecord = {
    type: 'Error',
    name: (typeof name === 'string' && ERROR_NAMES.includes(name) ? name : 'Error') as ErrorName,
    message,
    stack: undefined,
    cause: undefined,
  };
  memory.set(error, record);
  const stack = (error as { stack?: unknown }).stack;
  if (typeof stack === 'string') record.stack = stack;
  const causeDescriptor = getOwnPropertyDescriptor(error, 'cause');
  if (causeDescriptor !== undefined && 'value' in causeDescriptor) {
    record.cause = { value: serialize(causeDescriptor.value, memory) };
  }
  return record;
}

/** Own enumerable string-keyed properties, each read (getters run) when its turn comes. */
function serializeProperties(
  object: object,
  record: SerializedRecord & { properties: Property[] },
  memory: SerializeMemory,
): SerializedRecord {
  memory.set(object, record);
  for (const key of objectKeys(object)) {
    // A getter that ran earlier may have deleted this property (HTML step 26.4.2).
    if (!hasOwn(object, key)) continue;
    const value = (object as Record<string, unknown>)[key];
    record.properties.push({ key, value: serialize(value, memory) });
  }
  return record;
}
