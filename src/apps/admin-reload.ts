/**
 * `POST <prefix>/reload` (`/_nano/reload` when the built-ins sit at the root): reloads the apps and
 * answers the ReloadReport as JSON. It exists only when NANO_ADMIN_TOKEN is set, and takes
 * `Authorization: Bearer <token>` (RFC 6750 §2.1); anything else gets 401 with `WWW-Authenticate`
 * (§3). Other requests pass on to the dispatcher unchanged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Exchange, IncomingRequest } from '../server/exchange.ts';
import type { RequestSink } from '../server/read-request.ts';
import { writeError, writeResponse } from '../server/write-response.ts';
import type { ReloadReport } from './registry.ts';

export interface AdminReloadOptions {
  /** The built-in endpoints' prefix ('' for the root). */
  prefix: string;
  token: string;
  reload(reason: string): Promise<ReloadReport>;
}

/** Digests compared in constant time: neither the token nor its length leaks through timing. */
function sameToken(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function authorization(request: IncomingRequest): string {
  for (let index = 0; index < request.headers.length; index += 2) {
    if (request.headers[index] === 'authorization') return request.headers[index + 1] as string;
  }
  return '';
}

export function adminReloadPath(prefix: string): string {
  return `${prefix === '' ? '/_nano' : prefix}/reload`;
}

export function adminReloadSink(sink: RequestSink, options: AdminReloadOptions): RequestSink {
  const path = adminReloadPath(options.prefix);
  return {
    deliver(exchange: Exchange, request: IncomingRequest) {
      if (request.method !== 'POST' || request.path !== path) {
        sink.deliver(exchange, request);
        return;
      }
      const credentials = /^Bearer\s+(\S+)\s*$/i.exec(authorization(request));
      if (credentials === null || !sameToken(credentials[1] as string, options.token)) {
        writeError(
          exchange,
          401,
          'Unauthorized: POST /reload needs Authorization: Bearer <NANO_ADMIN_TOKEN>',
          {
            headers: ['www-authenticate', 'Bearer realm="nano"'],
          },
        );
        return;
      }
      options.reload('admin endpoint').then(
        (report) =>
          writeResponse(
            exchange,
            {
              status: 200,
              statusText: 'OK',
              headers: ['content-type', 'application/json'],
              body: new TextEncoder().encode(`${JSON.stringify(report)}\n`).buffer,
            },
            false,
          ),
        (error: unknown) => {
          writeError(exchange, 500, 'Internal Server Error: the reload failed');
          sink.reportError(error);
        },
      );
    },
    reportError: (error) => sink.reportError(error),
  };
}
