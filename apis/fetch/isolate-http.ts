/**
 * HTTP syntax that Fetch relies on (Fetch §2.2 "HTTP"): tokens, header names and values, methods,
 * status classes, and the whitespace sets of Fetch and Infra.
 */

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A header value after normalisation: no NUL, CR or LF anywhere (leading/trailing whitespace is already gone). */
const INVALID_HEADER_VALUE = /[\0\r\n]/;
const LEADING_HTTP_WHITESPACE = /^[\t\n\r ]+/;
const TRAILING_HTTP_WHITESPACE = /[\t\n\r ]+$/;

/** A header name is a token (RFC 9110 §5.1). */
export function isHeaderName(name: string): boolean {
  return TOKEN.test(name);
}

export function isHeaderValue(value: string): boolean {
  return !INVALID_HEADER_VALUE.test(value);
}

/** Fetch "normalize" a byte sequence: strip leading and trailing HTTP whitespace bytes. */
export function normalizeHeaderValue(value: string): string {
  if (value === '') return value;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (!isHttpWhitespace(first) && !isHttpWhitespace(last)) return value;
  return value.replace(LEADING_HTTP_WHITESPACE, '').replace(TRAILING_HTTP_WHITESPACE, '');
}

function isHttpWhitespace(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0d || code === 0x20;
}

export function isMethod(method: string): boolean {
  return TOKEN.test(method);
}

const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/** Fetch "forbidden method": CONNECT, TRACE and TRACK, byte-case-insensitively. */
export function isForbiddenMethod(method: string): boolean {
  return FORBIDDEN_METHODS.has(method.toUpperCase());
}

/** Fetch "normalize" a method: only the six standard methods are upper-cased. */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

/** Fetch "null body status": 101, 103, 204, 205, 304. */
export function isNullBodyStatus(status: number): boolean {
  return status === 101 || status === 103 || status === 204 || status === 205 || status === 304;
}

export function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** RFC 9112 reason-phrase: HTAB, SP, VCHAR and obs-text. */
export function isReasonPhrase(text: string): boolean {
  return /^[\t\x20-\x7E\x80-\xFF]*$/.test(text);
}
