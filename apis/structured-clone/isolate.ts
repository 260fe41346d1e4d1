/**
 * `structuredClone(value, { transfer })` per HTML §2.7.7 "StructuredSerializeWithTransfer" and
 * "StructuredDeserializeWithTransfer", in isolate code (V8's own serializer is not reachable from inside
 * an isolate). ArrayBuffers are the only transferables. Other families make their interfaces serializable
 * (or explicitly not) with `registerPlatformInterface`; DOMException, Blob and File are registered here.
 */
import { Blob, blobBytes, blobType, createBlob, createFile, File, isBlob, isFile } from '../blob/isolate.ts';
import { DOMException } from '../dom-exception/isolate.ts';
import { isArrayBuffer, isDetached } from '../encoding/isolate-buffer-source.ts';
import { TextDecoder } from '../encoding/isolate-text-decoder.ts';
import { TextEncoder } from '../encoding/isolate-text-encoder.ts';
import { isObject, requireArguments, toDictionary, toSequence, typeError } from '../fetch/isolate-webidl.ts';
import type { IsolateScope } from '../isolate-scope.ts';
import { brand, registerPlatformInterface } from './isolate-classify.ts';
import { deserialize } from './isolate-deserialize.ts';
import type { SerializedRecord } from './isolate-records.ts';
import { dataCloneError, type SerializeMemory, serialize } from './isolate-serialize.ts';

export { registerPlatformInterface, type SerializationSteps } from './isolate-classify.ts';

const apply = Reflect.apply;
const arrayBufferTransfer = ArrayBuffer.prototype.transfer;
const context = { interface: 'WorkerGlobalScope', operation: 'structuredClone' };

function transferListOf(options: unknown): object[] {
  const { transfer } = toDictionary(options, context, 'StructuredSerializeOptions');
  if (transfer === undefined) return [];
  const list = toSequence(transfer, context, 'sequence<object>');
  for (const item of list) {
    if (!isObject(item)) throw typeError(context, "Failed to convert value to 'object'.");
  }
  return list as object[];
}

export function structuredClone(value: unknown, options: unknown = undefined): unknown {
  // biome-ignore lint/complexity/noArguments: Web IDL counts the arguments actually passed.
  requireArguments(arguments.length, 1, context);
  const transferList = transferListOf(options);
  const memory: SerializeMemory = new Map();
  const transferred: Extract<SerializedRecord, { type: 'Transferred' }>[] = [];
  for (const [index, transferable] of transferList.entries()) {
    if (!isArrayBuffer(transferable)) {
      throw dataCloneError(`Value at index ${index} does not have a transferable type.`);
    }
    if (memory.has(transferable)) {
      throw dataCloneError(`ArrayBuffer at index ${index} is a duplicate of an earlier ArrayBuffer.`);
    }
    const record: SerializedRecord = { type: 'Transferred', data: undefined };
    memory.set(transferable, record);
    transferred.push(record);
  }
  const serialized = serialize(value, memory);
  for (const [index, record] of transferred.entries()) {
    const buffer = transferList[index] as ArrayBuffer;
    if (isDetached(buffer)) throw dataCloneError(`ArrayBuffer at index ${index} is already detached.`);
    // Moves the contents and detaches the original, keeping a resizable buffer resizable.
    record.data = apply(arrayBufferTransfer, buffer, []) as ArrayBuffer;
  }
  return deserialize(serialized, new Map());
}

const domExceptionName = Reflect.getOwnPropertyDescriptor(DOMException.prototype, 'name')
  ?.get as () => string;
const domExceptionMessage = Reflect.getOwnPropertyDescriptor(DOMException.prototype, 'message')
  ?.get as () => string;

interface SerializedDOMException {
  name: string;
  message: string;
  stack: unknown;
}

/** Web IDL §2.8.1: DOMException is serializable (name and message; the stack as V8 keeps it). */
registerPlatformInterface('DOMException', DOMException.prototype, {
  isInstance: brand(domExceptionName),
  serialize: (exception): SerializedDOMException => ({
    name: apply(domExceptionName, exception, []),
    message: apply(domExceptionMessage, exception, []),
    stack: (exception as { stack?: unknown }).stack,
  }),
  deserialize(data) {
    const { name, message, stack } = data as SerializedDOMException;
    const exception = new DOMException(message, name);
    if (typeof stack === 'string') {
      Reflect.defineProperty(exception, 'stack', { value: stack, writable: true, configurable: true });
    }
    return exception;
  },
});
interface SerializedBlob {
  bytes: Uint8Array;
  type: string;
}

interface SerializedFile extends SerializedBlob {
  name: string;
  lastModified: number;
}

/** File API §3.1/§4.1: a Blob's (immutable) bytes and type are shared with its clone, a File's name too. */
registerPlatformInterface('Blob', Blob.prototype, {
  isInstance: isBlob,
  serialize: (blob): SerializedBlob => ({ bytes: blobBytes(blob as Blob), type: blobType(blob as Blob) }),
  deserialize: (data) => createBlob((data as SerializedBlob).bytes, (data as SerializedBlob).type),
});
const fileName = Reflect.getOwnPropertyDescriptor(File.prototype, 'name')?.get as () => string;
const fileLastModified = Reflect.getOwnPropertyDescriptor(File.prototype, 'lastModified')
  ?.get as () => number;
registerPlatformInterface('File', File.prototype, {
  isInstance: isFile,
  serialize: (file): SerializedFile => ({
    bytes: blobBytes(file as File),
    type: blobType(file as File),
    name: apply(fileName, file, []),
    lastModified: apply(fileLastModified, file, []),
  }),
  deserialize(data) {
    const { bytes, type, name, lastModified } = data as SerializedFile;
    return createFile(bytes, name, type, lastModified);
  },
});
registerPlatformInterface('TextEncoder', TextEncoder.prototype);
registerPlatformInterface('TextDecoder', TextDecoder.prototype);

export function install(scope: IsolateScope): void {
  scope.defineGlobal('structuredClone', structuredClone);
}
