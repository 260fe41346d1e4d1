/**
 * The check Node 24's URL parser (ada) leaves out of "domain to ASCII" (URL Standard §3.5): UTS #46
 * Processing step 4 decodes every "xn--" label and validates the result, so "xn--", "xn--a" or a label
 * whose decoded form breaks the joiner (CONTEXTJ) or bidi rules is a host error. ada passes such labels
 * through unchecked (WPT toascii.json, IdnaTestV2.json). Here every "xn--" label of a special URL's host
 * is decoded (RFC 3492); the host is valid when each decodes to a non-ASCII label not itself starting with
 * "xn--", and converting the decoded domain back with ada's full UTS #46 processing (mapping, NFC,
 * validity, joiners, bidi) gives the same host.
 */
import { domainToASCII } from 'node:url';

/** RFC 3492 §5 parameters. */
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 0x80;
const MAX_INT = 0x7fffffff;

function digitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 26;
  if (code >= 0x41 && code <= 0x5a) return code - 0x41;
  if (code >= 0x61 && code <= 0x7a) return code - 0x61;
  return BASE;
}

/** RFC 3492 §6.1 "bias adaptation function". */
function adapt(delta: number, points: number, first: boolean): number {
  let scaled = first ? Math.floor(delta / DAMP) : delta >> 1;
  scaled += Math.floor(scaled / points);
  let k = 0;
  while (scaled > ((BASE - T_MIN) * T_MAX) >> 1) {
    scaled = Math.floor(scaled / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * scaled) / (scaled + SKEW));
}

/** RFC 3492 §6.2 "decoding procedure"; null on bad input or overflow, or a code point that is not a scalar value. */
export function punycodeDecode(input: string): string | null {
  const delimiter = input.lastIndexOf('-');
  const output: number[] = [];
  for (let index = 0; index < Math.max(delimiter, 0); index++) {
    const code = input.charCodeAt(index);
    if (code >= 0x80) return null;
    output.push(code);
  }
  let n = INITIAL_N;
  let i = 0;
  let bias = INITIAL_BIAS;
  for (let position = delimiter > 0 ? delimiter + 1 : 0; position < input.length; ) {
    const oldI = i;
    let weight = 1;
    for (let k = BASE; ; k += BASE) {
      if (position >= input.length) return null;
      const digit = digitValue(input.charCodeAt(position++));
      if (digit >= BASE || digit > Math.floor((MAX_INT - i) / weight)) return null;
      i += digit * weight;
      const threshold = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < threshold) break;
      if (weight > Math.floor(MAX_INT / (BASE - threshold))) return null;
      weight *= BASE - threshold;
    }
    const length = output.length + 1;
    bias = adapt(i - oldI, length, oldI === 0);
    if (Math.floor(i / length) > MAX_INT - n) return null;
    n += Math.floor(i / length);
    i %= length;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null;
    output.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...output);
}

const ACE_PREFIX = 'xn--';
const ASCII_ONLY = /^[\0-\x7f]*$/;

/** Whether the ASCII host `hostname` (as ada serialized it) survives UTS #46's checks of its "xn--" labels. */
export function hasValidAceLabels(hostname: string): boolean {
  if (!hostname.includes(ACE_PREFIX)) return true;
  const labels = hostname.split('.');
  for (const [index, label] of labels.entries()) {
    if (!label.startsWith(ACE_PREFIX)) continue;
    const decoded = punycodeDecode(label.slice(ACE_PREFIX.length));
    if (decoded === null || ASCII_ONLY.test(decoded) || decoded.startsWith(ACE_PREFIX)) return false;
    labels[index] = decoded;
  }
  return domainToASCII(labels.join('.')) === hostname;
}
