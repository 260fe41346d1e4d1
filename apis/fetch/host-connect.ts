/**
 * Where a subrequest may connect (README "Outbound fetch"): public addresses, plus the operator's
 * allow list. A `lookup`-only filter misses IP literals (Node does not call `lookup` for them), so the
 * policy is applied three times: to a literal host before the request starts, to every address DNS
 * returns (only allowed ones are handed to the socket), and to the address the socket actually
 * connected to, before a byte is written (the agents' `createConnection`).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { classifyAddress } from '../../src/net/address-policy.ts';
import { addressAsHost, isAllowed, normalizeHost } from '../../src/net/allow-list.ts';
import { outboundSettings } from './host-settings.ts';

/** The hint the refusal ends with: tenants see it, and it tells their operator what to change. */
const HINT =
  'NANO connects only to public addresses unless the operator allows the target (--allow-outbound)';

/**
 * Why `host` (as written in the URL) on `port` may not be reached at `address`, or null when it may:
 * allowed by name, allowed by address, or a public address.
 */
export function refusal(host: string, port: number, address: string): string | null {
  const { allow } = outboundSettings();
  const name = normalizeHost(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host) ?? host;
  const numeric = addressAsHost(address);
  if (isAllowed(allow, name, port) || isAllowed(allow, numeric, port)) return null;
  const why = classifyAddress(address);
  if (why === null) return null;
  const target = name === numeric ? `${name}:${port} is` : `${name}:${port} resolves to ${address}, which is`;
  return `fetch failed: ${target} not a public address (${why}). ${HINT}.`;
}

/** The refusal of a URL whose host is an IP literal (`lookup` is never called for those). */
export function literalRefusal(hostname: string, port: number): string | null {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) === 0 ? null : refusal(hostname, port, bare);
}

class RefusedError extends TypeError {}

/** DNS resolution that hands the socket only the addresses the policy lets it reach. */
function guardedLookup(port: number): LookupFunction {
  return ((hostname: string, options: LookupAllOptions, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      const refusals: string[] = [];
      const usable = addresses.filter((entry) => {
        const why = refusal(hostname, port, entry.address);
        if (why !== null) refusals.push(why);
        return why === null;
      });
      const first = usable[0];
      if (first === undefined)
        return callback(new RefusedError(refusals[0] ?? `fetch failed: ${hostname} has no address`));
      if (options.all) return callback(null, usable);
      return callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}

/** Checks the connected address before anything is written (listeners run in the order added). */
function guardSocket(socket: Socket, host: string, port: number): Socket {
  socket.once('connect', () => {
    const why = refusal(host, port, socket.remoteAddress ?? '');
    if (why !== null) socket.destroy(new RefusedError(why));
  });
  return socket;
}

interface ConnectionOptions {
  host?: string | null;
  port?: number | string | null;
}

type CreateConnection = (
  options: ConnectionOptions,
  callback?: (error: Error | null, socket: Socket) => void,
) => Socket;

/**
 * Makes `agent` resolve names through the policy and check every new socket: its own
 * `createConnection` (net.connect or tls.connect) runs with a guarded `lookup`.
 */
function guardAgent<A extends HttpAgent>(agent: A): A {
  const target = agent as unknown as { createConnection: CreateConnection };
  const create = target.createConnection.bind(agent);
  target.createConnection = (options, callback) => {
    const port = Number(options.port);
    const socket = create({ ...options, lookup: guardedLookup(port) } as ConnectionOptions, callback);
    return guardSocket(socket, options.host ?? '', port);
  };
  return agent;
}

/** Keep-alive agents shared by the thread's isolates: a kept socket was checked when it connected. */
export const agents = {
  'http:': guardAgent(new HttpAgent({ keepAlive: true })),
  'https:': guardAgent(new HttpsAgent({ keepAlive: true })),
} as const;
