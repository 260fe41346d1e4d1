/**
 * Primitives the way Node's util.inspect writes them (lib/internal/util/inspect.js `formatPrimitive`,
 * `strEscape`): strings quoted with the first of ' " ` they do not contain, control characters and
 * lone surrogates escaped, long multi-line strings split into `'…\n' +` pieces; `-0`; `1n`.
 */

/** Strings shorter than this are never split over lines (Node's kMinLineWidth). */
const MIN_LINE_WIDTH = 16;

const ESCAPES: Readonly<Record<number, string>> = {
  8: '\\b',
  9: '\\t',
  10: '\\n',
  12: '\\f',
  13: '\\r',
  39: "\\'",
  92: '\\\\',
};

function escapeCodeUnit(code: number): string {
  return ESCAPES[code] ?? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

type Quote = "'" | '"' | '`';

function chooseQuote(text: string): Quote {
  if (!text.includes("'")) return "'";
  if (!text.includes('"')) return '"';
  if (!text.includes('`') && !text.includes('${')) return '`';
  return "'";
}

/** Escapes control characters, backslashes, lone surrogates and (unless told otherwise) single quotes. */
export function escapeText(text: string, escapeSingleQuote = true): string {
  let result = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code === 39 && escapeSingleQuote) || code === 92 || code < 32 || (code > 126 && code < 160)) {
      result += text.slice(last, i) + escapeCodeUnit(code);
      last = i + 1;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      result += `${text.slice(last, i)}\\u${code.toString(16)}`;
      last = i + 1;
    }
  }
  return result + text.slice(last);
}

/** The string as a quoted literal: the quote character chosen and escapes placed as Node does. */
export function quoteString(text: string): string {
  const quote = chooseQuote(text);
  return quote + escapeText(text, quote === "'") + quote;
}

export function formatNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : `${value}`;
}

export interface PrimitiveLayout {
  breakLength: number;
  indentationLvl: number;
  maxStringLength: number;
}

/** Any non-object value; strings quoted (and split at line breaks when long, as in Node). */
export function formatPrimitive(value: unknown, layout: PrimitiveLayout): string {
  switch (typeof value) {
    case 'string':
      return formatString(value, layout);
    case 'number':
      return formatNumber(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    default:
      return String(value);
  }
}

function formatString(value: string, layout: PrimitiveLayout): string {
  let trailer = '';
  let text = value;
  if (text.length > layout.maxStringLength) {
    const remaining = text.length - layout.maxStringLength;
    text = text.slice(0, layout.maxStringLength);
    trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
  }
  if (text.length > MIN_LINE_WIDTH && text.length > layout.breakLength - layout.indentationLvl - 4) {
    const lines = text.split(/(?<=\n)/);
    return lines.map(quoteString).join(` +\n${' '.repeat(layout.indentationLvl + 2)}`) + trailer;
  }
  return quoteString(text) + trailer;
}
