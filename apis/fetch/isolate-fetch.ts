// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed.
/**
 * The `fetch()` function (Fetch §5.6 and §4 "Fetching", as far as a Worker can observe it): data: URLs
 * are answered here, http(s) goes to the host one hop at a time and redirects are followed here
 * (§4.4 "HTTP-redirect fetch"). Like Workers, `redirect: 'manual'` gives the 3xx response itself (with
 * its Location), not an opaque-redirect. Failures are TypeErrors ("fetch failed: …"); an aborted fetch
 * rejects with the signal's reason, and aborting later errors the response body.
 */
import { abortReason, addAbortAlgorithm, isAborted } from '../abort/isolate.ts';
import type { IsolateScope } from '../isolate-scope.ts';
import { hostOperation } from '../runtime/isolate.ts';
import { URL } from '../url/isolate.ts';
import type { FetchedHead, FetchOps } from './bridge.ts';
import { Body, bodyFromBytes } from './isolate-body.ts';
import { processDataURL } from './isolate-data-url.ts';
import { type OutgoingBody, pumpUpload, responseBodyStream, takeOutgoingBody } from './isolate-fetch-body.ts';
import { flattenHeaders, headersFromFlatList } from './isolate-headers.ts';
import { Request, requestState } from './isolate-request.ts';
import { createResponse, type Response } from './isolate-response.ts';

let ops: FetchOps;

/** Fetch §4.4: more redirects than this is a network error. */
const REDIRECT_LIMIT = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Fetch §2.2.2 "request-body-header name": dropped when a redirect turns the request into a GET. */
const REQUEST_BODY_HEADERS = new Set([
  'content-encoding',
  'content-language',
  'content-location',
  'content-type',
  'content-length',
]);

function fetchFailed(message: string): TypeError {
  return new TypeError(`fetch failed: ${message}`);
}

/** The mutable parts of the request as it travels through redirects. */
interface Hop {
  method: string;
  url: string;
  headers: string[];
  body: OutgoingBody;
}

/** Per-fetch state an abort reaches: the exchange under way and the response body's controller. */
interface Controls {
  exchange: number;
  stopUpload: ((reason: unknown) => void) | null;
  bodyController: { error(reason?: unknown): void } | null;
  finished: boolean;
}

function headerOf(flat: readonly string[], lowerName: string): string | null {
  for (let index = 0; index + 1 < flat.length; index += 2) {
    if ((flat[index] as string).toLowerCase() === lowerName) return flat[index + 1] as string;
  }
  return null;
}

function withoutHeaders(flat: readonly string[], drop: (lowerName: string) => boolean): string[] {
  const kept: string[] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) {
    const name = flat[index] as string;
    if (!drop(name.toLowerCase())) kept.push(name, flat[index + 1] as string);
  }
  return kept;
}

function dataURLResponse(url: string): Response {
  const data = processDataURL(url);
  if (data === null)
    throw fetchFailed(`invalid data: URL "${url.length > 60 ? `${url.slice(0, 60)}…` : url}"`);
  return createResponse({
    type: 'default',
    status: 200,
    statusText: 'OK',
    headers: headersFromFlatList(['Content-Type', data.mimeType], 'immutable'),
    body: bodyFromBytes(data.body),
    urlList: [url],
  });
}

/** Sends one hop; resolves with its exchange id and response head. */
function sendHop(hop: Hop, controls: Controls, fail: (error: unknown) => void): Promise<FetchedHead> {
  const streamed = hop.body.kind === 'stream';
  let exchange = 0;
  const head = hostOperation<FetchedHead>((id) => {
    exchange = id;
    ops.op_fetch_start(
      id,
      hop.method,
      hop.url,
      hop.headers,
      hop.body.kind === 'bytes' ? hop.body.bytes : null,
      streamed,
    );
  });
  controls.exchange = exchange;
  if (hop.body.kind === 'stream') controls.stopUpload = pumpUpload(ops, exchange, hop.body.stream, fail);
  return head;
}

/**
 * §4.4 "HTTP-redirect fetch": the next hop for a redirect response, or a TypeError. `status` and
 * `location` come from the response; the hop is changed in place.
 */
function followRedirect(hop: Hop, status: number, location: string, redirects: number): void {
  let next: URL;
  try {
    next = new URL(location, hop.url);
  } catch {
    throw fetchFailed(`the redirect's Location "${location}" is not a valid URL`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw fetchFailed(`redirected to a URL whose scheme is not HTTP(S): ${next.href}`);
  }
  if (redirects >= REDIRECT_LIMIT)
    throw fetchFailed(`more than ${REDIRECT_LIMIT} redirects (last to ${next.href})`);
  if (status !== 303 && hop.body.kind === 'stream') {
    throw fetchFailed(
      `cannot follow a ${status} redirect with a ReadableStream request body (it cannot be sent twice)`,
    );
  }
  if (
    ((status === 301 || status === 302) && hop.method === 'POST') ||
    (status === 303 && hop.method !== 'GET' && hop.method !== 'HEAD')
  ) {
    hop.method = 'GET';
    hop.body = { kind: 'none' };
    hop.headers = withoutHeaders(hop.headers, (name) => REQUEST_BODY_HEADERS.has(name));
  }
  if (new URL(hop.url).origin !== next.origin) {
    // §4.4 step 13: Authorization does not follow a redirect to another origin.
    hop.headers = withoutHeaders(hop.headers, (name) => name === 'authorization');
  }
  hop.url = next.href;
}

async function networkFetch(
  request: Request,
  controls: Controls,
  fail: (error: unknown) => void,
  onBodySettled: () => void,
): Promise<Response> {
  const state = requestState(request);
  const headers = flattenHeaders(state.headers);
  // §4.1 "fetch" step 11: a request without Accept gets `Accept: */*`.
  if (headerOf(headers, 'accept') === null) headers.push('Accept', '*/*');
  const hop: Hop = {
    method: state.method,
    url: state.url,
    headers,
    body: await takeOutgoingBody(state.body),
  };
  const urlList = [state.url];
  for (let redirects = 0; ; redirects++) {
    const head = await sendHop(hop, controls, fail);
    const exchange = controls.exchange;
    const location = REDIRECT_STATUSES.has(head.status) ? headerOf(head.headers, 'location') : null;
    if (location !== null && state.redirect !== 'manual') {
      ops.op_fetch_cancel(exchange);
      if (state.redirect === 'error') {
        throw fetchFailed(
          `redirect mode is "error" and ${hop.url} answered ${head.status} (Location: ${location})`,
        );
      }
      followRedirect(hop, head.status, location, redirects);
      urlList.push(hop.url);
      continue;
    }
    const body = head.hasBody
      ? new Body(
          null,
          responseBodyStream(ops, exchange, onBodySettled, (controller) => {
            controls.bodyController = controller;
          }),
        )
      : null;
    if (body === null) onBodySettled();
    return createResponse({
      type: 'default',
      status: head.status,
      statusText: head.statusText,
      headers: headersFromFlatList(head.headers, 'immutable'),
      body,
      urlList,
    });
  }
}

export function fetch(input: unknown, init: unknown = undefined): Promise<Response> {
  if (arguments.length === 0) {
    return Promise.reject(
      new TypeError("Failed to execute 'fetch': 1 argument required, but only 0 present."),
    );
  }
  let request: Request;
  try {
    request = new Request(input, init);
  } catch (error) {
    return Promise.reject(error);
  }
  const signal = request.signal;
  const state = requestState(request);
  if (isAborted(signal)) {
    state.body?.stream?.cancel(abortReason(signal)).catch(() => {});
    return Promise.reject(abortReason(signal));
  }
  const scheme = new URL(state.url).protocol;
  if (scheme === 'data:') {
    try {
      return Promise.resolve(dataURLResponse(state.url));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  if (scheme !== 'http:' && scheme !== 'https:') {
    return Promise.reject(
      fetchFailed(`unsupported URL scheme "${scheme}" (only http:, https: and data: are fetched)`),
    );
  }
  const { promise, resolve, reject } = Promise.withResolvers<Response>();
  const controls: Controls = { exchange: 0, stopUpload: null, bodyController: null, finished: false };
  const removeAbort = addAbortAlgorithm(signal, () => {
    const reason = abortReason(signal);
    reject(reason);
    controls.stopUpload?.(reason);
    if (controls.exchange !== 0) ops.op_fetch_cancel(controls.exchange);
    controls.bodyController?.error(reason);
  });
  const settled = () => {
    if (controls.finished) return;
    controls.finished = true;
    removeAbort();
  };
  networkFetch(request, controls, reject, settled).then(resolve, (error: unknown) => {
    settled();
    reject(error);
  });
  return promise;
}

export function installFetch(scope: IsolateScope): void {
  ops = scope.ops;
  scope.defineGlobal('fetch', fetch);
}
