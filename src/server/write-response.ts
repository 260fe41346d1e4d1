/**
 * Writing a response with uWS: everything inside one `cork` (one syscall for status, headers and a
 * small body), nothing once the client is gone, and large bodies through `tryEnd` + `onWritable` so a
 * slow reader makes NANO wait instead of making uWS buffer the whole body again.
 */

import type { HttpResponse } from 'uWebSockets.js';
import { STATUS_CODES } from 'node:http';
import type { Exchange } from './exchange.ts';

export interface OutgoingResponse {
  status: number;
  statusText: string;
  /** Flat `[name, value, …]`; server-owned headers (Content-Length, hop-by-hop) already removed. */
  headers: string[];
  body: ArrayBuffer | null;
}

/** Bodies up to this size are handed to uWS at once; larger ones are streamed as the socket drains. */
const STREAM_THRESHOLD = 64 * 1024;

const statusLines = new Map<number, string>();

/** `200 OK`: the reason phrase from the app, else the standard one (RFC 9110 §15). */
function statusLine(status: number, statusText: string): string {
  if (statusText !== '') return `${status} ${statusText}`;
  let line = statusLines.get(status);
  if (line === undefined) {
    line = `${status} ${STATUS_CODES[status] ?? ''}`.trimEnd();
    statusLines.set(status, line);
  }
  return line;
}

/** RFC 9110 §6.4.1 / §15.4.5: 1xx, 204 and 304 responses have no body and no Content-Length. */
export function forbidsBody(status: number): boolean {
  return status < 200 || status === 204 || status === 304;
}

/** Header values are byte strings (Fetch); uWS would send a JS string as UTF-8, so send bytes. */
const NON_ASCII = /[\u0080-\uffff]/;

function headerValue(value: string): string | Buffer {
  return NON_ASCII.test(value) ? Buffer.from(value, 'latin1') : value;
}

function streamBody(exchange: Exchange, res: HttpResponse, body: ArrayBuffer): void {
  const total = body.byteLength;
  const start = res.getWriteOffset();
  const [ok, done] = res.tryEnd(body, total);
  if (ok || done) return;
  res.onWritable((offset) => {
    if (exchange.aborted) return true;
    const [written] = res.tryEnd(new Uint8Array(body, offset - start), total);
    return written;
  });
}

/** The status line and the headers (call inside `cork`). */
export function writeHead(res: HttpResponse, status: number, statusText: string, headers: string[]): void {
  res.writeStatus(statusLine(status, statusText));
  for (let index = 0; index < headers.length; index += 2) {
    res.writeHeader(headers[index] as string, headerValue(headers[index + 1] as string));
  }
}

let closingConnections = false;

/**
 * From now on every response ends its connection (`Connection: close`): the server is draining, and a
 * keep-alive client must reconnect — to another process or pod — for its next request.
 */
export function closeConnectionsAfterResponses(): void {
  closingConnections = true;
}

/**
 * Writes `response` unless the exchange is closed; `headOnly` for HEAD requests (the length of the body
 * is reported, the body is not sent). Returns the number of body bytes sent.
 */
export function writeResponse(exchange: Exchange, response: OutgoingResponse, headOnly: boolean): number {
  if (!exchange.open) return 0;
  exchange.answered = true;
  const { res } = exchange;
  const { status, headers, body } = response;
  const length = body === null ? 0 : body.byteLength;
  res.cork(() => {
    writeHead(res, status, response.statusText, headers);
    // No `closeConnection` here: `endWithoutBody(undefined, true)` sends `Content-Length: 0`, which a
    // 204 or 304 must not have (RFC 9110 §8.6); the drain's final close ends such connections instead.
    if (forbidsBody(status)) res.endWithoutBody();
    else if (headOnly) res.endWithoutBody(length, closingConnections);
    else if (body === null) res.end(undefined, closingConnections);
    else if (length <= STREAM_THRESHOLD) res.end(body, closingConnections);
    else streamBody(exchange, res, body);
  });
  return headOnly || forbidsBody(status) ? 0 : length;
}

export interface ErrorResponseOptions {
  /** Close the connection after the response (the rest of the request cannot be trusted or read). */
  close?: boolean;
  headers?: string[];
}

/** A short plain-text error from NANO itself. Returns the body bytes sent. */
export function writeError(
  exchange: Exchange,
  status: number,
  message: string,
  options: ErrorResponseOptions = {},
): number {
  if (!exchange.open) return 0;
  exchange.answered = true;
  const { res } = exchange;
  const body = `${message}\n`;
  res.cork(() => {
    res.writeStatus(statusLine(status, ''));
    res.writeHeader('content-type', 'text/plain; charset=utf-8');
    const extra = options.headers ?? [];
    for (let index = 0; index < extra.length; index += 2) {
      res.writeHeader(extra[index] as string, extra[index + 1] as string);
    }
    res.end(body, options.close ?? closingConnections);
  });
  return Buffer.byteLength(body);
}
