/**
 * MIME types per the MIME Sniffing standard (§4.4 "Parsing a MIME type", §4.5 "Serializing a MIME type")
 * and Fetch §3.1.7 "extract a MIME type" from a Content-Type header list.
 */
import { type Headers, headerValues } from './isolate-headers.ts';

export interface MimeType {
  type: string;
  subtype: string;
  parameters: Map<string, string>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const QUOTED_STRING_TOKENS = /^[\t\x20-\x7E\x80-\xFF]*$/;
const LEADING_HTTP_WHITESPACE = /^[\t\n\r ]+/;
const TRAILING_HTTP_WHITESPACE = /[\t\n\r ]+$/;

export function essence(mimeType: MimeType): string {
  return `${mimeType.type}/${mimeType.subtype}`;
}

/** Returns null on failure. */
export function parseMimeType(input: string): MimeType | null {
  const text = input.replace(LEADING_HTTP_WHITESPACE, '').replace(TRAILING_HTTP_WHITESPACE, '');
  const slash = text.indexOf('/');
  if (slash === -1) return null;
  const type = text.slice(0, slash);
  if (!TOKEN.test(type)) return null;
  let position = slash + 1;
  let end = text.indexOf(';', position);
  if (end === -1) end = text.length;
  const subtype = text.slice(position, end).replace(TRAILING_HTTP_WHITESPACE, '');
  if (!TOKEN.test(subtype)) return null;
  const mimeType: MimeType = {
    type: type.toLowerCase(),
    subtype: subtype.toLowerCase(),
    parameters: new Map(),
  };
  position = end;
  while (position < text.length) {
    position++;
    while (position < text.length && /[\t\n\r ]/.test(text[position] as string)) position++;
    let nameEnd = position;
    while (nameEnd < text.length && text[nameEnd] !== ';' && text[nameEnd] !== '=') nameEnd++;
    const name = text.slice(position, nameEnd).toLowerCase();
    position = nameEnd;
    if (position < text.length) {
      if (text[position] === ';') continue;
      position++;
    }
    if (position >= text.length) break;
    let value: string;
    if (text[position] === '"') {
      [value, position] = collectQuotedStringValue(text, position);
      while (position < text.length && text[position] !== ';') position++;
    } else {
      let valueEnd = text.indexOf(';', position);
      if (valueEnd === -1) valueEnd = text.length;
      value = text.slice(position, valueEnd).replace(TRAILING_HTTP_WHITESPACE, '');
      position = valueEnd;
      if (value === '') continue;
    }
    if (TOKEN.test(name) && QUOTED_STRING_TOKENS.test(value) && !mimeType.parameters.has(name)) {
      mimeType.parameters.set(name, value);
    }
  }
  return mimeType;
}

/** Fetch "collect an HTTP quoted string" with the extract-value flag set: the unescaped value and the end. */
function collectQuotedStringValue(input: string, start: number): [string, number] {
  let value = '';
  let position = start + 1;
  while (position < input.length) {
    const char = input[position] as string;
    position++;
    if (char === '"') break;
    if (char === '\\') {
      if (position >= input.length) {
        value += '\\';
        break;
      }
      value += input[position];
      position++;
    } else {
      value += char;
    }
  }
  return [value, position];
}

export function serializeMimeType(mimeType: MimeType): string {
  let serialized = essence(mimeType);
  for (const [name, value] of mimeType.parameters) {
    const written = value !== '' && TOKEN.test(value) ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
    serialized += `;${name}=${written}`;
  }
  return serialized;
}

/** Fetch "extract a MIME type" from a header list; null on failure. */
export function extractMimeType(headers: Headers): MimeType | null {
  const values = headerValues(headers, 'content-type');
  if (values === null) return null;
  let charset: string | null = null;
  let currentEssence: string | null = null;
  let mimeType: MimeType | null = null;
  for (const value of values) {
    const candidate = parseMimeType(value);
    if (candidate === null || essence(candidate) === '*/*') continue;
    mimeType = candidate;
    if (essence(mimeType) !== currentEssence) {
      charset = mimeType.parameters.get('charset') ?? null;
      currentEssence = essence(mimeType);
    } else if (!mimeType.parameters.has('charset') && charset !== null) {
      mimeType.parameters.set('charset', charset);
    }
  }
  return mimeType;
}
