/**
 * Fetch §5.1 "Body mixin" and §2.2.6 "Bodies". A body is kept as the bytes (or string) it was made from
 * until someone asks for `.body`; only then does it become a ReadableStream, and from that point every
 * read goes through the stream. `bodyUsed` is the spec's "disturbed"; a body is "unusable" when disturbed
 * or locked.
 */
import { blobBytes, blobType, bufferSourceBytes, createBlob, isBlob } from '../blob/isolate.ts';
import { utf8Decode, utf8Encode } from '../encoding/isolate.ts';
import {
  type FormData,
  isFormData,
  parseMultipart,
  parseUrlencoded,
  serializeMultipart,
} from '../form-data/isolate.ts';
import { URLSearchParams } from '../url/isolate.ts';
import {
  bodyStreamFromBytes,
  isReadableStream,
  isStreamDisturbed,
  isStreamLocked,
  type ReadableStream,
  readStreamBytes,
  teeStream,
} from './isolate-body-stream.ts';
import type { Headers } from './isolate-headers.ts';
import { essence, extractMimeType, serializeMimeType } from './isolate-mime.ts';
import { type Context, typeError } from './isolate-webidl.ts';

export class Body {
  /** The bytes or text not yet turned into a stream; null once streamed or consumed. */
  source: Uint8Array | string | null;
  stream: ReadableStream | null;
  disturbed = false;
  /** The bytes are shared (with a Blob or a clone): hand out copies, never the buffer itself. */
  shared: boolean;

  constructor(source: Uint8Array | string | null, stream: ReadableStream | null, shared = false) {
    this.source = source;
    this.stream = stream;
    this.shared = shared;
  }
}

/** Fetch "extract a body" with the Content-Type it implies (null when it implies none). */
export function extractBody(
  object: unknown,
  context: Context,
  keepalive = false,
): { body: Body; type: string | null } {
  if (isReadableStream(object)) {
    if (keepalive) throw typeError(context, 'A keepalive request cannot have a ReadableStream body.');
    if (isStreamLocked(object)) throw typeError(context, 'The ReadableStream body is locked or disturbed.');
    return { body: new Body(null, object), type: null };
  }
  if (isBlob(object)) {
    const type = blobType(object);
    return { body: new Body(blobBytes(object), null, true), type: type === '' ? null : type };
  }
  if (object instanceof ArrayBuffer || ArrayBuffer.isView(object)) {
    return { body: new Body(bufferSourceBytes(object), null), type: null };
  }
  if (isFormData(object)) {
    const { bytes, boundary } = serializeMultipart(object);
    return { body: new Body(bytes, null), type: `multipart/form-data; boundary=${boundary}` };
  }
  if (object instanceof URLSearchParams) {
    return {
      body: new Body(object.toString(), null),
      type: 'application/x-www-form-urlencoded;charset=UTF-8',
    };
  }
  const text = typeof object === 'string' ? object.toWellFormed() : `${object as string}`.toWellFormed();
  return { body: new Body(text, null), type: 'text/plain;charset=UTF-8' };
}

/** A body over bytes the implementation made itself (Response.json, incoming requests). */
export function bodyFromBytes(bytes: Uint8Array): Body {
  return new Body(bytes, null);
}

export function isBodyDisturbed(body: Body): boolean {
  return body.disturbed || (body.stream !== null && isStreamDisturbed(body.stream));
}

/** Fetch "unusable": the body is disturbed or locked. */
export function isBodyUnusable(body: Body | null): boolean {
  return body !== null && (isBodyDisturbed(body) || (body.stream !== null && isStreamLocked(body.stream)));
}

/** The `body` getter: the stream, created from the kept bytes on first use. */
export function bodyStream(body: Body | null): ReadableStream | null {
  if (body === null) return null;
  if (body.stream === null) {
    const { bytes, owned } = takeBytes(body);
    const wasDisturbed = body.disturbed;
    // Enqueueing transfers the buffer, so the stream must get one nobody else holds.
    body.stream = bodyStreamFromBytes(exclusiveBytes(bytes, owned), () => {
      body.disturbed = true;
    });
    // A body already consumed through a reader method shows a disturbed, locked stream, as after "fully read".
    if (wasDisturbed) body.stream.getReader();
  }
  return body.stream;
}

/** Fetch "clone" a body: the kept bytes are shared; a stream is teed. */
export function cloneBody(body: Body): Body {
  if (body.stream === null) {
    body.shared = body.source instanceof Uint8Array;
    return new Body(body.source, null, body.shared);
  }
  const [kept, cloned] = teeStream(body.stream);
  body.stream = kept;
  const clone = new Body(null, cloned);
  return clone;
}

/**
 * A new Request taking over `body` (the spec pipes it through a TransformStream): the old owner's body
 * reads as used from now on.
 */
export function moveBody(body: Body): Body {
  const moved = new Body(body.source, body.stream, body.shared);
  body.source = null;
  body.disturbed = true;
  return moved;
}

/** Moves the kept bytes out of `body`; `owned` says whether the caller may hand the buffer out. */
function takeBytes(body: Body): { bytes: Uint8Array; owned: boolean } {
  const source = body.source;
  body.source = null;
  if (source === null) return { bytes: new Uint8Array(0), owned: true };
  if (typeof source === 'string') return { bytes: utf8Encode(source), owned: true };
  return { bytes: source, owned: !body.shared };
}

/** Fetch "consume body" up to "fully read": the body's bytes or text; a TypeError if it is unusable. */
export async function consumeBody(body: Body | null, context: Context): Promise<Uint8Array | string> {
  if (body === null) return new Uint8Array(0);
  if (isBodyDisturbed(body))
    throw typeError(context, 'Body has already been used. It can only be used once.');
  if (body.stream === null) {
    body.disturbed = true;
    if (typeof body.source === 'string') {
      const text = body.source;
      body.source = null;
      return text;
    }
    const { bytes, owned } = takeBytes(body);
    return owned ? bytes : bytes.slice();
  }
  if (isStreamLocked(body.stream)) throw typeError(context, 'The body stream is locked by a reader.');
  body.disturbed = true;
  return readStreamBytes(body.stream);
}

/** `bytes` itself when it is `owned` and spans its whole buffer, else a copy. */
function exclusiveBytes(bytes: Uint8Array, owned: boolean): Uint8Array {
  return owned && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : bytes.slice();
}

/** The consumed body (which the caller owns) as an ArrayBuffer of exactly its bytes. */
export function toArrayBuffer(content: Uint8Array | string): ArrayBuffer {
  const bytes = typeof content === 'string' ? utf8Encode(content) : content;
  return exclusiveBytes(bytes, true).buffer as ArrayBuffer;
}

function toText(content: Uint8Array | string): string {
  return typeof content === 'string' ? content : utf8Decode(content);
}

function toBytes(content: Uint8Array | string): Uint8Array {
  return typeof content === 'string' ? utf8Encode(content) : content;
}

/** How the mixin reaches a Request's or Response's body and headers (throwing for other receivers). */
export interface BodyOwner {
  body(target: unknown, context: Context): Body | null;
  headers(target: unknown): Headers;
}

/** Installs the Body mixin's attributes and operations on Request.prototype or Response.prototype. */
export function installBodyMixin(
  interfaceObject: abstract new (...args: never[]) => unknown,
  owner: BodyOwner,
): void {
  const name = (interfaceObject.prototype as Record<PropertyKey, unknown>)[Symbol.toStringTag] as string;
  const context = (operation: string) => ({ interface: name, operation });
  // Called inside async functions, so a wrong receiver becomes a rejection, as Web IDL requires.
  const read = (target: unknown, operation: string) =>
    consumeBody(owner.body(target, context(operation)), context(operation));
  const operations = {
    async arrayBuffer(this: unknown) {
      return toArrayBuffer(await read(this, 'arrayBuffer'));
    },
    async blob(this: unknown) {
      const content = await read(this, 'blob');
      const mimeType = extractMimeType(owner.headers(this));
      return createBlob(toBytes(content), mimeType === null ? '' : serializeMimeType(mimeType));
    },
    async bytes(this: unknown) {
      return new Uint8Array(toArrayBuffer(await read(this, 'bytes')));
    },
    async formData(this: unknown) {
      const content = await read(this, 'formData');
      return formDataFromBody(toBytes(content), owner.headers(this), context('formData'));
    },
    async json(this: unknown) {
      return JSON.parse(toText(await read(this, 'json')));
    },
    async text(this: unknown) {
      return toText(await read(this, 'text'));
    },
  };
  const prototype = interfaceObject.prototype as object;
  Object.defineProperties(prototype, {
    body: {
      get(this: unknown) {
        return bodyStream(owner.body(this, context('body')));
      },
      enumerable: true,
      configurable: true,
    },
    bodyUsed: {
      get(this: unknown) {
        const body = owner.body(this, context('bodyUsed'));
        return body !== null && isBodyDisturbed(body);
      },
      enumerable: true,
      configurable: true,
    },
  });
  for (const [operation, method] of Object.entries(operations)) {
    Object.defineProperty(prototype, operation, {
      value: method,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
}

/** The Body mixin's formData() conversion, by the Content-Type's essence. */
function formDataFromBody(bytes: Uint8Array, headers: Headers, context: Context): FormData {
  const mimeType = extractMimeType(headers);
  if (mimeType !== null && essence(mimeType) === 'multipart/form-data') {
    const boundary = mimeType.parameters.get('boundary');
    if (boundary === undefined)
      throw typeError(context, 'The multipart/form-data Content-Type has no boundary.');
    const formData = parseMultipart(bytes, boundary);
    if (formData === null) throw typeError(context, 'Could not parse the body as multipart/form-data.');
    return formData;
  }
  if (mimeType !== null && essence(mimeType) === 'application/x-www-form-urlencoded')
    return parseUrlencoded(bytes);
  throw typeError(
    context,
    'The Content-Type is neither multipart/form-data nor application/x-www-form-urlencoded.',
  );
}
