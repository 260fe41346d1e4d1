// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed (an explicit undefined counts).
/**
 * Headers per Fetch §5.2 ("Headers class") over a header list (§2.2.2): names compare
 * case-insensitively, `get` combines values with ", ", iteration is "sort and combine" with
 * `set-cookie` values kept apart, and `getSetCookie` returns them one by one.
 * Guards: like Workers, NANO applies no forbidden-header-name lists, so the "request" and "response"
 * guards of the spec behave as "none"; only "immutable" (incoming requests, Response.error/redirect)
 * refuses changes.
 */
import { isHeaderName, isHeaderValue, normalizeHeaderValue } from './isolate-http.ts';
import { definePairIterable } from './isolate-pair-iterable.ts';
import {
  type Context,
  defineInterface,
  isObject,
  requireArguments,
  toByteString,
  toSequence,
  typeError,
} from './isolate-webidl.ts';

export type Guard = 'none' | 'immutable';

interface Header {
  /** As first appended (the header list keeps the case of the first header with a given name). */
  name: string;
  lower: string;
  value: string;
}

type Pairs = (readonly [string, string])[];

const SET_COOKIE = 'set-cookie';

let isHeaders: (value: object) => value is Headers;
let listOf: (headers: Headers) => Header[];
let guardOf: (headers: Headers) => Guard;
let setGuard: (headers: Headers, guard: Guard) => void;
let invalidate: (headers: Headers) => void;
let sortedOf: (headers: unknown, context: Context) => Pairs;

export class Headers {
  #list: Header[] = [];
  #guard: Guard = 'none';
  /** "Sort and combine" is recomputed only after a change: iterators call it on every step. */
  #sorted: Pairs | null = null;

  constructor(init: unknown = undefined) {
    if (init === undefined) return;
    const context = { interface: 'Headers' };
    fillHeaders(this, convertHeadersInit(init, context), context);
  }

  append(name: unknown, value: unknown): void {
    const context = { interface: 'Headers', operation: 'append' };
    const list = checkedList(this, context);
    requireArguments(arguments.length, 2, context);
    appendHeader(
      this,
      list,
      toByteString(name, context, 'name'),
      toByteString(value, context, 'value'),
      context,
    );
  }

  delete(name: unknown): void {
    const context = { interface: 'Headers', operation: 'delete' };
    const list = checkedList(this, context);
    requireArguments(arguments.length, 1, context);
    const lower = validName(toByteString(name, context, 'name'), context);
    checkMutable(this, context);
    let kept = 0;
    for (const header of list) if (header.lower !== lower) list[kept++] = header;
    if (kept === list.length) return;
    list.length = kept;
    invalidate(this);
  }

  get(name: unknown): string | null {
    const context = { interface: 'Headers', operation: 'get' };
    const list = checkedList(this, context);
    requireArguments(arguments.length, 1, context);
    return getHeader(list, validName(toByteString(name, context, 'name'), context));
  }

  getSetCookie(): string[] {
    const list = checkedList(this, { interface: 'Headers', operation: 'getSetCookie' });
    const values: string[] = [];
    for (const header of list) if (header.lower === SET_COOKIE) values.push(header.value);
    return values;
  }

  has(name: unknown): boolean {
    const context = { interface: 'Headers', operation: 'has' };
    const list = checkedList(this, context);
    requireArguments(arguments.length, 1, context);
    const lower = validName(toByteString(name, context, 'name'), context);
    return list.some((header) => header.lower === lower);
  }

  set(name: unknown, value: unknown): void {
    const context = { interface: 'Headers', operation: 'set' };
    const list = checkedList(this, context);
    requireArguments(arguments.length, 2, context);
    const byteName = toByteString(name, context, 'name');
    const normalized = normalizeHeaderValue(toByteString(value, context, 'value'));
    const lower = validate(this, byteName, normalized, context);
    setHeader(list, byteName, lower, normalized);
    invalidate(this);
  }

  static {
    isHeaders = (value): value is Headers => #list in value;
    listOf = (headers) => headers.#list;
    guardOf = (headers) => headers.#guard;
    setGuard = (headers, guard) => {
      headers.#guard = guard;
    };
    invalidate = (headers) => {
      headers.#sorted = null;
    };
    sortedOf = (headers, context) => {
      if (!isObject(headers) || !(#list in headers)) throw typeError(context, 'Illegal invocation');
      headers.#sorted ??= sortAndCombine(headers.#list);
      return headers.#sorted;
    };
  }
}

defineInterface(Headers, 'Headers');
definePairIterable(Headers, (target, context) => sortedOf(target as Headers, context));

function checkedList(headers: unknown, context: Context): Header[] {
  if (!isObject(headers) || !isHeaders(headers)) throw typeError(context, 'Illegal invocation');
  return listOf(headers);
}

function validName(name: string, context: Context): string {
  if (!isHeaderName(name)) throw typeError(context, `Invalid name: "${name}"`);
  return name.toLowerCase();
}

function checkMutable(headers: Headers, context: Context): void {
  if (guardOf(headers) === 'immutable') throw typeError(context, 'Headers are immutable');
}

/** Fetch "validate" (name, value) for headers; returns the lower-cased name. */
function validate(headers: Headers, name: string, value: string, context: Context): string {
  const lower = validName(name, context);
  if (!isHeaderValue(value)) throw typeError(context, `Invalid value for header "${name}"`);
  checkMutable(headers, context);
  return lower;
}

/** Fetch "append" (name, value) to a Headers object: normalise, validate, append to the list. */
function appendHeader(headers: Headers, list: Header[], name: string, value: string, context: Context): void {
  const normalized = normalizeHeaderValue(value);
  const lower = validate(headers, name, normalized, context);
  const existing = list.find((header) => header.lower === lower);
  list.push({ name: existing ? existing.name : name, lower, value: normalized });
  invalidate(headers);
}

function getHeader(list: readonly Header[], lower: string): string | null {
  let combined: string | null = null;
  for (const header of list) {
    if (header.lower === lower) combined = combined === null ? header.value : `${combined}, ${header.value}`;
  }
  return combined;
}

/** Header list "set": replace the first header with this name, remove the others, or append. */
function setHeader(list: Header[], name: string, lower: string, value: string): void {
  const index = list.findIndex((header) => header.lower === lower);
  if (index === -1) {
    list.push({ name, lower, value });
    return;
  }
  (list[index] as Header).value = value;
  let kept = index + 1;
  for (let i = index + 1; i < list.length; i++) {
    const header = list[i] as Header;
    if (header.lower !== lower) list[kept++] = header;
  }
  list.length = kept;
}

/** Fetch "sort and combine": lower-cased names in byte order, values combined except for set-cookie. */
function sortAndCombine(list: readonly Header[]): Pairs {
  const names = [...new Set(list.map((header) => header.lower))].sort();
  const pairs: Pairs = [];
  for (const name of names) {
    if (name === SET_COOKIE) {
      for (const header of list) if (header.lower === SET_COOKIE) pairs.push([name, header.value]);
    } else {
      pairs.push([name, getHeader(list, name) as string]);
    }
  }
  return pairs;
}

/** Web IDL conversion of a HeadersInit (a sequence of pairs or a record) to its list of pairs. */
export function convertHeadersInit(init: unknown, context: Context): [string, string][] {
  if (!isObject(init)) {
    throw typeError(
      context,
      "The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.",
    );
  }
  if (isHeaders(init)) return sortedOf(init, context).map(([name, value]) => [name, value]);
  const pairs: [string, string][] = [];
  const iteratorMethod = (init as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  if (iteratorMethod !== undefined && iteratorMethod !== null) {
    for (const item of toSequence(init, context, 'sequence<sequence<ByteString>>')) {
      const pair = toSequence(item, context, 'sequence<ByteString>');
      if (pair.length !== 2)
        throw typeError(context, 'Invalid value: each header must be a [name, value] pair.');
      pairs.push([toByteString(pair[0], context, 'name'), toByteString(pair[1], context, 'value')]);
    }
    return pairs;
  }
  for (const key of Reflect.ownKeys(init)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(init, key);
    if (descriptor === undefined || !descriptor.enumerable) continue;
    const name = toByteString(key, context, 'name');
    pairs.push([name, toByteString((init as Record<PropertyKey, unknown>)[key], context, 'value')]);
  }
  return pairs;
}

/** Fetch "fill" a Headers object with converted pairs. */
export function fillHeaders(
  headers: Headers,
  pairs: readonly (readonly [string, string])[],
  context: Context,
): void {
  const list = listOf(headers);
  for (const [name, value] of pairs) appendHeader(headers, list, name, value, context);
}

// Internal operations for Request, Response and the host bridge (spec "header list" operations).

/** A Headers object with `guard` over a header list given as [name, value, name, value, …] (already valid). */
export function headersFromFlatList(flat: readonly string[], guard: Guard): Headers {
  const headers = new Headers();
  const list = listOf(headers);
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const name = flat[i] as string;
    list.push({ name, lower: name.toLowerCase(), value: flat[i + 1] as string });
  }
  setGuard(headers, guard);
  return headers;
}

/** The header list as [name, value, name, value, …], one pair per header (set-cookie stays separate). */
export function flattenHeaders(headers: Headers): string[] {
  const flat: string[] = [];
  for (const header of listOf(headers)) flat.push(header.name, header.value);
  return flat;
}

/** Header list "get" for a lower-case name: the combined value or null. */
export function headerValue(headers: Headers, lowerName: string): string | null {
  return getHeader(listOf(headers), lowerName);
}

/** Header list "get, decode, and split" (Fetch §2.2.2) for a lower-case name. */
export function headerValues(headers: Headers, lowerName: string): string[] | null {
  const value = headerValue(headers, lowerName);
  return value === null ? null : splitHeaderValue(value);
}

/** Appends a header the implementation itself adds (Content-Type from the body, Location), bypassing the guard. */
export function appendInternalHeader(headers: Headers, name: string, value: string): void {
  const list = listOf(headers);
  const lower = name.toLowerCase();
  const existing = list.find((header) => header.lower === lower);
  list.push({ name: existing ? existing.name : name, lower, value });
  invalidate(headers);
}

export function setHeadersGuard(headers: Headers, guard: Guard): void {
  setGuard(headers, guard);
}

/** A new Headers with a copy of the header list and the same guard (Request/Response "clone"). */
export function cloneHeaders(headers: Headers): Headers {
  const copy = new Headers();
  const list = listOf(copy);
  for (const header of listOf(headers)) list.push({ ...header });
  setGuard(copy, guardOf(headers));
  return copy;
}

/** A new, mutable Headers with a copy of the header list (a Request made from another Request). */
export function copyHeaders(headers: Headers): Headers {
  const copy = cloneHeaders(headers);
  setGuard(copy, 'none');
  return copy;
}

/**
 * Fetch "get, decode, and split" a header value: split on commas outside quoted strings, strip HTTP tab
 * or space around each part.
 */
function splitHeaderValue(value: string): string[] {
  const values: string[] = [];
  let position = 0;
  let current = '';
  while (true) {
    const next = value.slice(position).search(/[",]/);
    if (next === -1) {
      current += value.slice(position);
      break;
    }
    current += value.slice(position, position + next);
    position += next;
    if (value[position] === '"') {
      const [quoted, end] = collectQuotedString(value, position);
      current += quoted;
      position = end;
      if (position < value.length) continue;
      break;
    }
    position++;
    values.push(current.replace(/^[\t ]+|[\t ]+$/g, ''));
    current = '';
  }
  values.push(current.replace(/^[\t ]+|[\t ]+$/g, ''));
  return values;
}

/** Fetch "collect an HTTP quoted string" with the extract-value flag unset: the raw text, quotes included. */
function collectQuotedString(value: string, start: number): [string, number] {
  let position = start + 1;
  while (position < value.length) {
    const char = value[position];
    if (char === '"') {
      position++;
      break;
    }
    position += char === '\\' ? 2 : 1;
  }
  position = Math.min(position, value.length);
  return [value.slice(start, position), position];
}
