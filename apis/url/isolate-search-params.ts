// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed (an explicit undefined counts).
/**
 * URL Standard §6.2 URLSearchParams: a list of name-value pairs, optionally the query object of a URL,
 * which it updates after every change ("update steps") and which replaces its list when the URL's query
 * is set.
 */
import { definePairIterable } from '../fetch/isolate-pair-iterable.ts';
import {
  type Context,
  defineInterface,
  isObject,
  requireArguments,
  toSequence,
  toUSVString,
  typeError,
} from '../fetch/isolate-webidl.ts';
import { defineInspect, type Inspect } from './isolate-inspect.ts';
import { type NameValue, parseUrlencoded, serializeUrlencoded } from './isolate-urlencoded.ts';

/** Runs the URL's part of the update steps with the serialized list. */
export type QueryUpdate = (serialized: string) => void;

const { ownKeys, getOwnPropertyDescriptor } = Reflect;

function context(operation?: string): Context {
  return { interface: 'URLSearchParams', operation };
}

/** Web IDL `record<USVString, USVString>`: own enumerable keys in order; a repeated key keeps its place. */
function recordPairs(init: object): NameValue[] {
  const pairs = new Map<string, string>();
  for (const key of ownKeys(init)) {
    if (getOwnPropertyDescriptor(init, key)?.enumerable !== true) continue;
    pairs.set(toUSVString(key), toUSVString((init as Record<PropertyKey, unknown>)[key]));
  }
  return [...pairs];
}

function sequencePairs(init: object): NameValue[] {
  return toSequence(init, context(), 'sequence<sequence<USVString>>').map((item) => {
    const pair = toSequence(item, context(), 'sequence<USVString>');
    if (pair.length !== 2) {
      throw typeError(
        context(),
        `Each name-value pair must have exactly 2 items (this one has ${pair.length}).`,
      );
    }
    return [toUSVString(pair[0]), toUSVString(pair[1])];
  });
}

/** The constructor's `(sequence<sequence<USVString>> or record<USVString, USVString> or USVString)`. */
function initialPairs(init: unknown): NameValue[] {
  if (isObject(init)) {
    const iterator: unknown = (init as { [Symbol.iterator]?: unknown })[Symbol.iterator];
    return iterator === undefined || iterator === null ? recordPairs(init) : sequencePairs(init);
  }
  const query = toUSVString(init);
  return parseUrlencoded(query.startsWith('?') ? query.slice(1) : query);
}

/** For the URL class: a query object bound to its URL. */
export let createQueryObject: (list: NameValue[], update: QueryUpdate) => URLSearchParams;
/** For the URL class: the URL's query was set, so its query object takes the new list (no update steps). */
export let replaceList: (params: URLSearchParams, list: NameValue[]) => void;
let listOf: (params: unknown, context: Context) => NameValue[];

export class URLSearchParams {
  #list: NameValue[];
  #update: QueryUpdate | null = null;
  /** Installed by definePairIterable (Web IDL `iterable<USVString, USVString>`). */
  declare [Symbol.iterator]: () => IterableIterator<[string, string]>;
  declare entries: () => IterableIterator<[string, string]>;
  declare keys: () => IterableIterator<string>;
  declare values: () => IterableIterator<string>;
  declare forEach: (
    callback: (value: string, name: string, parent: URLSearchParams) => void,
    thisArg?: unknown,
  ) => void;

  static {
    createQueryObject = (list, update) => {
      const params = new URLSearchParams();
      params.#list = list;
      params.#update = update;
      return params;
    };
    replaceList = (params, list) => {
      params.#list = list;
    };
    listOf = (params, context) => {
      if (!isObject(params) || !(#list in params)) throw typeError(context, 'Illegal invocation');
      return params.#list;
    };
  }

  constructor(init: unknown = '') {
    this.#list = init === '' ? [] : initialPairs(init);
  }

  get size(): number {
    return listOf(this, context('size')).length;
  }

  append(name: unknown, value: unknown): void {
    const list = listOf(this, context('append'));
    requireArguments(arguments.length, 2, context('append'));
    list.push([toUSVString(name), toUSVString(value)]);
    this.#runUpdateSteps();
  }

  delete(name: unknown, value: unknown = undefined): void {
    const list = listOf(this, context('delete'));
    requireArguments(arguments.length, 1, context('delete'));
    const key = toUSVString(name);
    const only = value === undefined ? undefined : toUSVString(value);
    this.#list = list.filter(([n, v]) => n !== key || (only !== undefined && v !== only));
    this.#runUpdateSteps();
  }

  get(name: unknown): string | null {
    const list = listOf(this, context('get'));
    requireArguments(arguments.length, 1, context('get'));
    const key = toUSVString(name);
    return list.find(([n]) => n === key)?.[1] ?? null;
  }

  getAll(name: unknown): string[] {
    const list = listOf(this, context('getAll'));
    requireArguments(arguments.length, 1, context('getAll'));
    const key = toUSVString(name);
    return list.filter(([n]) => n === key).map(([, v]) => v);
  }

  has(name: unknown, value: unknown = undefined): boolean {
    const list = listOf(this, context('has'));
    requireArguments(arguments.length, 1, context('has'));
    const key = toUSVString(name);
    const only = value === undefined ? undefined : toUSVString(value);
    return list.some(([n, v]) => n === key && (only === undefined || v === only));
  }

  set(name: unknown, value: unknown): void {
    const list = listOf(this, context('set'));
    requireArguments(arguments.length, 2, context('set'));
    const key = toUSVString(name);
    const newValue = toUSVString(value);
    const first = list.findIndex(([n]) => n === key);
    if (first === -1) {
      list.push([key, newValue]);
    } else {
      this.#list = list.filter(([n], index) => n !== key || index === first);
      (this.#list[first] as NameValue)[1] = newValue;
    }
    this.#runUpdateSteps();
  }

  /** Sorts by name in code-unit order; Array.prototype.sort is stable, as the standard requires. */
  sort(): void {
    const list = listOf(this, context('sort'));
    list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.#runUpdateSteps();
  }

  toString(): string {
    return serializeUrlencoded(listOf(this, context('toString')));
  }

  #runUpdateSteps(): void {
    this.#update?.(serializeUrlencoded(this.#list));
  }
}

defineInterface(URLSearchParams, 'URLSearchParams');
definePairIterable(URLSearchParams, listOf);

/** How console.log shows it, as Node does: `URLSearchParams { 'a' => '1' }`. */
function inspectSearchParams(this: unknown, depth: number, options: object, inspect: Inspect): string {
  const list = listOf(this, context('inspect'));
  if (depth < 0) return '[URLSearchParams]';
  const shown = list.map(([name, value]) => `${inspect(name, options)} => ${inspect(value, options)}`);
  return shown.length === 0 ? 'URLSearchParams {}' : `URLSearchParams { ${shown.join(', ')} }`;
}

defineInspect(URLSearchParams.prototype, inspectSearchParams);
