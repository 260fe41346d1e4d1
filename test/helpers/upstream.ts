/**
 * A loopback HTTP server for outbound-fetch tests (never anything but 127.0.0.1 / ::1). Routes:
 *   /echo          → JSON { method, url, headers, body } of what it received
 *   /redirect      → ?code=302&to=<location> answers with that redirect
 *   /loop          → redirects to itself
 *   /bytes         → ?n=<count> streams `count` deterministic bytes (see `expectedBytes`)
 *   /hang          → never answers
 *   /hold          → answers after 100 ms; `maxActive` records how many were held at once
 *   /trickle       → answers the head and one chunk, then stalls
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const BLOCK = Buffer.alloc(64 * 1024);
for (let index = 0; index < BLOCK.length; index++) BLOCK[index] = (index * 31 + 7) & 0xff;

/** The SHA-256 (hex) of the first `count` bytes /bytes sends. */
export function expectedHash(count: number): string {
  const hash = createHash('sha256');
  for (let sent = 0; sent < count; sent += BLOCK.length)
    hash.update(BLOCK.subarray(0, Math.min(BLOCK.length, count - sent)));
  return hash.digest('hex');
}

export interface Upstream {
  port: number;
  /** The most /hold requests in progress at one time. */
  readonly maxActive: number;
  server: Server;
  close(): Promise<void>;
}

export async function startUpstream(host = '127.0.0.1'): Promise<Upstream> {
  let active = 0;
  let maxActive = 0;
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://upstream');
    if (url.pathname === '/hang') return;
    if (url.pathname === '/hold') {
      active++;
      maxActive = Math.max(maxActive, active);
      setTimeout(() => {
        active--;
        response.end('held');
      }, 100);
      return;
    }
    if (url.pathname === '/trickle') {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.write('first');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (url.pathname === '/loop') {
      response.writeHead(302, { location: '/loop' });
      response.end();
      return;
    }
    if (url.pathname === '/redirect') {
      response.writeHead(Number(url.searchParams.get('code')), {
        location: url.searchParams.get('to') ?? '/',
      });
      response.end();
      return;
    }
    if (url.pathname === '/bytes') {
      const count = Number(url.searchParams.get('n'));
      response.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(count),
      });
      let sent = 0;
      const pump = () => {
        while (sent < count) {
          const piece = BLOCK.subarray(0, Math.min(BLOCK.length, count - sent));
          sent += piece.length;
          if (!response.write(piece)) return void response.once('drain', pump);
        }
        response.end();
      };
      pump();
      return;
    }
    response.setHeader('content-type', 'application/json');
    response.setHeader('set-cookie', ['a=1', 'b=2']);
    response.end(
      JSON.stringify({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('latin1'),
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    get maxActive() {
      return maxActive;
    },
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
