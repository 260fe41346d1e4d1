/**
 * multipart/form-data (RFC 7578) for FormData bodies.
 * Serialising follows HTML §4.10.21.8 "multipart/form-data encoding algorithm": names and string values
 * get CRLF line breaks, names and filenames escape LF, CR and `"` as %0A, %0D and %22.
 * Parsing follows the Fetch body mixin ("parse bytes … per the rules of RFC 7578"), undoing that escaping;
 * it accepts a preamble and an epilogue, transport padding after a delimiter, and header names in any case.
 */
import { blobBytes, concatBytes, createFile, type File } from '../blob/isolate.ts';
import { utf8Decode, utf8Encode } from '../encoding/isolate.ts';
import { type Entry, type FormData, formDataEntries, formDataFromEntries } from './isolate.ts';

const random = Math.random;
const BOUNDARY_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CR = 0x0d;
const LF = 0x0a;
const HYPHEN = 0x2d;

/** A boundary no body is likely to contain: 24 random alphanumerics (~143 bits). */
function createBoundary(): string {
  let boundary = '----NanoFormBoundary';
  for (let i = 0; i < 24; i++) boundary += BOUNDARY_ALPHABET[Math.floor(random() * BOUNDARY_ALPHABET.length)];
  return boundary;
}

function toCrlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

function escapeFieldName(text: string): string {
  return text.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

export function serializeMultipart(formData: FormData): { bytes: Uint8Array; boundary: string } {
  const boundary = createBoundary();
  const chunks: Uint8Array[] = [];
  for (const { name, value } of formDataEntries(formData)) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeFieldName(toCrlf(name))}"`;
    if (typeof value === 'string') {
      chunks.push(utf8Encode(`${head}\r\n\r\n${toCrlf(value)}\r\n`));
      continue;
    }
    const type = value.type === '' ? 'application/octet-stream' : value.type;
    head += `; filename="${escapeFieldName(value.name)}"\r\nContent-Type: ${type}\r\n\r\n`;
    chunks.push(utf8Encode(head), blobBytes(value), utf8Encode('\r\n'));
  }
  chunks.push(utf8Encode(`--${boundary}--\r\n`));
  return { bytes: concatBytes(chunks), boundary };
}

/** Index of `needle` in `haystack` at or after `from`, or -1. */
function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0] as number;
  const last = haystack.length - needle.length;
  for (
    let index = haystack.indexOf(first, from);
    index !== -1 && index <= last;
    index = haystack.indexOf(first, index + 1)
  ) {
    let matched = 1;
    while (matched < needle.length && haystack[index + matched] === needle[matched]) matched++;
    if (matched === needle.length) return index;
  }
  return -1;
}

/** Isomorphic encode: the boundary is a MIME parameter value, a string of bytes. */
function isomorphicEncode(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Returns null when `bytes` is not a well-formed multipart/form-data body with this boundary. */
export function parseMultipart(bytes: Uint8Array, boundary: string): FormData | null {
  if (boundary === '' || boundary.length > 70) return null;
  const delimiter = isomorphicEncode(`\r\n--${boundary}`);
  // The first delimiter may open the body (no CRLF before it) or follow a preamble.
  const opening = delimiter.subarray(2);
  let position: number;
  if (indexOfBytes(bytes.subarray(0, opening.length), opening, 0) === 0) position = opening.length;
  else {
    const found = indexOfBytes(bytes, delimiter, 0);
    if (found === -1) return null;
    position = found + delimiter.length;
  }
  const entries: Entry[] = [];
  while (true) {
    if (bytes[position] === HYPHEN && bytes[position + 1] === HYPHEN) return formDataFromEntries(entries);
    while (bytes[position] === 0x20 || bytes[position] === 0x09) position++;
    if (bytes[position] !== CR || bytes[position + 1] !== LF) return null;
    position += 2;
    const headersEnd = indexOfBytes(bytes, isomorphicEncode('\r\n\r\n'), position - 2);
    if (headersEnd === -1) return null;
    const part = parsePartHeaders(utf8Decode(bytes.subarray(position, headersEnd)));
    if (part === null) return null;
    const bodyStart = headersEnd + 4;
    const bodyEnd = indexOfBytes(bytes, delimiter, bodyStart);
    if (bodyEnd === -1) return null;
    const body = bytes.subarray(bodyStart, bodyEnd);
    entries.push(partEntry(part, body));
    position = bodyEnd + delimiter.length;
  }
}

interface PartHeaders {
  name: string;
  filename: string | null;
  contentType: string | null;
}

/** The part's header lines: Content-Disposition (required, `form-data` with a name) and Content-Type. */
function parsePartHeaders(block: string): PartHeaders | null {
  let disposition: { name: string; filename: string | null } | null = null;
  let contentType: string | null = null;
  for (const line of block === '' ? [] : block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const headerName = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).replace(/^[\t ]+|[\t ]+$/g, '');
    if (headerName === 'content-disposition') disposition = parseContentDisposition(value);
    else if (headerName === 'content-type') contentType = value;
  }
  return disposition === null ? null : { ...disposition, contentType };
}

function parseContentDisposition(value: string): { name: string; filename: string | null } | null {
  const semicolon = value.indexOf(';');
  const type = (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  if (type !== 'form-data' || semicolon === -1) return null;
  const parameters = new Map<string, string>();
  let position = semicolon + 1;
  while (position < value.length) {
    while (value[position] === ' ' || value[position] === '\t' || value[position] === ';') position++;
    const equals = value.indexOf('=', position);
    if (equals === -1) break;
    const key = value.slice(position, equals).trim().toLowerCase();
    position = equals + 1;
    let parameter: string;
    if (value[position] === '"') {
      const close = value.indexOf('"', position + 1);
      if (close === -1) return null;
      parameter = value.slice(position + 1, close);
      position = close + 1;
    } else {
      const end = value.indexOf(';', position);
      parameter = value.slice(position, end === -1 ? value.length : end).trim();
      position = end === -1 ? value.length : end;
    }
    if (!parameters.has(key)) parameters.set(key, unescapeFieldName(parameter));
  }
  const name = parameters.get('name');
  if (name === undefined) return null;
  return { name, filename: parameters.get('filename') ?? null };
}

function unescapeFieldName(text: string): string {
  return text.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%22/g, '"');
}

function partEntry(part: PartHeaders, body: Uint8Array): Entry {
  if (part.filename === null) return { name: part.name, value: utf8Decode(body) };
  // A part without Content-Type is text/plain (RFC 7578 §4.4); the type is normalised as Blob's is.
  const contentType = part.contentType ?? 'text/plain';
  const type = /^[\x20-\x7E]*$/.test(contentType) ? contentType.toLowerCase() : '';
  const file: File = createFile(body.slice(), part.filename, type);
  return { name: part.name, value: file };
}
