// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed (an explicit undefined counts).
/**
 * Blob and File per the File API (§3 "The Blob interface", §4 "The File interface"). A Blob holds its
 * bytes in one immutable Uint8Array; `slice` shares them. Other families read them with `blobBytes`
 * and create Blobs without copying with `createBlob` (Body's `blob()`, multipart parsing).
 */
import { utf8Decode, utf8Encode } from '../encoding/isolate.ts';
import { type ReadableStream, streamFromBytes } from '../fetch/isolate-body-stream.ts';
import {
  type Context,
  defineInterface,
  isObject,
  requireArguments,
  toClampedLongLong,
  toDictionary,
  toDOMString,
  toEnum,
  toLongLong,
  toSequence,
  toUSVString,
  typeError,
} from '../fetch/isolate-webidl.ts';
import type { IsolateScope } from '../isolate-scope.ts';

const now = Date.now;

/** Set just before `super()`/`new Blob()` by File and `createBlob`, which convert their arguments themselves. */
let prepared: { bytes: Uint8Array; type: string } | undefined;
/** Set by `createFile` before `new File()`, together with `prepared`. */
let preparedFile: { name: string; lastModified: number } | undefined;

let bytesOf: (blob: Blob) => Uint8Array;
let typeOf: (blob: Blob) => string;
let isBlobObject: (value: object) => boolean;
let isFileObject: (value: unknown) => value is File;

export class Blob {
  #bytes: Uint8Array;
  #type: string;

  constructor(blobParts: unknown = undefined, options: unknown = undefined) {
    if (prepared) {
      this.#bytes = prepared.bytes;
      this.#type = prepared.type;
      prepared = undefined;
      return;
    }
    const context = { interface: 'Blob' };
    const parts = blobParts === undefined ? [] : toSequence(blobParts, context, 'sequence<BlobPart>');
    const bag = convertPropertyBag(options, context);
    this.#bytes = processBlobParts(parts, bag.endings);
    this.#type = bag.type;
  }

  get size(): number {
    return checkedBlob(this, 'size').#bytes.length;
  }

  get type(): string {
    return checkedBlob(this, 'type').#type;
  }

  slice(start: unknown = undefined, end: unknown = undefined, contentType: unknown = undefined): Blob {
    const bytes = checkedBlob(this, 'slice').#bytes;
    const size = bytes.length;
    const relativeStart = start === undefined ? 0 : relativeIndex(toClampedLongLong(start), size);
    const relativeEnd = end === undefined ? size : relativeIndex(toClampedLongLong(end), size);
    const type = contentType === undefined ? '' : normalizeType(toDOMString(contentType));
    return createBlob(bytes.subarray(relativeStart, Math.max(relativeEnd, relativeStart)), type);
  }

  stream(): ReadableStream {
    return streamFromBytes(checkedBlob(this, 'stream').#bytes.slice());
  }

  async text(): Promise<string> {
    return utf8Decode(checkedBlob(this, 'text').#bytes);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return checkedBlob(this, 'arrayBuffer').#bytes.slice().buffer;
  }

  async bytes(): Promise<Uint8Array> {
    return checkedBlob(this, 'bytes').#bytes.slice();
  }

  static {
    bytesOf = (blob) => blob.#bytes;
    typeOf = (blob) => blob.#type;
    isBlobObject = (value) => #bytes in value;
  }
}

function checkedBlob(value: unknown, member: string): Blob {
  if (!isBlob(value)) throw typeError({ interface: 'Blob', operation: member }, 'Illegal invocation');
  return value;
}

export class File extends Blob {
  #name: string;
  #lastModified: number;

  constructor(fileBits: unknown, fileName: unknown, options: unknown = undefined) {
    let file = preparedFile;
    preparedFile = undefined;
    if (file === undefined) {
      const context = { interface: 'File' };
      requireArguments(arguments.length, 2, context);
      const parts = toSequence(fileBits, context, 'sequence<BlobPart>');
      const name = toUSVString(fileName);
      const bag = convertPropertyBag(options, context);
      const lastModified = bag.lastModified === undefined ? now() : toLongLong(bag.lastModified);
      prepared = { bytes: processBlobParts(parts, bag.endings), type: bag.type };
      file = { name, lastModified };
    }
    super();
    this.#name = file.name;
    this.#lastModified = file.lastModified;
  }

  get name(): string {
    return checkedFile(this, 'name').#name;
  }

  get lastModified(): number {
    return checkedFile(this, 'lastModified').#lastModified;
  }

  static {
    isFileObject = (value): value is File => isObject(value) && #name in value;
  }
}

function checkedFile(value: unknown, member: string): File {
  if (!isFileObject(value)) throw typeError({ interface: 'File', operation: member }, 'Illegal invocation');
  return value;
}

defineInterface(Blob, 'Blob');
defineInterface(File, 'File');

/** Web IDL BlobPropertyBag / FilePropertyBag, members in lexicographic order. */
function convertPropertyBag(
  options: unknown,
  context: Context,
): { endings: 'transparent' | 'native'; type: string; lastModified: unknown } {
  const dictionary = toDictionary(options, context, 'BlobPropertyBag');
  const endingsValue = dictionary.endings;
  const endings =
    endingsValue === undefined
      ? 'transparent'
      : toEnum(endingsValue, ['transparent', 'native'] as const, context, 'EndingType');
  const typeValue = dictionary.type;
  const type = typeValue === undefined ? '' : normalizeType(toDOMString(typeValue));
  const lastModified = context.interface === 'File' ? dictionary.lastModified : undefined;
  return { endings, type, lastModified };
}

/** File API: a type with any code point outside U+0020–U+007E is the empty string; otherwise lower-cased. */
function normalizeType(type: string): string {
  return /^[\x20-\x7E]*$/.test(type) ? type.toLowerCase() : '';
}

function relativeIndex(index: number, size: number): number {
  return index < 0 ? Math.max(size + index, 0) : Math.min(index, size);
}

/** File API "process blob parts": strings are UTF-8 encoded (after "convert line endings to native"). */
function processBlobParts(parts: readonly unknown[], endings: 'transparent' | 'native'): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    let chunk: Uint8Array;
    if (isObject(part) && isBlob(part)) chunk = bytesOf(part);
    else if (part instanceof ArrayBuffer || ArrayBuffer.isView(part)) chunk = bufferSourceBytes(part);
    else {
      const text = toUSVString(part);
      chunk = utf8Encode(endings === 'native' ? text.replace(/\r\n|\r/g, '\n') : text);
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Uint8Array).slice() : concatBytes(chunks);
}

/** One new Uint8Array holding `chunks` one after another. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** Web IDL "get a copy of the bytes held by the buffer source" (a detached buffer holds none). */
export function bufferSourceBytes(source: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (source instanceof ArrayBuffer)
    return source.detached ? new Uint8Array(0) : new Uint8Array(source.slice(0));
  if ((source.buffer as ArrayBuffer).detached) return new Uint8Array(0);
  return new Uint8Array(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength));
}

export function isBlob(value: unknown): value is Blob {
  return isObject(value) && isBlobObject(value);
}

export function isFile(value: unknown): value is File {
  return isFileObject(value);
}

/** The Blob's bytes, shared: callers must not modify them. */
export function blobBytes(blob: Blob): Uint8Array {
  return bytesOf(blob);
}

export function blobType(blob: Blob): string {
  return typeOf(blob);
}

/** A Blob over `bytes` (taken, not copied) with a type that is already normalised. */
export function createBlob(bytes: Uint8Array, type: string): Blob {
  prepared = { bytes, type };
  return new Blob();
}

/** A File over `bytes` (taken, not copied) with a type that is already normalised. */
export function createFile(
  bytes: Uint8Array,
  name: string,
  type: string,
  lastModified: number = now(),
): File {
  prepared = { bytes, type };
  preparedFile = { name, lastModified };
  return new File(undefined, undefined);
}

export function install(scope: IsolateScope): void {
  scope.defineGlobal('Blob', Blob);
  scope.defineGlobal('File', File);
}
