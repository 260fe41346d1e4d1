/**
 * URL Standard §5.1–5.2: the application/x-www-form-urlencoded parser and serializer, on strings (the
 * standard works on their UTF-8 bytes; the results are the same for well-formed strings, which is what
 * every caller passes after USVString conversion).
 */
import { utf8DecodeWithoutBOM } from '../encoding/isolate.ts';

export type NameValue = [name: string, value: string];

/** Captured at load: a tenant replacing the globals must not change how NANO parses and serializes. */
const encodeComponent = encodeURIComponent;
const decodeComponent = decodeURIComponent;

export function parseUrlencoded(input: string): NameValue[] {
  const list: NameValue[] = [];
  for (const sequence of input.split('&')) {
    if (sequence === '') continue;
    const equals = sequence.indexOf('=');
    const name = equals === -1 ? sequence : sequence.slice(0, equals);
    const value = equals === -1 ? '' : sequence.slice(equals + 1);
    list.push([decodeNameOrValue(name), decodeNameOrValue(value)]);
  }
  return list;
}

function decodeNameOrValue(text: string): string {
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text;
  return spaced.includes('%') ? percentDecode(spaced) : spaced;
}

/** Runs of "%XX" sequences; a "%" without two hex digits after it stays as it is. */
const PERCENT_RUNS = /(?:%[0-9A-Fa-f]{2})+/g;

function decodeRun(run: string): string {
  try {
    return decodeComponent(run);
  } catch {
    // Not well-formed UTF-8: decode the bytes with replacement characters instead.
    const bytes = new Uint8Array(run.length / 3);
    for (let index = 0; index < bytes.length; index++) {
      bytes[index] = Number.parseInt(run.slice(index * 3 + 1, index * 3 + 3), 16);
    }
    return utf8DecodeWithoutBOM(bytes);
  }
}

/**
 * URL Standard §1.3 "percent-decode", then UTF-8 decode without BOM. Each run of "%XX" sequences is
 * decoded on its own: the text between runs is whole characters, so an incomplete UTF-8 sequence at the
 * end of a run becomes U+FFFD exactly as it would in one pass over all the bytes. decodeURIComponent
 * decodes a run that is well-formed UTF-8 (and keeps a BOM, as "without BOM" requires).
 */
export function percentDecode(text: string): string {
  return text.replace(PERCENT_RUNS, decodeRun);
}

/** The application/x-www-form-urlencoded percent-encode set leaves only these, and space becomes "+". */
const SAFE = /^[A-Za-z0-9*\-._]*$/;
/** What encodeURIComponent leaves alone but the urlencoded set encodes, and its "%20" for space. */
const ENCODE_URI_COMPONENT_EXTRAS = /[!'()~]|%20/g;

function encodeExtra(match: string): string {
  return match === '%20' ? '+' : `%${match.charCodeAt(0).toString(16).toUpperCase()}`;
}

function serializeComponent(text: string): string {
  if (SAFE.test(text)) return text;
  return encodeComponent(text).replace(ENCODE_URI_COMPONENT_EXTRAS, encodeExtra);
}

export function serializeUrlencoded(list: readonly NameValue[]): string {
  let output = '';
  for (const [name, value] of list) {
    if (output !== '') output += '&';
    output += `${serializeComponent(name)}=${serializeComponent(value)}`;
  }
  return output;
}
