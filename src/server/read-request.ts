/**
 * Reading a request from uWS. The HttpRequest is only valid during the synchronous route handler, so
 * method, target and headers are copied at once; the body then arrives through `onData` (chunks must be
 * copied: uWS reuses the memory after each callback). The framing checks uWS 20.57 leaves to the app
 * (reliability notes, scenario 15) are made here, while the headers are copied:
 *   - two Content-Length fields that disagree → 400 (RFC 9112 §6.3 item 5: unrecoverable framing error);
 *   - a Transfer-Encoding other than `chunked` → 501 (RFC 9112 §6.1: a coding the server does not know);
 *   - a Host that is not `host[:port]` → 400 (RFC 9112 §3.2: an invalid field value; uWS itself answers
 *     a missing Host with 400). The app's `request.url` is built from it, so it must parse as a URL.
 * A body over the limit → 413 with `Connection: close`: before reading a byte when Content-Length says
 * so, otherwise as soon as the count passes the limit, so the rest is never buffered.
 */
import type { HttpRequest, HttpResponse } from 'uWebSockets.js';
import { Exchange, type IncomingRequest } from './exchange.ts';
import { writeError } from './write-response.ts';

/** RFC 3986 `host [ ":" port ]`: an IP literal or a reg-name (no userinfo, no path). */
const VALID_HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(?::\d{0,5})?$/;

export interface RequestLimits {
  maxBodyBytes: number;
  /** Longest request target (path and query) before 414 URI Too Long (RFC 9110 §15.5.15). */
  maxUrlLength?: number;
  /** Read the client's address (only the apache log format shows it). */
  captureRemoteAddress: boolean;
}

export interface RequestSink {
  /** Receives each request once its body is complete. */
  deliver(exchange: Exchange, request: IncomingRequest): void;
  /** A bug in NANO while reading: the client got a 500; this gets the error for the log. */
  reportError(error: unknown): void;
}

function tooLarge(exchange: Exchange, limits: RequestLimits): void {
  writeError(exchange, 413, `Payload Too Large: the request body exceeds ${limits.maxBodyBytes} bytes`, {
    close: true,
  });
}

/** Reads a body whose size Content-Length announced: one buffer of the right size, no concatenation. */
function readKnownLength(exchange: Exchange, length: number, done: (body: ArrayBuffer) => void): void {
  const body = new Uint8Array(length);
  let offset = 0;
  exchange.res.onData((chunk, isLast) => {
    // uWS frames the body by Content-Length, so this only guards against a parser bug.
    if (offset + chunk.byteLength > length) {
      writeError(exchange, 400, 'Bad Request: the body is longer than its Content-Length', { close: true });
      return;
    }
    body.set(new Uint8Array(chunk), offset);
    offset += chunk.byteLength;
    if (isLast) done(body.buffer);
  });
}

/** Reads a chunked body, counting against the limit as it arrives. */
function readChunked(exchange: Exchange, limits: RequestLimits, done: (body: ArrayBuffer) => void): void {
  const chunks: ArrayBuffer[] = [];
  let total = 0;
  exchange.res.onData((chunk, isLast) => {
    if (!exchange.open) return;
    total += chunk.byteLength;
    if (total > limits.maxBodyBytes) {
      chunks.length = 0;
      tooLarge(exchange, limits);
      return;
    }
    chunks.push(chunk.slice(0));
    if (!isLast) return;
    const body = new Uint8Array(total);
    let offset = 0;
    for (const part of chunks) {
      body.set(new Uint8Array(part), offset);
      offset += part.byteLength;
    }
    done(body.buffer);
  });
}

/**
 * Handles one request on the route. Never throws: a failure becomes a 500 for the client and a report
 * for the log (an exception escaping a uWS handler can end the process).
 */
export function readRequest(
  res: HttpResponse,
  req: HttpRequest,
  limits: RequestLimits,
  sink: RequestSink,
): void {
  const exchange = new Exchange(res);
  try {
    const method = req.getCaseSensitiveMethod();
    const query = req.getQuery();
    const path = query ? `${req.getUrl()}?${query}` : req.getUrl();
    if (limits.maxUrlLength !== undefined && path.length > limits.maxUrlLength) {
      writeError(exchange, 414, `URI Too Long: the request target exceeds ${limits.maxUrlLength} bytes`, {
        close: true,
      });
      return;
    }
    const headers: string[] = [];
    let host = '';
    let contentLength: string | undefined;
    let conflictingLengths = false;
    let transferEncoding: string | undefined;
    req.forEach((name, value) => {
      headers.push(name, value);
      if (name === 'host') host = value;
      else if (name === 'content-length') {
        if (contentLength !== undefined && contentLength !== value) conflictingLengths = true;
        contentLength = value;
      } else if (name === 'transfer-encoding') {
        transferEncoding = transferEncoding === undefined ? value : `${transferEncoding}, ${value}`;
      }
    });
    if (!VALID_HOST.test(host)) {
      writeError(exchange, 400, 'Bad Request: invalid Host header', { close: true });
      return;
    }
    if (conflictingLengths) {
      writeError(exchange, 400, 'Bad Request: conflicting Content-Length headers', { close: true });
      return;
    }
    if (transferEncoding !== undefined && transferEncoding.trim().toLowerCase() !== 'chunked') {
      writeError(exchange, 501, `Not Implemented: Transfer-Encoding "${transferEncoding}" is not supported`, {
        close: true,
      });
      return;
    }
    const request: IncomingRequest = {
      method,
      url: `http://${host}${path}`,
      path,
      headers,
      body: null,
      remoteAddress: limits.captureRemoteAddress ? Buffer.from(res.getRemoteAddressAsText()).toString() : '',
      app: '',
    };
    const declared = contentLength === undefined ? undefined : Number(contentLength);
    if (declared !== undefined && declared > limits.maxBodyBytes) {
      tooLarge(exchange, limits);
      return;
    }
    const done = (body: ArrayBuffer) => {
      if (!exchange.open) return;
      request.body = body;
      sink.deliver(exchange, request);
    };
    if (transferEncoding !== undefined) readChunked(exchange, limits, done);
    else if (declared !== undefined && declared > 0) readKnownLength(exchange, declared, done);
    else sink.deliver(exchange, request);
  } catch (error) {
    writeError(exchange, 500, 'Internal Server Error', { close: true });
    sink.reportError(error);
  }
}
