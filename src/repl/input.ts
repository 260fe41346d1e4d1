/**
 * Reading REPL input as Node's REPL does: input that stops in the middle of a construct (an open
 * bracket, template or comment; a trailing operator) continues on the next line; `{ a: 1 }` alone is an
 * object literal rather than a block.
 */
import { parse } from 'acorn';

const PARSE_OPTIONS = {
  ecmaVersion: 'latest',
  sourceType: 'script',
  allowAwaitOutsideFunction: true,
  allowHashBang: true,
} as const;

interface AcornError extends SyntaxError {
  /** Where the offending token starts. */
  pos: number;
}

/** True when `source` is a prefix of a program rather than a program: the parser ran out of input. */
export function isIncomplete(source: string): boolean {
  try {
    parse(source, PARSE_OPTIONS);
    return false;
  } catch (error) {
    const { message, pos } = error as AcornError;
    if (message.startsWith('Unterminated template') || message.startsWith('Unterminated comment'))
      return true;
    return typeof pos === 'number' && pos >= source.length;
  }
}

/** `{ a: 1 }` as an expression (`({ a: 1 })`) when it parses as one, like Node's REPL; else the input. */
export function preferObjectLiteral(source: string): string {
  const trimmed = source.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return source;
  const wrapped = `(${trimmed})`;
  try {
    parse(wrapped, PARSE_OPTIONS);
    return wrapped;
  } catch {
    return source;
  }
}
