/** HTML §2.7.5 "StructuredDeserialize": records back to values, each record once (cycles, sharing). */
import { platformSteps } from './isolate-classify.ts';
import type {
  ErrorName,
  Property,
  Serialized,
  SerializedRecord,
  ViewConstructorName,
} from './isolate-records.ts';

export type DeserializeMemory = Map<SerializedRecord, object>;

const NativeBoolean = Boolean;
const NativeNumber = Number;
const NativeString = String;
const NativeObject = Object;
const NativeDate = Date;
const NativeRegExp = RegExp;
const NativeArrayBuffer = ArrayBuffer;
const NativeMap = Map;
const NativeSet = Set;
const NativeArray = Array;
const mapSet = Map.prototype.set;
const setAdd = Set.prototype.add;
const apply = Reflect.apply;
const defineProperty = Reflect.defineProperty;
const deleteProperty = Reflect.deleteProperty;

type ViewConstructor = new (buffer: ArrayBuffer, byteOffset: number, length: number) => ArrayBufferView;

const VIEW_CONSTRUCTORS: Record<ViewConstructorName, ViewConstructor> = {
  DataView,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float16Array: (globalThis as unknown as { Float16Array: ViewConstructor }).Float16Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
};

const ERROR_CONSTRUCTORS: Record<ErrorName, ErrorConstructor> = {
  Error,
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
};

/** Properties of deserialized values are created, never assigned (no setter, no `__proto__` magic). */
function defineValue(object: object, key: string, value: unknown, enumerable: boolean): void {
  defineProperty(object, key, { value, writable: true, enumerable, configurable: true });
}

export function deserialize(serialized: Serialized, memory: DeserializeMemory): unknown {
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  const known = memory.get(serialized);
  if (known !== undefined) return known;
  let value: object;
  switch (serialized.type) {
    case 'Boolean':
      value = new NativeBoolean(serialized.value);
      break;
    case 'Number':
      value = new NativeNumber(serialized.value);
      break;
    case 'BigInt':
      value = NativeObject(serialized.value);
      break;
    case 'String':
      value = new NativeString(serialized.value);
      break;
    case 'Date':
      value = new NativeDate(serialized.value);
      break;
    case 'RegExp':
      value = new NativeRegExp(serialized.source, serialized.flags);
      break;
    case 'ArrayBuffer':
      value = arrayBufferOf(serialized.data, serialized.maxByteLength);
      break;
    case 'Transferred':
      value = serialized.data as ArrayBuffer;
      break;
    case 'ArrayBufferView': {
      const buffer = deserialize(serialized.buffer, memory) as ArrayBuffer;
      const View = VIEW_CONSTRUCTORS[serialized.constructorName];
      value = new View(buffer, serialized.byteOffset, serialized.length);
      break;
    }
    case 'Map':
    case 'Set':
      return deserializeCollection(serialized, memory);
    case 'Error':
      return deserializeError(serialized, memory);
    case 'Platform': {
      const steps = platformSteps(serialized.interfaceName);
      if (steps === undefined)
        throw new TypeError(`No deserialization steps for ${serialized.interfaceName}`);
      value = steps.deserialize(serialized.data);
      break;
    }
    case 'Array':
      return deserializeProperties(
        new NativeArray(serialized.length),
        serialized.properties,
        serialized,
        memory,
      );
    case 'Object':
      return deserializeProperties({}, serialized.properties, serialized, memory);
  }
  memory.set(serialized, value);
  return value;
}

function deserializeCollection(
  serialized: Extract<SerializedRecord, { type: 'Map' | 'Set' }>,
  memory: DeserializeMemory,
): Map<unknown, unknown> | Set<unknown> {
  const { items } = serialized;
  if (serialized.type === 'Set') {
    const set = new NativeSet();
    memory.set(serialized, set);
    for (const item of items) apply(setAdd, set, [deserialize(item, memory)]);
    return set;
  }
  const map = new NativeMap();
  memory.set(serialized, map);
  for (let index = 0; index < items.length; index += 2) {
    apply(mapSet, map, [deserialize(items[index], memory), deserialize(items[index + 1], memory)]);
  }
  return map;
}

function arrayBufferOf(data: ArrayBuffer, maxByteLength: number | undefined): ArrayBuffer {
  if (maxByteLength === undefined) return data;
  const buffer = new NativeArrayBuffer(data.byteLength, { maxByteLength });
  new Uint8Array(buffer).set(new Uint8Array(data));
  return buffer;
}

function deserializeError(
  serialized: Extract<SerializedRecord, { type: 'Error' }>,
  memory: DeserializeMemory,
): Error {
  const ErrorConstructor = ERROR_CONSTRUCTORS[serialized.name];
  const error =
    serialized.message === undefined ? new ErrorConstructor() : new ErrorConstructor(serialized.message);
  // The new error's own stack would point into this file; the original's replaces it.
  if (serialized.stack === undefined) deleteProperty(error, 'stack');
  else defineValue(error, 'stack', serialized.stack, false);
  memory.set(serialized, error);
  if (serialized.cause !== undefined)
    defineValue(error, 'cause', deserialize(serialized.cause.value, memory), false);
  return error;
}

function deserializeProperties(
  object: object,
  properties: Property[],
  serialized: SerializedRecord,
  memory: DeserializeMemory,
): object {
  memory.set(serialized, object);
  for (const { key, value } of properties) defineValue(object, key, deserialize(value, memory), true);
  return object;
}
