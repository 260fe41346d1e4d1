/**
 * Which IP addresses a tenant's `fetch` may connect to by default: public unicast only, as workerd's
 * `Network.allow = ["public"]` ("to prevent SSRF"). Ranges from the IANA IPv4 and IPv6 Special-Purpose
 * Address Registries (RFC 6890 and its updates). Pure functions over address text.
 */

/** Why an address is not public, for the error message; `null` for a public address. */
export type AddressClass = string | null;

interface Range4 {
  base: number;
  bits: number;
  what: string;
}

function ipv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

const range4 = (cidr: string, what: string): Range4 => {
  const [base, bits] = cidr.split('/') as [string, string];
  return { base: ipv4(base) ?? 0, bits: Number(bits), what };
};

const SPECIAL_IPV4: readonly Range4[] = [
  range4('0.0.0.0/8', '"this network" (0.0.0.0/8)'),
  range4('10.0.0.0/8', 'private (10.0.0.0/8)'),
  range4('100.64.0.0/10', 'shared carrier-grade NAT (100.64.0.0/10)'),
  range4('127.0.0.0/8', 'loopback (127.0.0.0/8)'),
  range4('169.254.0.0/16', 'link-local (169.254.0.0/16)'),
  range4('172.16.0.0/12', 'private (172.16.0.0/12)'),
  range4('192.0.0.0/24', 'IETF protocol assignments (192.0.0.0/24)'),
  range4('192.0.2.0/24', 'documentation (192.0.2.0/24)'),
  range4('192.31.196.0/24', 'AS112 (192.31.196.0/24)'),
  range4('192.52.193.0/24', 'AMT (192.52.193.0/24)'),
  range4('192.88.99.0/24', '6to4 relay anycast (192.88.99.0/24)'),
  range4('192.168.0.0/16', 'private (192.168.0.0/16)'),
  range4('192.175.48.0/24', 'AS112 (192.175.48.0/24)'),
  range4('198.18.0.0/15', 'benchmarking (198.18.0.0/15)'),
  range4('198.51.100.0/24', 'documentation (198.51.100.0/24)'),
  range4('203.0.113.0/24', 'documentation (203.0.113.0/24)'),
  range4('224.0.0.0/4', 'multicast (224.0.0.0/4)'),
  range4('255.255.255.255/32', 'broadcast (255.255.255.255)'),
  range4('240.0.0.0/4', 'reserved (240.0.0.0/4)'),
];

function classifyIPv4Number(value: number): AddressClass {
  for (const range of SPECIAL_IPV4) {
    const size = 2 ** (32 - range.bits);
    if (Math.floor(value / size) === Math.floor(range.base / size)) return range.what;
  }
  return null;
}

/** The eight 16-bit groups of an IPv6 address (dotted IPv4 tail allowed), or null if it is not one. */
export function ipv6Groups(text: string): number[] | null {
  if (text.includes('%')) return null;
  let hex = text;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    // A dotted IPv4 tail (RFC 4291 §2.2 form 3) stands for the last two groups.
    const v4 = ipv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    hex = `${text.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = hex.split('::');
  if (halves.length > 2) return null;
  const convert = (part: string) =>
    part === ''
      ? []
      : part
          .split(':')
          .map((piece) => (/^[0-9a-f]{1,4}$/i.test(piece) ? Number.parseInt(piece, 16) : Number.NaN));
  const left = convert(halves[0] ?? '');
  const right = halves.length === 2 ? convert(halves[1] ?? '') : [];
  const present = left.length + right.length;
  let groups: number[];
  if (halves.length === 2) {
    if (present > 7) return null;
    groups = [...left, ...new Array<number>(8 - present).fill(0), ...right];
  } else {
    if (present !== 8) return null;
    groups = left;
  }
  return groups.some(Number.isNaN) ? null : groups;
}

function embeddedIPv4(high: number, low: number): number {
  return high * 65536 + low;
}

function prefixMatches(groups: number[], prefix: readonly number[], bits: number): boolean {
  for (let index = 0; bits > 0; index++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if (((groups[index] ?? 0) & mask) !== ((prefix[index] ?? 0) & mask)) return false;
  }
  return true;
}

const SPECIAL_IPV6: readonly { prefix: number[]; bits: number; what: string }[] = [
  { prefix: [0x64, 0xff9b, 1], bits: 48, what: 'local-use NAT64 (64:ff9b:1::/48)' },
  { prefix: [0x100], bits: 64, what: 'discard-only (100::/64)' },
  { prefix: [0x2001], bits: 23, what: 'IETF protocol assignments, Teredo included (2001::/23)' },
  { prefix: [0x2001, 0xdb8], bits: 32, what: 'documentation (2001:db8::/32)' },
  { prefix: [0x3fff], bits: 20, what: 'documentation (3fff::/20)' },
  { prefix: [0x5f00], bits: 16, what: 'SRv6 SIDs (5f00::/16)' },
  { prefix: [0xfc00], bits: 7, what: 'unique-local (fc00::/7)' },
  { prefix: [0xfe80], bits: 10, what: 'link-local (fe80::/10)' },
  { prefix: [0xfec0], bits: 10, what: 'site-local (fec0::/10)' },
  { prefix: [0xff00], bits: 8, what: 'multicast (ff00::/8)' },
];

function classifyIPv6Groups(groups: number[]): AddressClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 0) return 'unspecified (::)';
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 1) return 'loopback (::1)';
  // A tenant must not reach an IPv4 host through its IPv6 spelling: mapped and compatible forms are
  // refused outright, whatever IPv4 address they carry (workerd refuses ::ffff:127.0.0.1 as well).
  if (firstFiveZero && g5 === 0xffff) return 'IPv4-mapped IPv6 (::ffff:0:0/96)';
  if (firstFiveZero && g5 === 0) return 'IPv4-compatible IPv6 (::/96)';
  // NAT64 (RFC 6052) and 6to4 (RFC 3056) reach the IPv4 address they embed: judge that one.
  if (prefixMatches(groups, [0x64, 0xff9b, 0, 0, 0, 0], 96)) {
    const inner = classifyIPv4Number(embeddedIPv4(g6, g7));
    return inner === null ? null : `NAT64 of ${inner}`;
  }
  if (g0 === 0x2002) {
    const inner = classifyIPv4Number(embeddedIPv4(g1, g2));
    return inner === null ? null : `6to4 of ${inner}`;
  }
  for (const range of SPECIAL_IPV6) if (prefixMatches(groups, range.prefix, range.bits)) return range.what;
  // Everything outside global unicast (2000::/3) is reserved by IANA.
  if ((g0 & 0xe000) !== 0x2000) return 'reserved IPv6 (outside 2000::/3)';
  return null;
}

/**
 * Why `address` (an IPv4 dotted quad or IPv6 text, brackets allowed) is not a public address, or null
 * when it is one. Text that is not an IP address at all is refused too.
 */
export function classifyAddress(address: string): AddressClass {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const v4 = ipv4(text);
  if (v4 !== null) return classifyIPv4Number(v4);
  const groups = ipv6Groups(text);
  if (groups === null) return `not an IP address (${address})`;
  return classifyIPv6Groups(groups);
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === null;
}
