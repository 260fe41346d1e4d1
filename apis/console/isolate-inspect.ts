/**
 * Node-like value inspection inside the isolate: what `console.log` prints and what the REPL echoes.
 * It follows Node 24's util.inspect (lib/internal/util/inspect.js) — same defaults (depth 2, breakLength
 * 80, compact 3, 100 array items), same shapes (`Map(1) { 'a' => 1 }`, `<ref *1>`, `[Getter]`, …) — but
 * without V8's internal type checks: kinds are recognised with intrinsic brand checks
 * (isolate-brands.ts), and what only V8 internals can tell synchronously (a promise's state, whether an
 * object is a proxy, what an iterator has left) is not shown — the REPL, which can wait, passes promise
 * states in.
 */
import {
  boxedPrimitive,
  collectionIteratorKind,
  isArgumentsObject,
  isArrayBuffer,
  isDataView,
  isDate,
  isError,
  isMap,
  isPromise,
  isRegExp,
  isSet,
  isWeakMap,
  isWeakSet,
  mapSize,
  setSize,
  typedArrayKind,
  typedArrayLength,
} from './isolate-brands.ts';
import {
  type Formatter,
  formatArray,
  formatArrayBuffer,
  formatMap,
  formatProperty,
  formatSet,
  formatTypedArray,
  ownKeys,
} from './isolate-inspect-entries.ts';
import { formatError } from './isolate-inspect-error.ts';
import { type EntryKind, reduceToSingleString } from './isolate-inspect-layout.ts';
import {
  getBoxedBase,
  getConstructorName,
  getFunctionBase,
  getPrefix,
  namesTag,
  nullPrototypeName,
} from './isolate-inspect-names.ts';
import { formatNumber, formatPrimitive } from './isolate-inspect-primitives.ts';

/** What V8 knows about a promise and JavaScript can only learn after its reactions ran. */
export type PromiseDetails =
  | { state: 'pending' }
  | { state: 'fulfilled'; result: unknown }
  | { state: 'rejected'; result: unknown };

export interface InspectOptions {
  /** How many levels to expand (default 2); `null` or `Infinity` for all. */
  depth?: number | null;
  showHidden?: boolean;
  customInspect?: boolean;
  breakLength?: number;
  compact?: number;
  maxArrayLength?: number | null;
  maxStringLength?: number | null;
  /** The state of promises whose state the caller has learnt (the REPL); others show `<unknown>`. */
  promiseDetails?: (promise: Promise<unknown>) => PromiseDetails | undefined;
}

export interface InspectContext {
  depth: number;
  showHidden: boolean;
  customInspect: boolean;
  breakLength: number;
  compact: number;
  maxArrayLength: number;
  maxStringLength: number;
  promiseDetails?: (promise: Promise<unknown>) => PromiseDetails | undefined;
  indentationLvl: number;
  currentDepth: number;
  /** The objects being formatted, outermost first: meeting one again is a cycle. */
  seen: object[];
  /** Objects met again, numbered in the order their cycles were found (`<ref *1>`). */
  circular?: Map<object, number>;
}

/** Libraries' custom inspection hook, as in Node (`util.inspect.custom`). */
export const customInspectSymbol: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

const { getOwnPropertyDescriptor } = Object;

export function inspect(value: unknown, options: InspectOptions = {}): string {
  const ctx: InspectContext = {
    depth: options.depth === null ? Number.POSITIVE_INFINITY : (options.depth ?? 2),
    showHidden: options.showHidden ?? false,
    customInspect: options.customInspect ?? true,
    breakLength: options.breakLength ?? 80,
    compact: options.compact ?? 3,
    maxArrayLength:
      options.maxArrayLength === null ? Number.POSITIVE_INFINITY : (options.maxArrayLength ?? 100),
    maxStringLength:
      options.maxStringLength === null ? Number.POSITIVE_INFINITY : (options.maxStringLength ?? 10_000),
    promiseDetails: options.promiseDetails,
    indentationLvl: 0,
    currentDepth: 0,
    seen: [],
  };
  return formatValue(ctx, value, 0);
}

function userOptions(ctx: InspectContext): InspectOptions & { stylize(text: string): string } {
  const { depth, showHidden, customInspect, breakLength, compact, maxArrayLength, maxStringLength } = ctx;
  return {
    depth,
    showHidden,
    customInspect,
    breakLength,
    compact,
    maxArrayLength,
    maxStringLength,
    stylize: (text) => text,
  };
}

/** Runs a `[util.inspect.custom]` method; undefined when the value has none (or returned itself). */
function customInspection(ctx: InspectContext, value: object, recurseTimes: number): string | undefined {
  const custom = (value as Record<symbol, unknown>)[customInspectSymbol];
  if (typeof custom !== 'function' || custom === inspect) return undefined;
  // A prototype carrying the method for its instances is shown as an object, not through it.
  if (getOwnPropertyDescriptor(value, 'constructor')?.value?.prototype === value) return undefined;
  const result: unknown = custom.call(value, ctx.depth - recurseTimes, userOptions(ctx), inspect);
  if (result === value) return undefined;
  if (typeof result !== 'string') return formatValue(ctx, result, recurseTimes);
  return result.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
}

export function formatValue(
  ctx: InspectContext,
  value: unknown,
  recurseTimes: number,
  inTypedArray = false,
): string {
  if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(value, ctx);
  if (value === null) return 'null';
  if (isRevokedProxy(value)) return '<Revoked Proxy>';
  if (ctx.customInspect) {
    const custom = customInspection(ctx, value, recurseTimes);
    if (custom !== undefined) return custom;
  }
  if (ctx.seen.includes(value)) {
    ctx.circular ??= new Map();
    let index = ctx.circular.get(value);
    if (index === undefined) {
      index = ctx.circular.size + 1;
      ctx.circular.set(value, index);
    }
    return `[Circular *${index}]`;
  }
  return formatRaw(ctx, value, recurseTimes, inTypedArray);
}

/** Any operation on a revoked proxy throws; Node asks V8 instead (`getProxyDetails`). */
function isRevokedProxy(value: object): boolean {
  try {
    Reflect.getPrototypeOf(value);
    return false;
  } catch (error) {
    return error instanceof TypeError && error.message.includes('revoked');
  }
}

/** How one object is shown: its keys, braces, the text before the braces and what lists its items. */
interface Shape {
  keys: PropertyKey[];
  braces: [string, string];
  base: string;
  formatter: Formatter;
  kind: EntryKind;
}

const noItems: Formatter = () => [];

function formatRaw(ctx: InspectContext, value: object, recurseTimes: number, inTypedArray: boolean): string {
  const constructorName = getConstructorName(value, ctx, recurseTimes);
  let tag: unknown = (value as Record<symbol, unknown>)[Symbol.toStringTag];
  // A tag that is an own enumerable property is listed with the keys already.
  if (
    typeof tag !== 'string' ||
    (tag !== '' &&
      (ctx.showHidden ? Object.hasOwn(value, Symbol.toStringTag) : isEnumerable(value, Symbol.toStringTag)))
  ) {
    tag = '';
  }
  if (namesTag(constructorName, tag as string)) tag = '';
  const shape = describe(ctx, value, recurseTimes, constructorName, tag as string, inTypedArray);
  if (typeof shape === 'string') return shape;
  const fallback = constructorName === null ? nullPrototypeName(value, tag as string) : 'Object';
  const name = getPrefix(constructorName, tag as string, fallback).slice(0, -1);
  if (recurseTimes > ctx.depth) return constructorName === null ? name : `[${name}]`;
  const depth = recurseTimes + 1;
  ctx.seen.push(value);
  ctx.currentDepth = depth;
  const indentationLvl = ctx.indentationLvl;
  let output: string[];
  try {
    output = shape.formatter(ctx, value, depth);
    for (const key of shape.keys) output.push(formatProperty(ctx, value, depth, key));
  } catch (error) {
    if (!(error instanceof RangeError) || !error.message.includes('call stack')) throw error;
    ctx.seen.pop();
    ctx.indentationLvl = indentationLvl;
    return `[${name}: Inspection interrupted prematurely. Maximum call stack size exceeded.]`;
  }
  let { base } = shape;
  const reference = ctx.circular?.get(value);
  if (reference !== undefined) base = base === '' ? `<ref *${reference}>` : `<ref *${reference}> ${base}`;
  ctx.seen.pop();
  return reduceToSingleString(ctx, output, base, shape.braces, shape.kind, depth, value);
}

function isEnumerable(value: object, key: PropertyKey): boolean {
  return Object.prototype.propertyIsEnumerable.call(value, key);
}

/** Iterable built-ins (arrays, Sets, Maps, typed arrays, their iterators); undefined for anything else. */
function describeIterable(
  ctx: InspectContext,
  value: object,
  constructorName: string | null,
  tag: string,
): Shape | string | undefined {
  if (Array.isArray(value)) {
    const prefix =
      constructorName !== 'Array' || tag !== ''
        ? getPrefix(constructorName, tag, 'Array', `(${value.length})`)
        : '';
    const keys = ownKeys(value, ctx.showHidden, true);
    if (value.length === 0 && keys.length === 0) return `${prefix}[]`;
    return { keys, braces: [`${prefix}[`, ']'], base: '', formatter: formatArray, kind: 'array' };
  }
  if (isSet(value) || isMap(value)) {
    const kind = isSet(value) ? 'Set' : 'Map';
    const count = kind === 'Set' ? setSize(value) : mapSize(value);
    const prefix = getPrefix(constructorName, tag, kind, `(${count})`);
    const keys = ownKeys(value, ctx.showHidden, false);
    if (count === 0 && keys.length === 0) return `${prefix}{}`;
    const formatter = kind === 'Set' ? formatSet : formatMap;
    return { keys, braces: [`${prefix}{`, '}'], base: '', formatter, kind: 'object' };
  }
  const typedKind = typedArrayKind(value);
  if (typedKind !== undefined) {
    const keys = ownKeys(value, ctx.showHidden, true);
    const length = typedArrayLength(value);
    const prefix = getPrefix(constructorName, tag, constructorName === null ? typedKind : '', `(${length})`);
    if (length === 0 && keys.length === 0 && !ctx.showHidden) return `${prefix}[]`;
    return { keys, braces: [`${prefix}[`, ']'], base: '', formatter: formatTypedArray, kind: 'array' };
  }
  const iteratorKind = collectionIteratorKind(value);
  if (iteratorKind !== undefined) {
    const name = `${iteratorKind} Iterator`;
    const label = tag === name || tag === '' ? name : `${tag}] [${name}`;
    // Node previews what is left through V8 (previewEntries); from JavaScript that would consume it.
    const formatter = () => ['<items unknown>'];
    return {
      keys: ownKeys(value, ctx.showHidden, false),
      braces: [`[${label}] {`, '}'],
      base: '',
      formatter,
      kind: 'object',
    };
  }
  return undefined;
}

/** Everything that is not a listed iterable: a shape, or the finished text when there is nothing to list. */
function describe(
  ctx: InspectContext,
  value: object,
  recurseTimes: number,
  constructorName: string | null,
  tag: string,
  inTypedArray: boolean,
): Shape | string {
  if (Symbol.iterator in value || constructorName === null) {
    const iterable = describeIterable(ctx, value, constructorName, tag);
    if (iterable !== undefined) return iterable;
  }
  const keys = ownKeys(value, ctx.showHidden, false);
  const shape: Shape = { keys, braces: ['{', '}'], base: '', formatter: noItems, kind: 'object' };
  const plain = (base: string) => (keys.length === 0 ? base : { ...shape, base });
  if (typeof value === 'function') return plain(getFunctionBase(value, constructorName, tag));
  if (constructorName === 'Object') {
    if (isArgumentsObject(value)) shape.braces[0] = '[Arguments] {';
    else if (tag !== '') shape.braces[0] = `${getPrefix(constructorName, tag, 'Object')}{`;
    return keys.length === 0 ? `${shape.braces[0]}}` : shape;
  }
  if (isRegExp(value)) {
    const prefix = getPrefix(constructorName, tag, 'RegExp');
    const text = RegExp.prototype.toString.call(value);
    const base = prefix === 'RegExp ' ? text : `${prefix}${text}`;
    return keys.length === 0 || recurseTimes > ctx.depth ? base : { ...shape, base };
  }
  if (isDate(value)) {
    const time = Date.prototype.getTime.call(value);
    const text = Number.isNaN(time) ? 'Invalid Date' : Date.prototype.toISOString.call(value);
    const prefix = getPrefix(constructorName, tag, 'Date');
    return plain(prefix === 'Date ' ? text : `${prefix}${text}`);
  }
  if (isError(value)) return plain(formatError(ctx, value, constructorName, tag, keys));
  if (isArrayBuffer(value)) {
    const prefix = getPrefix(constructorName, tag, 'ArrayBuffer');
    const byteLength = (value as ArrayBuffer).byteLength;
    if (inTypedArray && keys.length === 0) return `${prefix}{ byteLength: ${formatNumber(byteLength)} }`;
    keys.unshift('byteLength');
    const formatter = inTypedArray ? noItems : formatArrayBuffer;
    return { ...shape, braces: [`${prefix}{`, '}'], formatter };
  }
  if (isDataView(value)) {
    keys.unshift('byteLength', 'byteOffset', 'buffer');
    return { ...shape, braces: [`${getPrefix(constructorName, tag, 'DataView')}{`, '}'] };
  }
  if (isPromise(value)) {
    const braces: [string, string] = [`${getPrefix(constructorName, tag, 'Promise')}{`, '}'];
    return { ...shape, braces, formatter: (_, promise, depth) => formatPromise(ctx, promise, depth) };
  }
  if (isWeakSet(value) || isWeakMap(value)) {
    const kind = isWeakSet(value) ? 'WeakSet' : 'WeakMap';
    return {
      ...shape,
      braces: [`${getPrefix(constructorName, tag, kind)}{`, '}'],
      formatter: () => ['<items unknown>'],
    };
  }
  const boxed = boxedPrimitive(value);
  if (boxed !== undefined) return plain(getBoxedBase(ctx, boxed, keys, constructorName, tag));
  const fallback = constructorName === null ? nullPrototypeName(value, tag) : 'Object';
  const braces0 = `${getPrefix(constructorName, tag, fallback)}{`;
  return keys.length === 0 ? `${braces0}}` : { ...shape, braces: [braces0, '}'] };
}

/** `<pending>`, the result, or `<rejected> reason`; `<unknown>` when only V8 could tell (Node asks V8). */
function formatPromise(ctx: InspectContext, promise: object, recurseTimes: number): string[] {
  const details = ctx.promiseDetails?.(promise as Promise<unknown>);
  if (details === undefined) return ['<unknown>'];
  if (details.state === 'pending') return ['<pending>'];
  ctx.indentationLvl += 2;
  const result = formatValue(ctx, details.result, recurseTimes);
  ctx.indentationLvl -= 2;
  return [details.state === 'rejected' ? `<rejected> ${result}` : result];
}
