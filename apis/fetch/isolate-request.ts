// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed (an explicit undefined counts).
/**
 * Request per Fetch §5.4 ("Request class"). URLs must be absolute (a Worker has no base URL), the
 * forbidden methods CONNECT, TRACE and TRACK are refused, and GET/HEAD requests cannot have a body.
 * Like Workers, a ReadableStream body needs no `duplex: 'half'` and no forbidden-header lists apply.
 * The signal is created on first use: most requests never look at it.
 */
import { AbortSignal, createAbortSignal } from '../abort/isolate.ts';
import type { Blob } from '../blob/isolate.ts';
import type { FormData } from '../form-data/isolate.ts';
import { URL } from '../url/isolate.ts';
import {
  type Body,
  cloneBody,
  extractBody,
  installBodyMixin,
  isBodyUnusable,
  moveBody,
} from './isolate-body.ts';
import type { ReadableStream } from './isolate-body-stream.ts';
import {
  appendInternalHeader,
  cloneHeaders,
  convertHeadersInit,
  copyHeaders,
  fillHeaders,
  Headers,
  headerValue,
} from './isolate-headers.ts';
import { isForbiddenMethod, isMethod, normalizeMethod } from './isolate-http.ts';
import {
  type Context,
  defineInterface,
  isObject,
  requireArguments,
  toByteString,
  toDictionary,
  toDOMString,
  toEnum,
  toUSVString,
  typeError,
} from './isolate-webidl.ts';

const REDIRECTS = ['follow', 'error', 'manual'] as const;
const MODES = ['navigate', 'same-origin', 'no-cors', 'cors'] as const;
const CREDENTIALS = ['omit', 'same-origin', 'include'] as const;
const CACHES = ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'] as const;
const REFERRER_POLICIES = [
  '',
  'no-referrer',
  'no-referrer-when-downgrade',
  'same-origin',
  'origin',
  'strict-origin',
  'origin-when-cross-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
] as const;
const DUPLEXES = ['half'] as const;
const PRIORITIES = ['high', 'low', 'auto'] as const;

const dependentSignal = AbortSignal.any.bind(AbortSignal);

/** Fetch's "request" concept: the parts of it a Worker can observe. */
interface RequestState {
  method: string;
  url: string;
  headers: Headers;
  body: Body | null;
  redirect: (typeof REDIRECTS)[number];
  mode: (typeof MODES)[number];
  credentials: (typeof CREDENTIALS)[number];
  cache: (typeof CACHES)[number];
  referrer: string;
  referrerPolicy: (typeof REFERRER_POLICIES)[number];
  integrity: string;
  keepalive: boolean;
  /** Created on first use of `signal`, following `parentSignal` when there is one. */
  signal: AbortSignal | null;
  parentSignal: AbortSignal | null;
}

function defaultState(url: string, headers: Headers): RequestState {
  return {
    method: 'GET',
    url,
    headers,
    body: null,
    redirect: 'follow',
    mode: 'cors',
    credentials: 'same-origin',
    cache: 'default',
    referrer: 'about:client',
    referrerPolicy: '',
    integrity: '',
    keepalive: false,
    signal: null,
    parentSignal: null,
  };
}

/** Set by `createRequest` just before `new Request()`. */
let prepared: RequestState | undefined;
let stateOf: (value: unknown, context: Context) => RequestState;
let isRequestObject: (value: object) => boolean;

export class Request {
  #state: RequestState;

  // The Body mixin (installBodyMixin) defines these on the prototype.
  declare readonly body: ReadableStream | null;
  declare readonly bodyUsed: boolean;
  declare arrayBuffer: () => Promise<ArrayBuffer>;
  declare blob: () => Promise<Blob>;
  declare bytes: () => Promise<Uint8Array>;
  declare formData: () => Promise<FormData>;
  declare json: () => Promise<unknown>;
  declare text: () => Promise<string>;

  constructor(input: unknown, init: unknown = undefined) {
    if (prepared) {
      this.#state = prepared;
      prepared = undefined;
      return;
    }
    const context = { interface: 'Request' };
    requireArguments(arguments.length, 1, context);
    this.#state = constructRequest(input, init, context);
  }

  get method(): string {
    return stateOf(this, { interface: 'Request', operation: 'method' }).method;
  }

  get url(): string {
    return stateOf(this, { interface: 'Request', operation: 'url' }).url;
  }

  get headers(): Headers {
    return stateOf(this, { interface: 'Request', operation: 'headers' }).headers;
  }

  get destination(): string {
    stateOf(this, { interface: 'Request', operation: 'destination' });
    return '';
  }

  get referrer(): string {
    return stateOf(this, { interface: 'Request', operation: 'referrer' }).referrer;
  }

  get referrerPolicy(): string {
    return stateOf(this, { interface: 'Request', operation: 'referrerPolicy' }).referrerPolicy;
  }

  get mode(): string {
    return stateOf(this, { interface: 'Request', operation: 'mode' }).mode;
  }

  get credentials(): string {
    return stateOf(this, { interface: 'Request', operation: 'credentials' }).credentials;
  }

  get cache(): string {
    return stateOf(this, { interface: 'Request', operation: 'cache' }).cache;
  }

  get redirect(): string {
    return stateOf(this, { interface: 'Request', operation: 'redirect' }).redirect;
  }

  get integrity(): string {
    return stateOf(this, { interface: 'Request', operation: 'integrity' }).integrity;
  }

  get keepalive(): boolean {
    return stateOf(this, { interface: 'Request', operation: 'keepalive' }).keepalive;
  }

  get isReloadNavigation(): boolean {
    stateOf(this, { interface: 'Request', operation: 'isReloadNavigation' });
    return false;
  }

  get isHistoryNavigation(): boolean {
    stateOf(this, { interface: 'Request', operation: 'isHistoryNavigation' });
    return false;
  }

  get signal(): AbortSignal {
    return signalOf(stateOf(this, { interface: 'Request', operation: 'signal' }));
  }

  get duplex(): string {
    stateOf(this, { interface: 'Request', operation: 'duplex' });
    return 'half';
  }

  clone(): Request {
    const context = { interface: 'Request', operation: 'clone' };
    const state = stateOf(this, context);
    if (isBodyUnusable(state.body)) throw typeError(context, 'Request body is already used');
    return createRequest({
      ...state,
      headers: cloneHeaders(state.headers),
      body: state.body === null ? null : cloneBody(state.body),
      signal: null,
      parentSignal: signalOf(state),
    });
  }

  static {
    stateOf = (value, context) => {
      if (!isObject(value) || !(#state in value)) throw typeError(context, 'Illegal invocation');
      return value.#state;
    };
    isRequestObject = (value) => #state in value;
  }
}

defineInterface(Request, 'Request');
installBodyMixin(Request, {
  body: (target, context) => stateOf(target, context).body,
  headers: (target) => stateOf(target, { interface: 'Request' }).headers,
});

function signalOf(state: RequestState): AbortSignal {
  state.signal ??= state.parentSignal === null ? createAbortSignal() : dependentSignal([state.parentSignal]);
  return state.signal;
}

/** A Request over a state the implementation built (incoming requests, clones). */
export function createRequest(state: RequestState): Request {
  prepared = state;
  return new Request(undefined);
}

/** The state an incoming request starts from: GET of `url` with `headers`, no body. */
export function incomingRequestState(url: string, headers: Headers): RequestState {
  return defaultState(url, headers);
}

/** RequestInit after Web IDL conversion (members in lexicographic order, as the dictionary is read). */
function convertRequestInit(init: unknown, context: Context) {
  const dictionary = toDictionary(init, context, 'RequestInit');
  const member = <T>(name: string, convert: (value: unknown) => T): T | undefined => {
    const value = dictionary[name];
    return value === undefined ? undefined : convert(value);
  };
  const enumMember = <T extends string>(name: string, values: readonly T[], type: string) =>
    member(name, (value) => toEnum(value, values, context, type));
  const converted = {
    body: member('body', (value) => value),
    cache: enumMember('cache', CACHES, 'RequestCache'),
    credentials: enumMember('credentials', CREDENTIALS, 'RequestCredentials'),
    duplex: enumMember('duplex', DUPLEXES, 'RequestDuplex'),
    headers: member('headers', (value) => convertHeadersInit(value, context)),
    integrity: member('integrity', toDOMString),
    keepalive: member('keepalive', Boolean),
    method: member('method', (value) => toByteString(value, context, 'method')),
    mode: enumMember('mode', MODES, 'RequestMode'),
    priority: enumMember('priority', PRIORITIES, 'RequestPriority'),
    redirect: enumMember('redirect', REDIRECTS, 'RequestRedirect'),
    referrer: member('referrer', toUSVString),
    referrerPolicy: enumMember('referrerPolicy', REFERRER_POLICIES, 'ReferrerPolicy'),
    signal: member('signal', (value) => {
      if (value !== null && !(value instanceof AbortSignal)) {
        throw typeError(context, "member signal is not of type 'AbortSignal'.");
      }
      return value;
    }),
    window: member('window', (value) => value),
  };
  const present = Object.values(converted).some((value) => value !== undefined);
  return { ...converted, present };
}

function parseURL(input: string, context: Context, what: string): URL {
  try {
    return new URL(input);
  } catch {
    throw typeError(context, `Invalid ${what}: "${input}" is not an absolute URL.`);
  }
}

/** Fetch "new Request(input, init)". */
function constructRequest(input: unknown, init: unknown, context: Context): RequestState {
  const inputState = isObject(input) && isRequestObject(input) ? stateOf(input, context) : null;
  const inputURL = inputState === null ? toUSVString(input) : null;
  const options = convertRequestInit(init, context);
  let state: RequestState;
  if (inputURL !== null) {
    const parsed = parseURL(inputURL, context, 'URL');
    if (parsed.username !== '' || parsed.password !== '') {
      throw typeError(
        context,
        `Request cannot be constructed from a URL that includes credentials: ${inputURL}`,
      );
    }
    state = defaultState(parsed.href, new Headers());
  } else {
    state = { ...(inputState as RequestState), headers: new Headers(), signal: null, parentSignal: null };
  }
  const inputSignal = inputState === null ? null : signalOf(inputState);
  if (options.window !== undefined && options.window !== null) {
    throw typeError(context, "The 'window' member of RequestInit can only be null.");
  }
  if (options.present) {
    state.referrer = 'about:client';
    state.referrerPolicy = '';
  }
  if (options.referrer !== undefined) {
    if (options.referrer === '') state.referrer = '';
    else {
      const referrer = parseURL(options.referrer, context, 'referrer').href;
      state.referrer = referrer === 'about:client' ? 'about:client' : referrer;
    }
  }
  if (options.referrerPolicy !== undefined) state.referrerPolicy = options.referrerPolicy;
  if (options.mode === 'navigate') {
    throw typeError(context, "Cannot construct a Request whose mode is 'navigate'.");
  }
  if (options.mode !== undefined) state.mode = options.mode;
  if (options.credentials !== undefined) state.credentials = options.credentials;
  if (options.cache !== undefined) state.cache = options.cache;
  if (state.cache === 'only-if-cached' && state.mode !== 'same-origin') {
    throw typeError(context, "'only-if-cached' can be set only with 'same-origin' mode");
  }
  if (options.redirect !== undefined) state.redirect = options.redirect;
  if (options.integrity !== undefined) state.integrity = options.integrity;
  if (options.keepalive !== undefined) state.keepalive = options.keepalive;
  if (options.method !== undefined) {
    if (!isMethod(options.method)) {
      throw typeError(context, `'${options.method}' is not a valid HTTP method.`);
    }
    if (isForbiddenMethod(options.method)) {
      throw typeError(context, `'${options.method}' HTTP method is unsupported.`);
    }
    state.method = normalizeMethod(options.method);
  }
  state.parentSignal = options.signal !== undefined ? options.signal : inputSignal;
  if (options.headers !== undefined) fillHeaders(state.headers, options.headers, context);
  else if (inputState !== null) state.headers = copyHeaders(inputState.headers);

  const inputBody = inputState === null ? null : inputState.body;
  const hasInitBody = options.body !== undefined && options.body !== null;
  if ((hasInitBody || inputBody !== null) && (state.method === 'GET' || state.method === 'HEAD')) {
    throw typeError(context, 'Request with GET/HEAD method cannot have body.');
  }
  if (hasInitBody) {
    const { body, type } = extractBody(options.body, context, state.keepalive);
    state.body = body;
    if (type !== null && headerValue(state.headers, 'content-type') === null) {
      appendInternalHeader(state.headers, 'Content-Type', type);
    }
  } else if (inputBody !== null) {
    if (isBodyUnusable(inputBody)) {
      throw typeError(context, 'Cannot construct a Request from a Request whose body is already used.');
    }
    state.body = moveBody(inputBody);
  }
  return state;
}

/** The parts of a request the host bridge and (later) outbound fetch read. */
export function requestState(request: Request): Readonly<RequestState> {
  return stateOf(request, { interface: 'Request' });
}
