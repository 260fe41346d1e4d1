/**
 * How util.inspect names what it shows: the constructor found on the prototype chain (`Foo {}`,
 * `[Object: null prototype] {}`), `[Function: f]`, `[class A extends B]`, `[Number: 3]`.
 */
import { functionKind } from './isolate-brands.ts';
import { type InspectContext, inspect } from './isolate-inspect.ts';
import { formatPrimitive } from './isolate-inspect-primitives.ts';

const { getOwnPropertyDescriptor, getPrototypeOf } = Object;

function isInstance(value: object, candidate: () => unknown): boolean {
  try {
    return value instanceof candidate;
  } catch {
    return false;
  }
}

/**
 * The name of the first constructor on the prototype chain that `value` is an instance of; null for an
 * object without a prototype; `Object <…>` when no prototype has a usable constructor.
 */
export function getConstructorName(value: object, ctx: InspectContext, recurseTimes: number): string | null {
  let firstProto: object | null | undefined;
  let current: object | null = value;
  while (current) {
    const descriptor = getOwnPropertyDescriptor(current, 'constructor');
    const candidate: unknown = descriptor?.value;
    if (
      typeof candidate === 'function' &&
      candidate.name !== '' &&
      isInstance(value, candidate as () => unknown)
    ) {
      return String(candidate.name);
    }
    current = getPrototypeOf(current);
    if (firstProto === undefined) firstProto = current;
  }
  if (firstProto === null || firstProto === undefined) return null;
  if (recurseTimes > ctx.depth) return 'Object <Complex prototype>';
  const protoName = getConstructorName(firstProto, ctx, recurseTimes + 1);
  if (protoName === null)
    return `Object <${inspect(firstProto, { ...ctx, customInspect: false, depth: -1 })}>`;
  return `Object <${protoName}>`;
}

/**
 * True when the constructor's name already says what the `Symbol.toStringTag` says: it contains the tag
 * as a word of its camel case (`MyMap` and `Map`, `SetX` and `Set`; not `Setter`) — Node 24 then leaves
 * the tag out.
 */
export function namesTag(constructorName: string | null, tag: string): boolean {
  if (constructorName === null || tag === '') return false;
  for (let at = constructorName.indexOf(tag); at !== -1; at = constructorName.indexOf(tag, at + 1)) {
    const next = constructorName.slice(at + tag.length, at + tag.length + 2);
    if (next === '' || /^\p{Lu}/u.test(next)) return true;
  }
  return false;
}

/**
 * What V8 calls an object with no constructor to name (Node asks V8): its `Symbol.toStringTag` when that
 * is a string data property, else `Object`.
 */
export function nullPrototypeName(value: object, tag: string): string {
  const own = getOwnPropertyDescriptor(value, Symbol.toStringTag)?.value;
  return typeof own === 'string' && own !== tag ? own : 'Object';
}

/** `Foo `, `Foo [tag] `, `[Object: null prototype] ` — the text before an object's braces. */
export function getPrefix(constructorName: string | null, tag: string, fallback: string, size = ''): string {
  if (constructorName === null) {
    if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
    return `[${fallback}${size}: null prototype] `;
  }
  if (tag !== '' && constructorName !== tag) return `${constructorName}${size} [${tag}] `;
  return `${constructorName}${size} `;
}

const CLASS_HEAD = /^(\s+[^(]*?)\s*{/;
const COMMENTS = /(\/\/.*?\n)|(\/\*(.|\n)*?\*\/)/g;

function isClass(source: string): boolean {
  if (!source.startsWith('class') || !source.endsWith('}')) return false;
  const slice = source.slice(5, -1);
  const bracketIndex = slice.indexOf('{');
  return (
    bracketIndex !== -1 &&
    (!slice.slice(0, bracketIndex).includes('(') || CLASS_HEAD.test(slice.replace(COMMENTS, '')))
  );
}

function getClassBase(value: object, constructorName: string | null, tag: string): string {
  const name = (Object.hasOwn(value, 'name') && (value as { name: unknown }).name) || '(anonymous)';
  let base = `class ${String(name)}`;
  if (constructorName !== 'Function' && constructorName !== null) base += ` [${constructorName}]`;
  if (tag !== '' && constructorName !== tag) base += ` [${tag}]`;
  if (constructorName !== null) {
    const superName = (getPrototypeOf(value) as { name?: unknown }).name;
    if (superName) base += ` extends ${String(superName)}`;
  } else {
    base += ' extends [null prototype]';
  }
  return `[${base}]`;
}

/** `[Function: f]`, `[AsyncFunction (anonymous)]`, `[class A extends B]`, … */
export function getFunctionBase(value: object, constructorName: string | null, tag: string): string {
  let source = '';
  try {
    source = Function.prototype.toString.call(value);
  } catch {}
  if (isClass(source)) return getClassBase(value, constructorName, tag);
  const type = functionKind(value);
  let base = `[${type}`;
  if (constructorName === null) base += ' (null prototype)';
  const { name } = value as { name: unknown };
  if (name === '') base += ' (anonymous)';
  else base += `: ${typeof name === 'string' ? name : inspect(name)}`;
  base += ']';
  if (constructorName !== type && constructorName !== null) base += ` ${constructorName}`;
  if (tag !== '' && constructorName !== tag) base += ` [${tag}]`;
  return base;
}

/** `[Number: 3]`, `[String: 'abc']`; a boxed string's index keys are dropped (they repeat the value). */
export function getBoxedBase(
  ctx: InspectContext,
  [type, primitive]: [string, unknown],
  keys: PropertyKey[],
  constructorName: string | null,
  tag: string,
): string {
  if (type === 'String') keys.splice(0, (primitive as string).length);
  let base = `[${type}`;
  if (type !== constructorName)
    base += constructorName === null ? ' (null prototype)' : ` (${constructorName})`;
  base += `: ${formatPrimitive(primitive, ctx)}]`;
  if (tag !== '' && tag !== constructorName) base += ` [${tag}]`;
  return base;
}
