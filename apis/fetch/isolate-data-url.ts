/**
 * The Fetch standard's "data: URL processor" (section "data: URLs"): a data: URL's MIME type and body,
 * for `fetch('data:…')`. It takes the URL already parsed and serialised (its `href`).
 */
import { atob } from '../base64/isolate.ts';
import { utf8Encode } from '../encoding/isolate.ts';
import { parseMimeType, serializeMimeType } from './isolate-mime.ts';

export interface DataURL {
  /** The serialised MIME type, e.g. "text/plain;charset=US-ASCII". */
  mimeType: string;
  body: Uint8Array;
}

const PERCENT = 0x25;
const BASE64_SUFFIX = /;[\x20]*base64$/i;
const ASCII_WHITESPACE_AROUND = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;

/** Returns null for failure (the caller turns it into a network error). */
export function processDataURL(href: string): DataURL | null {
  if (!href.startsWith('data:')) return null;
  const hash = href.indexOf('#');
  const input = (hash === -1 ? href : href.slice(0, hash)).slice(5);
  const comma = input.indexOf(',');
  if (comma === -1) return null;
  let mimeType = input.slice(0, comma).replace(ASCII_WHITESPACE_AROUND, '');
  let body = percentDecode(utf8Encode(input.slice(comma + 1)));
  if (BASE64_SUFFIX.test(mimeType)) {
    const decoded = forgivingBase64Decode(isomorphicDecode(body));
    if (decoded === null) return null;
    body = decoded;
    mimeType = mimeType
      .slice(0, -6)
      .replace(/\x20+$/, '')
      .slice(0, -1);
  }
  if (mimeType.startsWith(';')) mimeType = `text/plain${mimeType}`;
  const record = parseMimeType(mimeType);
  return { mimeType: record === null ? 'text/plain;charset=US-ASCII' : serializeMimeType(record), body };
}

function isHexDigit(byte: number | undefined): boolean {
  return (
    byte !== undefined &&
    ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66))
  );
}

/** URL standard "percent-decode" a byte sequence. */
function percentDecode(input: Uint8Array): Uint8Array {
  if (!input.includes(PERCENT)) return input;
  const output = new Uint8Array(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i] as number;
    if (byte === PERCENT && isHexDigit(input[i + 1]) && isHexDigit(input[i + 2])) {
      output[length++] = Number.parseInt(
        String.fromCharCode(input[i + 1] as number, input[i + 2] as number),
        16,
      );
      i += 2;
    } else {
      output[length++] = byte;
    }
  }
  return output.slice(0, length);
}

function isomorphicDecode(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return text;
}

/** Infra "forgiving-base64 decode" (the same algorithm `atob` runs), null for failure. */
function forgivingBase64Decode(text: string): Uint8Array | null {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
