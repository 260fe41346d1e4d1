/**
 * Errors the way Node's util.inspect shows them (`formatError` in lib/internal/util/inspect.js): the
 * stack, with the constructor's name put in when the stack does not say it (`DOMException
 * [AbortError]: …`), `[Error: msg]` when there are no frames, `cause` and AggregateError `errors` listed
 * as keys, frames repeated from the cause's stack folded. NANO's own frames are never shown.
 */
import { withoutInternalFrames } from '../runtime/bridge.ts';
import { isError } from './isolate-brands.ts';
import { formatValue, type InspectContext } from './isolate-inspect.ts';
import { getPrefix } from './isolate-inspect-names.ts';

type ErrorLike = Error & { errors?: unknown; cause?: unknown };

function getStackString(ctx: InspectContext, error: ErrorLike): string {
  const { stack } = error;
  if (stack) return typeof stack === 'string' ? withoutInternalFrames(stack) : formatValue(ctx, stack, 0);
  return Error.prototype.toString.call(error);
}

/** The first run of more than three frames `a` shares with `b`. */
function identicalSequenceRange(a: string[], b: string[]): { length: number; offset: number } {
  for (let i = 0; i < a.length - 3; i++) {
    const position = b.indexOf(a[i] as string);
    if (position === -1) continue;
    const rest = b.length - position;
    if (rest <= 3) continue;
    let length = 1;
    const maxLength = Math.min(a.length - i, rest);
    while (maxLength > length && a[i + length] === b[position + length]) length++;
    if (length > 3) return { length, offset: i };
  }
  return { length: 0, offset: 0 };
}

function getStackFrames(ctx: InspectContext, error: ErrorLike, frameText: string): string[] {
  const frames = frameText.split('\n');
  let cause: unknown;
  try {
    cause = error.cause;
  } catch {}
  if (cause !== null && typeof cause === 'object' && isError(cause)) {
    const causeStack = getStackString(ctx, cause);
    const causeStart = causeStack.indexOf('\n    at');
    if (causeStart !== -1) {
      const causeFrames = causeStack.slice(causeStart + 1).split('\n');
      const { length, offset } = identicalSequenceRange(frames, causeFrames);
      if (length > 0) {
        const skipped = length - 2;
        frames.splice(offset + 1, skipped, `    ... ${skipped} lines matching cause stack trace ...`);
      }
    }
  }
  return frames;
}

/** Puts the constructor's name into the stack's first line when the error's name does not carry it. */
function improveStack(stack: string, constructorName: string | null, name: unknown, tag: string): string {
  let text = stack;
  const nameText = String(name);
  let length = nameText.length;
  if (typeof name !== 'string') {
    text = text.replace(nameText, `${nameText} [${getPrefix(constructorName, tag, 'Error').slice(0, -1)}]`);
  }
  const looksNormal =
    nameText.endsWith('Error') &&
    text.startsWith(nameText) &&
    (text.length === length || text[length] === ':' || text[length] === '\n');
  if (constructorName !== null && !looksNormal) return text;
  let fallback = 'Error';
  if (constructorName === null) {
    const start =
      /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n {4}at)/.exec(text) ?? /^([a-z_A-Z0-9-]*Error)$/.exec(text);
    fallback = start?.[1] ?? '';
    length = fallback.length;
    fallback ||= 'Error';
  }
  const prefix = getPrefix(constructorName, tag, fallback).slice(0, -1);
  if (nameText === prefix) return text;
  if (prefix.includes(nameText))
    return length === 0 ? `${prefix}: ${text}` : `${prefix}${text.slice(length)}`;
  return `${prefix} [${nameText}]${text.slice(length)}`;
}

/** Drops `name`, `message` and `stack` from the listed keys when the stack already shows them. */
function removeDuplicateErrorKeys(
  ctx: InspectContext,
  keys: PropertyKey[],
  error: ErrorLike,
  stack: string,
): void {
  if (ctx.showHidden || keys.length === 0) return;
  for (const name of ['name', 'message', 'stack'] as const) {
    const index = keys.indexOf(name);
    const value: unknown = error[name];
    if (index !== -1 && (typeof value !== 'string' || stack.includes(value))) keys.splice(index, 1);
  }
}

/** The error's text; adds `cause` and `errors` to `keys` so they are listed after it. */
export function formatError(
  ctx: InspectContext,
  error: ErrorLike,
  constructorName: string | null,
  tag: string,
  keys: PropertyKey[],
): string {
  const name: unknown = error.name ?? 'Error';
  let stack = getStackString(ctx, error);
  removeDuplicateErrorKeys(ctx, keys, error, stack);
  if ('cause' in error && !keys.includes('cause')) keys.push('cause');
  if (Array.isArray(error.errors) && !keys.includes('errors')) keys.push('errors');
  stack = improveStack(stack, constructorName, name, tag);
  const message: unknown = error.message;
  let position = (typeof message === 'string' && message && stack.indexOf(message)) || -1;
  if (position !== -1) position += (message as string).length;
  const stackStart = stack.indexOf('\n    at', position);
  if (stackStart === -1) {
    stack = `[${stack}]`;
  } else {
    const frames = getStackFrames(ctx, error, stack.slice(stackStart + 1));
    stack = `${stack.slice(0, stackStart)}\n${frames.join('\n')}`;
  }
  if (ctx.indentationLvl !== 0) stack = stack.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
  return stack;
}
