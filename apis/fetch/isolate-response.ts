// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed (an explicit undefined counts).
/**
 * Response per Fetch §5.5 ("Response class"): status 200–599 for constructed responses, null-body
 * statuses refuse a body, statusText must be a reason-phrase; `Response.error()`, `Response.redirect()`
 * and `Response.json()`. Responses from `error()` and `redirect()` have immutable headers.
 */

import type { Blob } from '../blob/isolate.ts';
import { utf8Encode } from '../encoding/isolate.ts';
import type { FormData } from '../form-data/isolate.ts';
import { URL } from '../url/isolate.ts';
import {
  type Body,
  bodyFromBytes,
  cloneBody,
  extractBody,
  installBodyMixin,
  isBodyUnusable,
} from './isolate-body.ts';
import type { ReadableStream } from './isolate-body-stream.ts';
import {
  appendInternalHeader,
  cloneHeaders,
  convertHeadersInit,
  fillHeaders,
  Headers,
  headerValue,
  setHeadersGuard,
} from './isolate-headers.ts';
import { isNullBodyStatus, isReasonPhrase, isRedirectStatus } from './isolate-http.ts';
import {
  type Context,
  defineInterface,
  isObject,
  requireArguments,
  toByteString,
  toDictionary,
  toUnsignedShort,
  toUSVString,
  typeError,
} from './isolate-webidl.ts';

type ResponseType = 'basic' | 'cors' | 'default' | 'error' | 'opaque' | 'opaqueredirect';

/** Fetch's "response" concept: the parts of it a Worker can observe. */
interface ResponseState {
  type: ResponseType;
  status: number;
  statusText: string;
  headers: Headers;
  body: Body | null;
  urlList: string[];
}

/** A new response: 200, no headers, no body. */
function newResponseState(): ResponseState {
  return { type: 'default', status: 200, statusText: '', headers: new Headers(), body: null, urlList: [] };
}

/** Set by `createResponse` just before `new Response()`. */
let prepared: ResponseState | undefined;
let stateOf: (value: unknown, context: Context) => ResponseState;
let isResponseObject: (value: object) => boolean;

export class Response {
  #state: ResponseState;

  // The Body mixin (installBodyMixin) defines these on the prototype.
  declare readonly body: ReadableStream | null;
  declare readonly bodyUsed: boolean;
  declare arrayBuffer: () => Promise<ArrayBuffer>;
  declare blob: () => Promise<Blob>;
  declare bytes: () => Promise<Uint8Array>;
  declare formData: () => Promise<FormData>;
  declare json: () => Promise<unknown>;
  declare text: () => Promise<string>;

  constructor(body: unknown = null, init: unknown = undefined) {
    if (prepared) {
      this.#state = prepared;
      prepared = undefined;
      return;
    }
    const context = { interface: 'Response' };
    const options = convertResponseInit(init, context);
    const extracted = body === null || body === undefined ? null : extractBody(body, context);
    this.#state = newResponseState();
    initializeResponse(this.#state, options, extracted, context);
  }

  static error(): Response {
    const headers = new Headers();
    setHeadersGuard(headers, 'immutable');
    return createResponse({ type: 'error', status: 0, statusText: '', headers, body: null, urlList: [] });
  }

  static redirect(url: unknown, status: unknown = 302): Response {
    const context = { interface: 'Response', operation: 'redirect' };
    requireArguments(arguments.length, 1, context);
    const href = toUSVString(url);
    let parsed: URL;
    try {
      parsed = new URL(href);
    } catch {
      throw typeError(context, `Invalid URL: "${href}" is not an absolute URL.`);
    }
    const code = toUnsignedShort(status);
    if (!isRedirectStatus(code))
      throw new RangeError(`Failed to execute 'redirect' on 'Response': Invalid status code ${code}`);
    const headers = new Headers();
    appendInternalHeader(headers, 'Location', parsed.href);
    setHeadersGuard(headers, 'immutable');
    return createResponse({
      type: 'default',
      status: code,
      statusText: '',
      headers,
      body: null,
      urlList: [],
    });
  }

  static json(data: unknown, init: unknown = undefined): Response {
    const context = { interface: 'Response', operation: 'json' };
    requireArguments(arguments.length, 1, context);
    const options = convertResponseInit(init, context);
    const json = JSON.stringify(data);
    if (json === undefined) throw typeError(context, 'The data is not JSON-serializable.');
    const state = newResponseState();
    initializeResponse(
      state,
      options,
      { body: bodyFromBytes(utf8Encode(json)), type: 'application/json' },
      context,
    );
    return createResponse(state);
  }

  get type(): ResponseType {
    return stateOf(this, { interface: 'Response', operation: 'type' }).type;
  }

  get url(): string {
    const { urlList } = stateOf(this, { interface: 'Response', operation: 'url' });
    return (urlList[urlList.length - 1] ?? '').replace(/#.*$/s, '');
  }

  get redirected(): boolean {
    return stateOf(this, { interface: 'Response', operation: 'redirected' }).urlList.length > 1;
  }

  get status(): number {
    return stateOf(this, { interface: 'Response', operation: 'status' }).status;
  }

  get ok(): boolean {
    const { status } = stateOf(this, { interface: 'Response', operation: 'ok' });
    return status >= 200 && status <= 299;
  }

  get statusText(): string {
    return stateOf(this, { interface: 'Response', operation: 'statusText' }).statusText;
  }

  get headers(): Headers {
    return stateOf(this, { interface: 'Response', operation: 'headers' }).headers;
  }

  clone(): Response {
    const context = { interface: 'Response', operation: 'clone' };
    const state = stateOf(this, context);
    if (isBodyUnusable(state.body)) throw typeError(context, 'Response body is already used');
    return createResponse({
      ...state,
      headers: cloneHeaders(state.headers),
      body: state.body === null ? null : cloneBody(state.body),
      urlList: [...state.urlList],
    });
  }

  static {
    stateOf = (value, context) => {
      if (!isObject(value) || !(#state in value)) throw typeError(context, 'Illegal invocation');
      return value.#state;
    };
    isResponseObject = (value) => #state in value;
  }
}

defineInterface(Response, 'Response');
installBodyMixin(Response, {
  body: (target, context) => stateOf(target, context).body,
  headers: (target) => stateOf(target, { interface: 'Response' }).headers,
});

interface ResponseInit {
  headers: [string, string][] | undefined;
  status: number;
  statusText: string;
}

/** ResponseInit after Web IDL conversion (members in lexicographic order). */
function convertResponseInit(init: unknown, context: Context): ResponseInit {
  const dictionary = toDictionary(init, context, 'ResponseInit');
  const headers =
    dictionary.headers === undefined ? undefined : convertHeadersInit(dictionary.headers, context);
  const status = dictionary.status === undefined ? 200 : toUnsignedShort(dictionary.status);
  const statusText =
    dictionary.statusText === undefined ? '' : toByteString(dictionary.statusText, context, 'statusText');
  return { headers, status, statusText };
}

/** Fetch "initialize a response". */
function initializeResponse(
  state: ResponseState,
  init: ResponseInit,
  body: { body: Body; type: string | null } | null,
  context: Context,
): void {
  if (init.status < 200 || init.status > 599) {
    throw new RangeError(
      `${context.operation === undefined ? "Failed to construct 'Response'" : `Failed to execute '${context.operation}' on 'Response'`}: The status provided (${init.status}) is outside the range [200, 599].`,
    );
  }
  if (!isReasonPhrase(init.statusText)) throw typeError(context, `Invalid statusText: "${init.statusText}"`);
  state.status = init.status;
  state.statusText = init.statusText;
  if (init.headers !== undefined) fillHeaders(state.headers, init.headers, context);
  if (body === null) return;
  if (isNullBodyStatus(state.status)) {
    throw typeError(context, `Response with null body status (${state.status}) cannot have body`);
  }
  state.body = body.body;
  if (body.type !== null && headerValue(state.headers, 'content-type') === null) {
    appendInternalHeader(state.headers, 'Content-Type', body.type);
  }
}

/** A Response over a state the implementation built. */
export function createResponse(state: ResponseState): Response {
  prepared = state;
  return new Response();
}

/** The parts of a response the host bridge and (later) outbound fetch read. */
export function responseState(response: Response): Readonly<ResponseState> {
  return stateOf(response, { interface: 'Response' });
}

export function isResponse(value: unknown): value is Response {
  return isObject(value) && isResponseObject(value);
}
