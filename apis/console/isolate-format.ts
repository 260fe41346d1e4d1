/**
 * `console.log`'s formatting: Node's `util.format` (lib/internal/util/inspect.js
 * `formatWithOptionsInternal`). A first string argument may hold printf directives — %s %d %i %f %j %o
 * %O %c %% (WHATWG Console "Formatter" plus Node's %j) —; the remaining arguments follow, separated by
 * spaces, strings as they are and everything else inspected.
 */
import { builtInObjects } from './isolate-brands.ts';
import { type InspectOptions, inspect } from './isolate-inspect.ts';
import { formatNumber } from './isolate-inspect-primitives.ts';

const { getOwnPropertyDescriptor, getPrototypeOf, hasOwn } = Object;

/** True when the object's `toString`/`Symbol.toPrimitive` is a built-in's, so `%s` inspects it instead. */
function hasBuiltInToString(value: object): boolean {
  const hasToString = typeof (value as { toString?: unknown }).toString === 'function';
  const hasToPrimitive = typeof (value as Record<symbol, unknown>)[Symbol.toPrimitive] === 'function';
  if (!hasToString && !hasToPrimitive) return true;
  if ((hasToString && hasOwn(value, 'toString')) || (hasToPrimitive && hasOwn(value, Symbol.toPrimitive))) {
    return false;
  }
  let pointer: object | null = value;
  do {
    pointer = getPrototypeOf(pointer);
  } while (
    pointer !== null &&
    !(hasToString && hasOwn(pointer, 'toString')) &&
    !(hasToPrimitive && hasOwn(pointer, Symbol.toPrimitive))
  );
  if (pointer === null) return true;
  const owner: unknown = getOwnPropertyDescriptor(pointer, 'constructor')?.value;
  return typeof owner === 'function' && builtInObjects.has(owner.name);
}

function stringify(value: unknown): string {
  try {
    return String(JSON.stringify(value));
  } catch (error) {
    if (error instanceof TypeError && /circular/i.test(error.message)) return '[Circular]';
    throw error;
  }
}

const formatBigInt = (value: bigint) => `${value}n`;

function formatDirective(directive: string, argument: unknown, options: InspectOptions): string | undefined {
  switch (directive) {
    case 's':
      if (typeof argument === 'number') return formatNumber(argument);
      if (typeof argument === 'bigint') return formatBigInt(argument);
      if (typeof argument !== 'object' || argument === null || !hasBuiltInToString(argument))
        return String(argument);
      return inspect(argument, { ...options, depth: 0 });
    case 'j':
      return stringify(argument);
    case 'd':
      if (typeof argument === 'bigint') return formatBigInt(argument);
      return typeof argument === 'symbol' ? 'NaN' : formatNumber(Number(argument));
    case 'i':
      if (typeof argument === 'bigint') return formatBigInt(argument);
      return typeof argument === 'symbol' ? 'NaN' : formatNumber(Number.parseInt(argument as string, 10));
    case 'f':
      return typeof argument === 'symbol' ? 'NaN' : formatNumber(Number.parseFloat(argument as string));
    case 'O':
      return inspect(argument, options);
    case 'o':
      return inspect(argument, { ...options, showHidden: true, depth: 4 });
    case 'c':
      // CSS has no meaning on a terminal or in a log: the argument is consumed and dropped.
      return '';
    default:
      return undefined;
  }
}

export function formatWithOptions(options: InspectOptions, args: readonly unknown[]): string {
  const [first] = args;
  let next = 0;
  let text = '';
  let separator = '';
  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let lastPos = 0;
    for (let i = 0; i < first.length - 1; i++) {
      if (first[i] !== '%') continue;
      const directive = first[++i] as string;
      if (next + 1 !== args.length) {
        if (directive === '%') {
          text += first.slice(lastPos, i);
          lastPos = i + 1;
          continue;
        }
        const replacement = formatDirective(directive, args[next + 1], options);
        if (replacement === undefined) continue;
        next++;
        if (lastPos !== i - 1) text += first.slice(lastPos, i - 1);
        text += replacement;
        lastPos = i + 1;
      } else if (directive === '%') {
        text += first.slice(lastPos, i);
        lastPos = i + 1;
      }
    }
    if (lastPos !== 0) {
      next++;
      separator = ' ';
      if (lastPos < first.length) text += first.slice(lastPos);
    }
  }
  for (; next < args.length; next++) {
    const value = args[next];
    text += separator + (typeof value === 'string' ? value : inspect(value, options));
    separator = ' ';
  }
  return text;
}

/** What `console.log(...args)` prints. */
export function formatLogArguments(args: readonly unknown[]): string {
  return formatWithOptions({}, args);
}
