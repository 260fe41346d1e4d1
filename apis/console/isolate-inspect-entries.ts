/**
 * The entries of an inspected object, as Node's util.inspect lists them: properties (`key: value`,
 * `[Getter]`, `[hidden]: …`, `[Symbol(s)]: …`), array items with holes (`<2 empty items>`), typed array
 * items, ArrayBuffer bytes, Set values and Map entries, each list cut after `maxArrayLength`.
 */
import { mapEntries, mapSize, setSize, setValues, typedArrayLength } from './isolate-brands.ts';
import { formatValue, type InspectContext } from './isolate-inspect.ts';
import { escapeText, formatNumber, quoteString } from './isolate-inspect-primitives.ts';

/** Lists an object's items (not its keys) for the layout. */
export type Formatter = (ctx: InspectContext, value: object, recurseTimes: number) => string[];

const IDENTIFIER = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;
const MAX_ARRAY_INDEX = 2 ** 32 - 2;

const isIndex = (key: PropertyKey) =>
  typeof key === 'string' && ARRAY_INDEX.test(key) && +key <= MAX_ARRAY_INDEX;

/**
 * The keys shown after the items: enumerable own string keys and symbols (every own key with
 * `showHidden`); without array indices for array-likes, whose items are listed separately.
 */
export function ownKeys(value: object, showHidden: boolean, skipIndices: boolean): PropertyKey[] {
  const keys: PropertyKey[] = showHidden ? Object.getOwnPropertyNames(value) : Object.keys(value);
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    if (showHidden || Object.prototype.propertyIsEnumerable.call(value, symbol)) keys.push(symbol);
  }
  return skipIndices ? keys.filter((key) => !isIndex(key)) : keys;
}

const remainingText = (remaining: number) => `... ${remaining} more item${remaining > 1 ? 's' : ''}`;

function propertyName(key: PropertyKey, enumerable: boolean | undefined): string {
  if (typeof key === 'symbol') {
    const name = escapeText(key.toString());
    return enumerable === false ? `[${name}]` : name;
  }
  const name = String(key);
  if (name === '__proto__') return "['__proto__']";
  if (enumerable === false) return `[${escapeText(name)}]`;
  return IDENTIFIER.test(name) ? name : quoteString(name);
}

/**
 * `key: value` for a property (accessors are not called); only the value for an array item. A key that
 * is not an own property (`byteLength` of an ArrayBuffer) is shown like a hidden one: `[byteLength]: 2`.
 */
export function formatProperty(
  ctx: InspectContext,
  value: object,
  recurseTimes: number,
  key: PropertyKey,
  itemOnly = false,
): string {
  const descriptor: PropertyDescriptor = Object.getOwnPropertyDescriptor(value, key) ?? {
    value: (value as Record<PropertyKey, unknown>)[key],
    enumerable: false,
  };
  let text: string;
  if (descriptor.value !== undefined) {
    ctx.indentationLvl += 2;
    text = formatValue(ctx, descriptor.value, recurseTimes);
    ctx.indentationLvl -= 2;
  } else if (descriptor.get !== undefined) {
    text = descriptor.set !== undefined ? '[Getter/Setter]' : '[Getter]';
  } else if (descriptor.set !== undefined) {
    text = '[Setter]';
  } else {
    text = 'undefined';
  }
  if (itemOnly) return text;
  return `${propertyName(key, descriptor.enumerable)}: ${text}`;
}

export const formatArray: Formatter = (ctx, value, recurseTimes) => {
  const array = value as unknown[];
  const length = Math.min(Math.max(0, ctx.maxArrayLength), array.length);
  const output: string[] = [];
  for (let i = 0; i < length; i++) {
    if (!Object.hasOwn(array, i)) return formatSparseArray(ctx, array, recurseTimes, length, output, i);
    output.push(formatProperty(ctx, array, recurseTimes, i, true));
  }
  if (array.length > length) output.push(remainingText(array.length - length));
  return output;
};

/** An array with holes, from the first hole on: runs of holes become `<n empty items>`. */
function formatSparseArray(
  ctx: InspectContext,
  array: unknown[],
  recurseTimes: number,
  maxLength: number,
  output: string[],
  start: number,
): string[] {
  const keys = Object.keys(array);
  let index = start;
  for (let i = start; i < keys.length && output.length < maxLength; i++) {
    const key = keys[i] as string;
    const position = +key;
    if (position > MAX_ARRAY_INDEX) break;
    if (`${index}` !== key) {
      if (!ARRAY_INDEX.test(key)) break;
      const empty = position - index;
      output.push(`<${empty} empty item${empty > 1 ? 's' : ''}>`);
      index = position;
      if (output.length === maxLength) break;
    }
    output.push(formatProperty(ctx, array, recurseTimes, key, true));
    index++;
  }
  const remaining = array.length - index;
  if (output.length !== maxLength) {
    if (remaining > 0) output.push(`<${remaining} empty item${remaining > 1 ? 's' : ''}>`);
  } else if (remaining > 0) {
    output.push(remainingText(remaining));
  }
  return output;
}

export const formatTypedArray: Formatter = (ctx, value, recurseTimes) => {
  const array = value as unknown as ArrayLike<number | bigint> & Record<string, unknown>;
  const total = typedArrayLength(value);
  const length = Math.min(Math.max(0, ctx.maxArrayLength), total);
  const output: string[] = [];
  for (let i = 0; i < length; i++) {
    const item = array[i] as number | bigint;
    output.push(typeof item === 'bigint' ? `${item}n` : formatNumber(item));
  }
  if (total > length) output.push(remainingText(total - length));
  if (ctx.showHidden) {
    ctx.indentationLvl += 2;
    for (const key of ['BYTES_PER_ELEMENT', 'length', 'byteLength', 'byteOffset', 'buffer']) {
      output.push(`[${key}]: ${formatValue(ctx, array[key], recurseTimes, true)}`);
    }
    ctx.indentationLvl -= 2;
  }
  return output;
};

export const formatArrayBuffer: Formatter = (ctx, value) => {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(value as ArrayBuffer);
  } catch {
    return ['(detached)'];
  }
  const shown = Math.min(ctx.maxArrayLength, bytes.length);
  let hex = '';
  for (let i = 0; i < shown; i++)
    hex += `${i === 0 ? '' : ' '}${(bytes[i] as number).toString(16).padStart(2, '0')}`;
  const remaining = bytes.length - shown;
  if (remaining > 0) hex += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  return [`[Uint8Contents]: <${hex}>`];
};

function formatCollection(
  ctx: InspectContext,
  size: number,
  items: Iterable<unknown>,
  show: (item: unknown) => string,
) {
  const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), size);
  const output: string[] = [];
  ctx.indentationLvl += 2;
  for (const item of items) {
    if (output.length >= maxLength) break;
    output.push(show(item));
  }
  if (size > maxLength) output.push(remainingText(size - maxLength));
  ctx.indentationLvl -= 2;
  return output;
}

export const formatSet: Formatter = (ctx, value, recurseTimes) =>
  formatCollection(ctx, setSize(value), setValues(value), (item) => formatValue(ctx, item, recurseTimes));

export const formatMap: Formatter = (ctx, value, recurseTimes) =>
  formatCollection(ctx, mapSize(value), mapEntries(value), (entry) => {
    const [key, item] = entry as [unknown, unknown];
    return `${formatValue(ctx, key, recurseTimes)} => ${formatValue(ctx, item, recurseTimes)}`;
  });
