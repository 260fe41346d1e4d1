/**
 * The serialized form of HTML §2.7.3 "StructuredSerializeInternal": a primitive stays itself, every
 * object becomes one record (shared by every reference to it, so cycles and sharing survive).
 */
export type Primitive = undefined | null | boolean | number | bigint | string;
export type Serialized = Primitive | SerializedRecord;

export type ViewConstructorName =
  | 'DataView'
  | 'Int8Array'
  | 'Uint8Array'
  | 'Uint8ClampedArray'
  | 'Int16Array'
  | 'Uint16Array'
  | 'Int32Array'
  | 'Uint32Array'
  | 'Float16Array'
  | 'Float32Array'
  | 'Float64Array'
  | 'BigInt64Array'
  | 'BigUint64Array';

export type ErrorName =
  | 'Error'
  | 'EvalError'
  | 'RangeError'
  | 'ReferenceError'
  | 'SyntaxError'
  | 'TypeError'
  | 'URIError';

export type SerializedRecord =
  | { type: 'Boolean'; value: boolean }
  | { type: 'Number'; value: number }
  | { type: 'BigInt'; value: bigint }
  | { type: 'String'; value: string }
  | { type: 'Date'; value: number }
  | { type: 'RegExp'; source: string; flags: string }
  /** A copy of the bytes; `maxByteLength` only for a resizable buffer. */
  | { type: 'ArrayBuffer'; data: ArrayBuffer; maxByteLength: number | undefined }
  /** A buffer in the transfer list: `data` is the detached original's contents, set after serializing. */
  | { type: 'Transferred'; data: ArrayBuffer | undefined }
  | {
      type: 'ArrayBufferView';
      constructorName: ViewConstructorName;
      buffer: SerializedRecord;
      byteOffset: number;
      /** Elements for typed arrays, bytes for a DataView. */
      length: number;
    }
  /** A Map's items are its keys and values, alternating; a Set's its values. */
  | { type: 'Map' | 'Set'; items: Serialized[] }
  | {
      type: 'Error';
      name: ErrorName;
      message: string | undefined;
      stack: string | undefined;
      cause: { value: Serialized } | undefined;
    }
  /** A platform object with serialization steps (DOMException, Blob, File): its data is its own. */
  | { type: 'Platform'; interfaceName: string; data: unknown }
  | { type: 'Array'; length: number; properties: Property[] }
  | { type: 'Object'; properties: Property[] };

export interface Property {
  key: string;
  value: Serialized;
}
