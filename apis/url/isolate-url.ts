// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed (an explicit undefined counts).
/**
 * URL Standard §6.1 the URL class. The host parses (one crossing per constructor, `URL.parse`,
 * `URL.canParse` and setter, each returning an href); the getters read the components this isolate split
 * from that href, so they never cross.
 */
import {
  type Context,
  defineInterface,
  requireArguments,
  toUSVString,
  typeError,
} from '../fetch/isolate-webidl.ts';
import { URL_SETTERS, type URLSetter } from './bridge.ts';
import { parseURL, urlOps } from './isolate-host.ts';
import { defineInspect, type Inspect, inspectAttributes } from './isolate-inspect.ts';
import { createQueryObject, replaceList, type URLSearchParams } from './isolate-search-params.ts';
import { serializeOrigin, splitHref, type URLRecord, withQuery } from './isolate-url-record.ts';
import { type NameValue, parseUrlencoded } from './isolate-urlencoded.ts';

/** Lets `URL.parse` hand the constructor an href the host already parsed, instead of parsing twice. */
const PARSED_HREF = Symbol('parsed href');

const MAX_QUOTED_LENGTH = 200;

function quoted(text: string): string {
  const shown = text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text;
  return `'${shown}'`;
}

function invalidURL(input: string, base: string | undefined): string {
  return base === undefined
    ? `Invalid URL ${quoted(input)}`
    : `Invalid URL ${quoted(input)} relative to ${quoted(base)}`;
}

const CONSTRUCT: Context = { interface: 'URL' };
const PARSE: Context = { interface: 'URL', operation: 'parse' };
const CAN_PARSE: Context = { interface: 'URL', operation: 'canParse' };

/** The arguments of the constructor and the statics: `(USVString url, optional USVString base)`. */
function urlArguments(
  count: number,
  url: unknown,
  base: unknown,
  context: Context,
): [string, string | undefined] {
  requireArguments(count, 1, context);
  return [toUSVString(url), base === undefined ? undefined : toUSVString(base)];
}

export class URL {
  #record: URLRecord;
  /** Created on first use of `searchParams` ([SameObject]); from then on it mirrors the query. */
  #searchParams: URLSearchParams | undefined;

  constructor(url: unknown, base: unknown = undefined) {
    if (url === PARSED_HREF) {
      this.#record = splitHref(base as string);
      return;
    }
    const [input, baseString] = urlArguments(arguments.length, url, base, CONSTRUCT);
    const href = urlOps().op_url_parse(input, baseString);
    if (href === null) throw typeError(CONSTRUCT, invalidURL(input, baseString));
    this.#record = splitHref(href);
  }

  static parse(url: unknown, base: unknown = undefined): URL | null {
    const [input, baseString] = urlArguments(arguments.length, url, base, PARSE);
    const href = urlOps().op_url_parse(input, baseString);
    return href === null ? null : new URL(PARSED_HREF, href);
  }

  static canParse(url: unknown, base: unknown = undefined): boolean {
    const [input, baseString] = urlArguments(arguments.length, url, base, CAN_PARSE);
    return urlOps().op_url_parse(input, baseString) !== null;
  }

  get href(): string {
    return this.#record.href;
  }

  set href(value: unknown) {
    const input = toUSVString(value);
    const href = urlOps().op_url_parse(input, undefined);
    if (href === null)
      throw new TypeError(`Failed to set the 'href' property on 'URL': ${invalidURL(input, undefined)}`);
    this.#record = splitHref(href);
    const { query } = this.#record;
    if (this.#searchParams) replaceList(this.#searchParams, query === null ? [] : parseUrlencoded(query));
  }

  get origin(): string {
    return serializeOrigin(this.#record, (input) => parseURL(input));
  }

  get protocol(): string {
    return this.#record.protocol;
  }

  set protocol(value: unknown) {
    this.#set('protocol', value);
  }

  get username(): string {
    return this.#record.username;
  }

  set username(value: unknown) {
    this.#set('username', value);
  }

  get password(): string {
    return this.#record.password;
  }

  set password(value: unknown) {
    this.#set('password', value);
  }

  get host(): string {
    const { hostname, port } = this.#record;
    return port === '' ? hostname : `${hostname}:${port}`;
  }

  set host(value: unknown) {
    this.#set('host', value);
  }

  get hostname(): string {
    return this.#record.hostname;
  }

  set hostname(value: unknown) {
    this.#set('hostname', value);
  }

  get port(): string {
    return this.#record.port;
  }

  set port(value: unknown) {
    this.#set('port', value);
  }

  get pathname(): string {
    return this.#record.pathname;
  }

  set pathname(value: unknown) {
    this.#set('pathname', value);
  }

  get search(): string {
    const { query } = this.#record;
    return query === null || query === '' ? '' : `?${query}`;
  }

  /** The query object takes the list parsed from the value as given (before the parser strips tabs and newlines). */
  set search(value: unknown) {
    const input = this.#set('search', value);
    const list: NameValue[] =
      input === '' ? [] : parseUrlencoded(input.startsWith('?') ? input.slice(1) : input);
    if (this.#searchParams) replaceList(this.#searchParams, list);
    else this.#searchParams = this.#queryObject(list);
  }

  get searchParams(): URLSearchParams {
    if (this.#searchParams) return this.#searchParams;
    const { query } = this.#record;
    this.#searchParams = this.#queryObject(query === null ? [] : parseUrlencoded(query));
    return this.#searchParams;
  }

  get hash(): string {
    const { fragment } = this.#record;
    return fragment === null || fragment === '' ? '' : `#${fragment}`;
  }

  set hash(value: unknown) {
    this.#set('hash', value);
  }

  toJSON(): string {
    return this.#record.href;
  }

  toString(): string {
    return this.#record.href;
  }

  /** Runs a setter on the host; returns the value as converted. */
  #set(setter: URLSetter, value: unknown): string {
    const record = this.#record;
    const input = toUSVString(value);
    const href = urlOps().op_url_set(record.href, setter, input);
    if (href !== record.href) this.#record = splitHref(href);
    return input;
  }

  #queryObject(list: NameValue[]): URLSearchParams {
    return createQueryObject(list, (serialized) => {
      this.#record = splitHref(withQuery(this.#record, serialized === '' ? null : serialized));
    });
  }
}

defineInterface(URL, 'URL');

/** Node's order: the setters' attributes in IDL order, with `searchParams` before `hash`. */
const ATTRIBUTES = [
  'href',
  'origin',
  ...URL_SETTERS.filter((name) => name !== 'hash'),
  'searchParams',
  'hash',
] as const;

defineInspect(URL.prototype, function (this: URL, depth: number, options: object, inspect: Inspect) {
  const attributes = ATTRIBUTES.map((name) => [name, this[name]] as const);
  return inspectAttributes('URL', attributes, depth, options, inspect);
});
