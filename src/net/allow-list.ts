/**
 * The operator's exceptions to the public-only policy: `host:port` pairs (`--allow-outbound`,
 * `NANO_ALLOW_OUTBOUND`). Hosts are normalised by the WHATWG URL parser, the same one that reads the
 * tenant's URL, so `0x7f.1:8080` and `127.0.0.1:8080` are one entry and `[::FFFF:7F00:1]` matches
 * `[::ffff:127.0.0.1]`. The port is a number or `*` (any port).
 */
import { ConfigError } from '../config/values.ts';

export interface AllowedTarget {
  /** A URL hostname: lower case, IPv4 dotted, IPv6 in brackets. */
  host: string;
  /** `null`: any port. */
  port: number | null;
}

/** A host as the URL parser serialises it, or null when it is not a valid host. */
export function normalizeHost(host: string): string | null {
  try {
    const hostname = new URL(`http://${host}/`).hostname;
    return hostname === '' ? null : hostname;
  } catch {
    return null;
  }
}

/** A bare IP address as a URL hostname (IPv6 gets its brackets). */
export function addressAsHost(address: string): string {
  return normalizeHost(address.includes(':') ? `[${address}]` : address) ?? address;
}

export function parseAllowList(subject: string, text: string): AllowedTarget[] {
  const targets: AllowedTarget[] = [];
  for (const entry of text.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const colon = entry.lastIndexOf(':');
    const portText = colon === -1 ? '' : entry.slice(colon + 1);
    const hostText = colon === -1 ? entry : entry.slice(0, colon);
    const port = portText === '*' ? null : /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
    const host = hostText.endsWith(']') || !hostText.includes(':') ? normalizeHost(hostText) : null;
    if (host === null || (port !== null && !(port >= 1 && port <= 65535))) {
      throw new ConfigError(`${subject}: "${entry}" is not host:port (a port number or *)`);
    }
    targets.push({ host, port });
  }
  return targets;
}

/** Whether `host` (a URL hostname) on `port` is on the list. */
export function isAllowed(list: readonly AllowedTarget[], host: string, port: number): boolean {
  return list.some((target) => target.host === host && (target.port === null || target.port === port));
}
