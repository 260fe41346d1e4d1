/**
 * How the server hands requests to an app and takes its responses back (used by apis/app/, H2).
 * Contract (keep these signatures stable):
 *
 *   requestFromHost({ method, url, headers, body }): Request
 *     method  — the request method as received (normalised like `new Request` does: "get" → "GET").
 *     url     — the absolute, already serialised URL (the host builds it from the Host header and target).
 *     headers — flat [name, value, name, value, …], one pair per received header line, already valid.
 *     body    — the whole body, or null for none. The ArrayBuffer is taken over, not copied.
 *   The Request has immutable headers, as incoming requests do in Workers.
 *
 *   responseToHost(value): Promise<{ status, statusText, headers, body }>
 *     headers — flat [name, value, …] in the order set, set-cookie lines kept apart, names as written.
 *     body    — the whole body as one ArrayBuffer the host may take over, or null for a null body.
 *   Rejects with a TypeError saying what the handler returned when `value` is not a usable Response
 *   ("Handler returned undefined instead of a Response").
 *
 *   streamedResponseToHost(value): { status, statusText, headers, stream, length } | null
 *     For a usable Response whose body is a ReadableStream (not bytes kept whole): the head and the
 *     stream for the server to read chunk by chunk; `length` is the byte count a FixedLengthStream
 *     promises, else null. Null for anything else (then responseToHost answers, or says what is wrong).
 */

import { fixedStreamLength } from '../streams/isolate.ts';
import { bodyFromBytes, consumeBody, isBodyUnusable, toArrayBuffer } from './isolate-body.ts';
import type { ReadableStream } from './isolate-body-stream.ts';
import { flattenHeaders, headersFromFlatList } from './isolate-headers.ts';
import { normalizeMethod } from './isolate-http.ts';
import { createRequest, incomingRequestState, type Request } from './isolate-request.ts';
import { isResponse, type Response, responseState } from './isolate-response.ts';

export interface HostRequest {
  method: string;
  url: string;
  headers: string[];
  body: ArrayBuffer | null;
}

export interface HostResponse {
  status: number;
  statusText: string;
  headers: string[];
  body: ArrayBuffer | null;
}

export interface HostStreamedResponse {
  status: number;
  statusText: string;
  headers: string[];
  stream: ReadableStream;
  length: number | null;
}

export function requestFromHost(init: HostRequest): Request {
  const state = incomingRequestState(init.url, headersFromFlatList(init.headers, 'immutable'));
  state.method = normalizeMethod(init.method);
  if (init.body !== null) state.body = bodyFromBytes(new Uint8Array(init.body));
  return createRequest(state);
}

export async function responseToHost(value: unknown): Promise<HostResponse> {
  if (!isResponse(value)) throw new TypeError(`Handler returned ${describe(value)} instead of a Response`);
  const state = responseState(value as Response);
  if (state.type === 'error') throw new TypeError('Handler returned Response.error() (a network error)');
  if (isBodyUnusable(state.body)) {
    throw new TypeError(
      'Handler returned a Response whose body has already been used or is locked by a reader',
    );
  }
  const content = state.body === null ? null : await consumeBody(state.body, { interface: 'Response' });
  return {
    status: state.status,
    statusText: state.statusText,
    headers: flattenHeaders(state.headers),
    body: content === null ? null : toArrayBuffer(content),
  };
}

export function streamedResponseToHost(value: unknown): HostStreamedResponse | null {
  if (!isResponse(value)) return null;
  const state = responseState(value as Response);
  const stream = state.body?.stream;
  if (state.type === 'error' || stream == null || isBodyUnusable(state.body)) return null;
  return {
    status: state.status,
    statusText: state.statusText,
    headers: flattenHeaders(state.headers),
    stream,
    length: fixedStreamLength(stream) ?? null,
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `a ${typeof value} (${String(value)})`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  if (Array.isArray(value)) return 'an array';
  if (typeof (value as { then?: unknown }).then === 'function')
    return 'a promise that did not resolve to a Response';
  const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null;
  const name = prototype?.constructor?.name;
  if (prototype === null || prototype === Object.prototype || typeof name !== 'string' || name === '') {
    return 'a plain object';
  }
  return `an instance of ${name}`;
}
