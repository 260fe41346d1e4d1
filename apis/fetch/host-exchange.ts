/**
 * One subrequest on Node's HTTP client: the request goes out (its body whole, or chunk by chunk as the
 * isolate uploads it), the head comes back, and the body is read one chunk per `read()`: between reads
 * the response is paused, so the socket's buffer is all that is held (bounded buffering both ways).
 * Redirects are not followed here (the isolate does it, hop by hop).
 */
import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FetchedHead } from './bridge.ts';
import { agents, literalRefusal } from './host-connect.ts';

export interface ExchangeOptions {
  method: string;
  url: URL;
  headers: string[];
  /** Time for the response head, and for each body chunk once it is asked for. */
  timeoutMs: number;
  /** Runs once when the exchange is over (finished, failed or cancelled): frees its connection slot. */
  onClose(): void;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** A failure the tenant sees: a TypeError, as browsers' fetch rejects with. */
function fetchFailed(message: string): TypeError {
  return new TypeError(message.startsWith('fetch failed') ? message : `fetch failed: ${message}`);
}

function exactBuffer(chunk: Buffer): ArrayBuffer {
  return chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength
    ? (chunk.buffer as ArrayBuffer)
    : (chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength) as ArrayBuffer);
}

/**
 * Headers the connection owns, not the tenant: Host comes from the URL (as in Workers, so a proxy that
 * forwards `request.headers` still names the upstream), framing from the body, and hop-by-hop fields
 * (RFC 9110 §7.6.1) could switch protocols or desynchronise the kept connection.
 */
const CONNECTION_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
]);

/**
 * The header list sent: the tenant's, minus the connection's own, plus Host and framing (Node adds
 * neither when headers are a flat list). Fetch §4.5 "HTTP-network-or-cache fetch" sends a length for a
 * known body and `Content-Length: 0` for a bodiless POST or PUT; a streamed body goes chunked.
 */
function wireHeaders(
  url: URL,
  method: string,
  headers: readonly string[],
  body: Uint8Array | null | undefined,
): string[] {
  const wire = ['Host', url.host];
  for (let index = 0; index + 1 < headers.length; index += 2) {
    const name = headers[index] as string;
    if (!CONNECTION_HEADERS.has(name.toLowerCase())) wire.push(name, headers[index + 1] as string);
  }
  if (body === undefined) wire.push('Transfer-Encoding', 'chunked');
  else if (body !== null) wire.push('Content-Length', String(body.byteLength));
  else if (method === 'POST' || method === 'PUT') wire.push('Content-Length', '0');
  return wire;
}

export class Exchange {
  readonly #options: ExchangeOptions;
  readonly #target: string;
  #request: ClientRequest | undefined;
  #response: IncomingMessage | undefined;
  #failure: Error | undefined;
  #ended = false;
  #closed = false;
  #rejectHead: ((error: Error) => void) | undefined;
  #waiter: { resolve(chunk: ArrayBuffer | null): void; reject(error: Error): void } | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: ExchangeOptions) {
    this.#options = options;
    const { url } = options;
    this.#target = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  }

  /** Sends the request; resolves with the response head. `body` undefined: it will be uploaded. */
  start(body: Uint8Array | null | undefined): Promise<FetchedHead> {
    const { url, method, headers } = this.#options;
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const refused = literalRefusal(url.hostname, port);
    if (refused !== null) return this.#fail(fetchFailed(refused));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return this.#fail(fetchFailed(`unsupported URL scheme "${url.protocol}"`));
    }
    const { promise, resolve, reject } = Promise.withResolvers<FetchedHead>();
    this.#rejectHead = reject;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send({
      agent: agents[url.protocol],
      method,
      host: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port,
      path: `${url.pathname}${url.search}`,
      headers: wireHeaders(url, method, headers, body),
    });
    this.#request = request;
    this.#arm(() => `no response from ${this.#target} within ${this.#options.timeoutMs / 1000} s`);
    request.on('error', (error) => this.#close(fetchFailed(error.message)));
    request.on('response', (response) => {
      this.#disarm();
      this.#rejectHead = undefined;
      this.#response = response;
      const hasBody = method !== 'HEAD' && !NULL_BODY_STATUSES.has(response.statusCode ?? 0);
      response.on('readable', () => this.#deliver());
      response.on('end', () => {
        this.#ended = true;
        this.#deliver();
        this.#close(undefined);
      });
      response.on('error', (error) => this.#close(fetchFailed(error.message)));
      response.on('aborted', () =>
        this.#close(fetchFailed(`${this.#target} closed the connection mid-body`)),
      );
      if (!hasBody) response.resume();
      resolve({
        status: response.statusCode ?? 0,
        statusText: response.statusMessage ?? '',
        headers: response.rawHeaders,
        hasBody,
      });
    });
    if (body !== undefined) request.end(body === null ? undefined : body);
    return promise;
  }

  /** Writes a chunk of an uploaded body (null ends it); resolves once Node has flushed it. */
  upload(chunk: Uint8Array | null): Promise<void> {
    const request = this.#request;
    if (request === undefined || this.#failure !== undefined) {
      return Promise.reject(this.#failure ?? fetchFailed('the request was not started'));
    }
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    const done = (error?: Error | null) => (error ? reject(fetchFailed(error.message)) : resolve());
    if (chunk === null) request.end(done);
    else request.write(chunk, done);
    return promise;
  }

  /** The next body chunk, or null at the end. */
  read(): Promise<ArrayBuffer | null> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#waiter !== undefined) return Promise.reject(fetchFailed('the body is already being read'));
    const { promise, resolve, reject } = Promise.withResolvers<ArrayBuffer | null>();
    this.#waiter = { resolve, reject };
    this.#deliver();
    if (this.#waiter !== undefined) {
      this.#arm(() => `${this.#target} sent nothing for ${this.#options.timeoutMs / 1000} s`);
    }
    return promise;
  }

  /** Abandons the exchange: the socket is destroyed (never reused), pending work fails. */
  cancel(): void {
    this.#close(fetchFailed('the subrequest was cancelled'));
  }

  #deliver(): void {
    const waiter = this.#waiter;
    const response = this.#response;
    if (waiter === undefined || response === undefined) return;
    const chunk = response.read() as Buffer | null;
    if (chunk === null && !this.#ended) return;
    this.#waiter = undefined;
    this.#disarm();
    waiter.resolve(chunk === null ? null : exactBuffer(chunk));
  }

  #arm(describe: () => string): void {
    this.#disarm();
    this.#timer = setTimeout(() => this.#close(fetchFailed(describe())), this.#options.timeoutMs);
  }

  #disarm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #fail(error: Error): Promise<never> {
    this.#close(error);
    return Promise.reject(error);
  }

  /** Ends the exchange once; `failure` undefined means it finished normally. */
  #close(failure: Error | undefined): void {
    if (failure !== undefined && this.#failure === undefined && !this.#ended) {
      this.#failure = failure;
      this.#rejectHead?.(failure);
      this.#waiter?.reject(failure);
      this.#waiter = undefined;
      this.#request?.destroy();
      this.#response?.destroy();
    }
    this.#disarm();
    if (this.#closed) return;
    if (failure === undefined && !this.#ended) return;
    this.#closed = true;
    this.#options.onClose();
  }
}
